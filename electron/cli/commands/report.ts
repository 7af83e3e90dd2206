import type { Command } from 'commander';
import { ACTION_STATUSES, type ActionRow, type DriftCaseRow } from '../../../shared/api/actions';
import { formatUkDate } from '../../../shared/domain/dates';
import { driftReport, todayOf, trackerList } from '../../core/actions/reports';
import { CliError, openForCli, printJson, run } from '../common';

const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A plain text table: a header row, a rule, then rows, columns padded to their widest cell. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function printDrift(today: string, cases: DriftCaseRow[]): void {
  if (cases.length === 0) {
    console.log(`No drifting cases on ${formatUkDate(today)}.`);
    return;
  }
  console.log(`${cases.length} drifting case${cases.length === 1 ? '' : 's'} on ${formatUkDate(today)}:\n`);
  for (const c of cases) {
    console.log(`${c.caseReference}  (${c.team}${c.worker ? `, ${c.worker}` : ''})`);
    for (const r of c.reasons) console.log(`  - ${r.message}`);
  }
}

function printActions(today: string, rows: ActionRow[], overdueOnly: boolean): void {
  if (rows.length === 0) {
    console.log(overdueOnly ? `No overdue actions on ${formatUkDate(today)}.` : 'No actions match.');
    return;
  }
  console.log(
    table(
      ['Case', 'Action', 'Owner', 'Team', 'Due', 'Status', 'Overdue', 'Drifting'],
      rows.map((a) => [
        a.caseReference,
        cut(a.title, 48),
        cut(`${a.ownerName} (${a.ownerRole})`, 36),
        a.team,
        formatUkDate(a.dueDate),
        a.status,
        a.overdue ? `${a.daysOverdue} days` : '',
        a.driftReasons.length ? 'yes' : '',
      ]),
    ),
  );
  console.log(`\n${rows.length} action${rows.length === 1 ? '' : 's'}, as of ${formatUkDate(today)}.`);
}

export function registerReport(program: Command): void {
  const report = program.command('report').description('reports on actions and drift (read-only)');

  report
    .command('drift')
    .description('cases that are drifting, each with its reasons')
    .requiredOption('--db <file>', 'Plumbline database')
    .option('--team <name>', 'only cases of this team')
    .option('--json', 'print JSON')
    .action((opts: { db: string; team?: string; json?: boolean }) =>
      run(() => {
        const core = openForCli(opts.db);
        try {
          const today = todayOf(core.ctx);
          const cases = driftReport(core.ctx.db, today, { team: opts.team });
          if (opts.json) printJson({ today, count: cases.length, cases });
          else printDrift(today, cases);
        } finally {
          core.close();
        }
      }),
    );

  report
    .command('actions')
    .description('actions with their owners, due dates and status')
    .requiredOption('--db <file>', 'Plumbline database')
    .option('--overdue', 'only open actions past their due date')
    .option('--team <name>', 'only actions of this team')
    .option('--owner <name>', 'only actions of this owner')
    .option('--status <status>', `only this status (${ACTION_STATUSES.join(', ')})`)
    .option('--json', 'print JSON')
    .action((opts: { db: string; overdue?: boolean; team?: string; owner?: string; status?: string; json?: boolean }) =>
      run(() => {
        if (opts.status && !(ACTION_STATUSES as readonly string[]).includes(opts.status)) {
          throw new CliError(`--status must be one of ${ACTION_STATUSES.join(', ')}, not "${opts.status}".`);
        }
        const core = openForCli(opts.db);
        try {
          const today = todayOf(core.ctx);
          const page = trackerList(core.ctx.db, today, {
            team: opts.team,
            owner: opts.owner,
            status: opts.status as ActionRow['status'] | undefined,
            overdue: opts.overdue ? true : undefined,
            sort: opts.overdue ? 'overdue' : 'due',
            dir: opts.overdue ? 'desc' : 'asc',
            limit: Number.MAX_SAFE_INTEGER,
            offset: 0,
          });
          if (opts.json) printJson({ today, count: page.total, actions: page.rows });
          else printActions(today, page.rows, Boolean(opts.overdue));
        } finally {
          core.close();
        }
      }),
    );
}
