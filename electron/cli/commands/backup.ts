import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openDatabase } from '../../core/db/open';
import { writeVerifiedCopy } from '../../core/db/snapshot';
import { verifyHistory } from '../../core/history/verify';
import { keyFileFor, resolveKey } from '../../core/keys';
import { CliError, openForCli, run } from '../common';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('make an online, encrypted backup and verify it after writing')
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--out <file>', 'backup file to write (must not exist)')
    .action((opts: { db: string; out: string }) =>
      run(() => {
        const out = path.resolve(opts.out);
        if (fs.existsSync(out)) throw new CliError(`${out} already exists; choose a new file name for the backup.`);
        if (!fs.existsSync(path.dirname(out))) throw new CliError(`The folder ${path.dirname(out)} does not exist.`);
        const core = openForCli(opts.db);
        const { key } = resolveKey(path.resolve(opts.db));
        try {
          // A consistent snapshot (VACUUM INTO, same key), checked (quick_check, same history) before it is renamed into place.
          writeVerifiedCopy(core.ctx.db, key, out);
        } finally {
          core.close();
        }
        const copy = openDatabase(out, key, { readonly: true });
        const result = verifyHistory(copy);
        copy.close();
        if (!result.ok) {
          fs.rmSync(out, { force: true });
          throw new CliError('The backup did not verify; it has been removed. Run "plumbline verify" on the database.');
        }
        if (!process.env.PLUMBLINE_KEY) fs.copyFileSync(keyFileFor(path.resolve(opts.db)), keyFileFor(out));
        console.log(`Backup written to ${out} and verified: ${result.rows} history rows, head hash ${result.headHash}.`);
      }),
    );
}
