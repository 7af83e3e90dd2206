import type { Command } from 'commander';
import { AppError } from '../../core/errors';
import { joinTeam } from '../../core/teamsync/join';
import { readSyncMeta } from '../../core/teamsync/state';
import { syncNow, syncStatus } from '../../core/teamsync/sync';
import { withholdRefused } from '../../core/teamsync/withhold';
import { CliError, openForCli, printJson, run } from '../common';
import { readPassphrase } from '../passphrase';

export function registerSync(program: Command): void {
  program
    .command('join')
    .description('make this database a team member\'s laptop: sign in to the team server and receive your work (passphrase from PLUMBLINE_PASSPHRASE or standard input)')
    .requiredOption('--db <file>', 'Plumbline database (created when it does not exist)')
    .requiredOption('--server <url>', 'the team server, https://… (http:// only for this computer)')
    .requiredOption('--login <email>', 'your login on the team (your email address)')
    .action((opts: { db: string; server: string; login: string }) =>
      run(async () => {
        const passphrase = await readPassphrase(`Passphrase for ${opts.login}`);
        const core = openForCli(opts.db, { create: true });
        try {
          const status = await joinTeam(core.ctx, { server: opts.server, login: opts.login, passphrase });
          console.log(`Joined ${status.server} as ${status.personName}: this laptop is now theirs.`);
          if (status.refused) console.log(`The first sync was refused: ${status.refused.message}`);
          else if (status.offlineSince) console.log('The server stopped answering during the first sync: run "plumbline sync" later.');
          else console.log(`Synced at ${status.syncedAt}.`);
          const h = readSyncMeta(core.ctx).handover;
          if (h && h.done >= h.upTo) console.log(handoverLine(h.sent, h.alreadyThere, h.declined.length));
        } finally {
          core.close();
        }
      }),
    );

  program
    .command('sync')
    .description('send this laptop\'s changes to its team server and receive what its person may see')
    .requiredOption('--db <file>', 'Plumbline database that has joined a team')
    .option('--json', 'print {pushed, pulled, conflicts, cursor} as JSON')
    .option('--withhold <seq>', 'stop sending the change the team server refused (its number is in the refusal); needs --yes')
    .option('--yes', 'confirm --withhold: the change stays on this laptop only, and that choice is recorded')
    .action((opts: { db: string; json?: boolean; withhold?: string; yes?: boolean }) =>
      run(async () => {
        const core = openForCli(opts.db);
        try {
          if (opts.withhold !== undefined) {
            const seq = Number(opts.withhold);
            if (!Number.isInteger(seq) || seq < 1) throw new CliError(`--withhold takes the refused change's number, not "${opts.withhold}".`);
            if (!opts.yes) throw new CliError(`Withholding change ${seq} keeps it on this laptop only and records that you chose so: add --yes to confirm.`);
            try {
              withholdRefused(core.ctx, seq);
            } catch (error) {
              if (error instanceof AppError) throw new CliError(error.message);
              throw error;
            }
            console.log(`Change ${seq} will not be sent; it stays on this laptop. Syncing the rest.`);
          }
          const report = await syncNow(core.ctx).catch((error: unknown) => {
            if (error instanceof AppError) throw new CliError(error.message);
            throw error;
          });
          if (opts.json) printJson(report);
          else {
            const waiting = syncStatus(core.ctx).waiting;
            console.log(`Sent ${report.pushed} change(s), received ${report.pulled}, ${report.conflicts} new conflict(s); ${waiting} waiting. Cursor ${report.cursor}.`);
            if (report.handedOver) console.log(handoverLine(report.handedOver.sent, report.handedOver.alreadyThere, report.handedOver.declined));
          }
        } finally {
          core.close();
        }
      }),
    );
}

/** What joining handed over (decision 56): declined changes stay on this laptop. */
function handoverLine(sent: number, there: number, declined: number): string {
  const kept = declined > 0 ? `; ${declined} the server declined (their authors are not on the team) stay on this laptop only` : '';
  return `Handed over what this laptop held before joining: ${sent} change(s) sent, ${there} already on the server${kept}.`;
}
