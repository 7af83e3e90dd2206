import type { Command } from 'commander';
import type { FiguresFilter, ModerationFigures } from '../../../shared/api/moderation';
import type { Figures } from '../../../shared/domain/calibration';
import { formatUkDate, parseUkDate } from '../../../shared/domain/dates';
import type { Db } from '../../core/db/open';
import { moderationFigures } from '../../core/moderation/figures';
import { prepared } from '../../core/write';
import { CliError, openForCli, printJson, run } from '../common';

interface StatsOptions {
  db: string;
  from?: string;
  to?: string;
  team?: string;
  auditor?: string;
  section?: string;
  programme?: string;
  json?: boolean;
}

function date(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const iso = parseUkDate(text);
  if (!iso) throw new CliError(`${flag} "${text}" is not a date. Write it as 2026-11-23 or 23/11/2026.`);
  return iso;
}

function resolveTeam(db: Db, team: string | undefined): string | undefined {
  if (team === undefined) return undefined;
  const teams = (prepared(db, 'SELECT DISTINCT team FROM cases ORDER BY team').all() as { team: string }[]).map((r) => r.team);
  const hit = teams.find((t) => t.toLowerCase() === team.trim().toLowerCase());
  if (!hit) throw new CliError(`There is no team called "${team}". Teams: ${teams.join(', ') || 'none yet'}.`);
  return hit;
}

function resolveAuditor(db: Db, who: string | undefined): string | undefined {
  if (who === undefined) return undefined;
  const users = prepared(db, 'SELECT id, name FROM users ORDER BY name').all() as { id: string; name: string }[];
  const wanted = who.trim().toLowerCase();
  const hit = users.find((u) => u.id === who.trim()) ?? users.find((u) => u.name.toLowerCase() === wanted);
  if (!hit) throw new CliError(`There is no auditor "${who}" (give their full name or id). People: ${users.map((u) => u.name).join(', ') || 'none yet'}.`);
  return hit.id;
}

function resolveProgramme(db: Db, programme: string | undefined): string | undefined {
  if (programme === undefined) return undefined;
  const rows = prepared(db, 'SELECT id, name FROM programmes ORDER BY name').all() as { id: string; name: string }[];
  const hit = rows.find((p) => p.id === programme.trim()) ?? rows.find((p) => p.name.toLowerCase() === programme.trim().toLowerCase());
  if (!hit) throw new CliError(`There is no programme "${programme}". Programmes: ${rows.map((p) => p.name).join(', ') || 'none yet'}.`);
  return hit.id;
}

/** The filter the options describe, checked against the database. */
export function filterFromOptions(db: Db, opts: StatsOptions): FiguresFilter {
  const from = date('--from', opts.from);
  const to = date('--to', opts.to);
  if (from && to && from > to) throw new CliError(`--from (${formatUkDate(from)}) is after --to (${formatUkDate(to)}). Swap them.`);
  let section = opts.section?.trim().toLowerCase();
  if (section !== undefined) {
    if (/^\d{1,2}$/.test(section)) section = `s${section}`;
    if (!/^(s\d{1,2}|overall)$/.test(section)) throw new CliError(`--section "${opts.section}" is not a section: use 1 to 10 (or s1 … s10), or overall.`);
  }
  return {
    from,
    to,
    team: resolveTeam(db, opts.team),
    auditorId: resolveAuditor(db, opts.auditor),
    section,
    programmeId: resolveProgramme(db, opts.programme),
  };
}

/** The JSON the CLI prints: the page's figures, under the names the issue gives. */
export function statsJson(f: ModerationFigures) {
  return {
    n: f.n,
    exactAgreement: f.exactAgreement,
    withinOne: f.withinOne,
    meanShift: f.meanShift,
    movedDown: f.movedDown,
    kappaQuadratic: f.kappaQuadratic,
    reliable: f.reliable,
    note: f.note,
    bySection: f.bySection,
    byAuditor: f.byAuditor,
  };
}

const pct = (v: number | null): string => (v === null ? '—' : `${v.toFixed(1)}%`);
const num = (v: number | null, d: number): string => (v === null ? '—' : (v > 0 && d === 2 ? '+' : '') + v.toFixed(d));

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const figureCells = (f: Figures): string[] => [
  `${f.n}${f.reliable ? '' : '*'}`,
  pct(f.exactAgreement),
  pct(f.withinOne),
  num(f.meanShift, 2),
  pct(f.movedDown),
  num(f.kappaQuadratic, 3),
];
const HEAD = ['pairs', 'exact', 'within one', 'mean shift', 'moved down', 'kappa (quadratic)'];

export function statsText(f: ModerationFigures, filter: FiguresFilter): string {
  const period = filter.from || filter.to ? `${filter.from ? formatUkDate(filter.from) : 'the start'} to ${filter.to ? formatUkDate(filter.to) : 'today'}` : 'all time';
  const out = [
    `Moderation figures: ${f.audits} moderated audit${f.audits === 1 ? '' : 's'}, ${period}`,
    '',
    table(['', ...HEAD], [['All pairs', ...figureCells(f)]]),
    '',
    table(['Section', ...HEAD], f.bySection.map((s) => [s.title, ...figureCells(s)])),
    '',
    table(['Auditor', ...HEAD], f.byAuditor.map((a) => [a.name, ...figureCells(a)])),
    '',
    'Mean shift = agreed − auditor grade; positive means the auditor was too generous.',
  ];
  if (!f.reliable || f.bySection.some((s) => !s.reliable) || f.byAuditor.some((a) => !a.reliable)) out.push('* Fewer than 10 pairs: this figure is unreliable.');
  return out.join('\n');
}

export function registerStats(program: Command): void {
  const stats = program.command('stats').description('figures from the database');
  stats
    .command('moderation')
    .description('moderation (calibration) figures: agreement, mean shift, moved down, quadratic kappa; the same numbers as the calibration page')
    .requiredOption('--db <file>', 'Plumbline database')
    .option('--from <date>', 'agreed on or after this date (2026-11-23 or 23/11/2026)')
    .option('--to <date>', 'agreed on or before this date')
    .option('--team <team>', "the case's team")
    .option('--auditor <name>', "the auditor's full name or id")
    .option('--section <section>', 'one template section (1 to 10) or overall')
    .option('--programme <programme>', 'an audit programme, by name or id')
    .option('--json', 'print the figures as JSON')
    .action((opts: StatsOptions) =>
      run(() => {
        date('--from', opts.from);
        date('--to', opts.to);
        const core = openForCli(opts.db);
        try {
          const filter = filterFromOptions(core.ctx.db, opts);
          const figures = moderationFigures(core.ctx, filter);
          if (opts.json) printJson(statsJson(figures));
          else console.log(statsText(figures, filter));
        } finally {
          core.close();
        }
      }),
    );
}
