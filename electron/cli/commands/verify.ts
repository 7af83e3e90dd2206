import type { Command } from 'commander';
import { verifyHistory } from '../../core/history/verify';
import { openForCli, printJson, run } from '../common';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check the database integrity and the history hash chain (exit 0 when sound, 1 when not)')
    .requiredOption('--db <file>', 'Plumbline database')
    .option('--json', 'print the result as JSON')
    .action((opts: { db: string; json?: boolean }) =>
      run(() => {
        const core = openForCli(opts.db);
        try {
          const result = verifyHistory(core.ctx.db);
          if (opts.json) printJson(result);
          else if (result.ok) console.log(`Sound: integrity ${result.integrity}, ${result.rows} history rows, head hash ${result.headHash}`);
          else {
            const why = result.brokenAt
              ? `history row ${result.brokenAt.seq} (${result.brokenAt.id}): ${result.brokenAt.reason}`
              : `integrity check: ${result.integrity}`;
            console.error(`NOT sound: ${why}`);
          }
          if (!result.ok) process.exitCode = 1;
        } finally {
          core.close();
        }
      }),
    );
}
