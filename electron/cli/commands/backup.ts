import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openDatabase } from '../../core/db/open';
import { verifyHistory } from '../../core/history/verify';
import { keyFileFor } from '../../core/keys';
import { CliError, openForCli, run } from '../common';
import { resolveKey } from '../../core/keys';

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
        const tmp = `${out}.partial`;
        try {
          // VACUUM INTO writes a consistent snapshot encrypted with the same key (the backup API would not).
          core.ctx.db.prepare('VACUUM INTO ?').run(tmp);
        } catch (error) {
          fs.rmSync(tmp, { force: true });
          throw new CliError(`Could not write the backup to ${out}: ${(error as Error).message}`);
        } finally {
          core.close();
        }
        const { key } = resolveKey(path.resolve(opts.db));
        const copy = openDatabase(tmp, key, { readonly: true });
        const result = verifyHistory(copy);
        copy.close();
        if (!result.ok) {
          fs.rmSync(tmp, { force: true });
          throw new CliError('The backup did not verify; it has been removed. Run "plumbline verify" on the database.');
        }
        fs.renameSync(tmp, out);
        if (!process.env.PLUMBLINE_KEY) fs.copyFileSync(keyFileFor(path.resolve(opts.db)), keyFileFor(out));
        console.log(`Backup written to ${out} and verified: ${result.rows} history rows, head hash ${result.headHash}.`);
      }),
    );
}
