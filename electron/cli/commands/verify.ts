import path from 'node:path';
import type { Command } from 'commander';
import { openDatabase } from '../../core/db/open';
import { verifyHistory } from '../../core/history/verify';
import { resolveKey } from '../../core/keys';
import { printJson, run } from '../common';
import { explainOpenFailure } from '../recovery';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check the database integrity, every device’s hash chain, and that replaying the change log gives the tables, read-only (exit 0 when sound, 1 when not)')
    .requiredOption('--db <file>', 'Plumbline database')
    .option('--json', 'print the result as JSON')
    .action((opts: { db: string; json?: boolean }) =>
      run(() => {
        const file = path.resolve(opts.db);
        const { key } = resolveKey(file);
        // Read-only: verify never writes a byte, never upgrades, never leaves -wal/-shm beside the file.
        const db = explainOpenFailure(file, key, () => openDatabase(file, key, { readonly: true }));
        try {
          const result = verifyHistory(db);
          if (opts.json) printJson(result);
          else if (result.ok) {
            const chains = result.devices.length === 1 ? '1 device chain' : `${result.devices.length} device chains`;
            console.log(`Sound: integrity ${result.integrity}, ${result.rows} history rows, ${chains}, ${result.replay.rows} rows replayed, head hash ${result.headHash}`);
          } else {
            const b = result.brokenAt;
            const why = !b
              ? `integrity check: ${result.integrity}`
              : b.where === 'replay'
                ? `the log and the tables differ: ${b.reason}`
                : `history row ${b.seq} (${b.id}): ${b.reason}`;
            console.error(`NOT sound: ${why}`);
          }
          if (!result.ok) process.exitCode = 1;
        } finally {
          db.close();
        }
      }),
    );
}
