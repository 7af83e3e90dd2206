import type { Command } from 'commander';
import type { AllocationSummary, Programme, ProgrammePage, SamplePreview } from '../../../shared/api/programmes';
import { formatUkDate } from '../../../shared/domain/dates';
import { prepared } from '../../core/write';
import { CliError, openForCli, printJson, run, unwrap, type CliCore } from '../common';

async function withCore(db: string, body: (core: CliCore) => Promise<void>): Promise<void> {
  const core = openForCli(db);
  try {
    await body(core);
  } finally {
    core.close();
  }
}

const list = (value: string | undefined): string[] => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : []);

function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${flag} must be a whole number of 0 or more, not "${value}".`);
  return n;
}

/** Case references (as users type them) → ids; unknown references are refused by name. */
function caseIds(core: CliCore, references: string[]): string[] {
  return references.map((ref) => {
    const row = prepared(core.ctx.db, 'SELECT id FROM cases WHERE reference = ?').get(ref) as { id: string } | undefined;
    if (!row) throw new CliError(`There is no case with the reference "${ref}".`);
    return row.id;
  });
}

function registerCreate(cmd: Command): void {
  cmd
    .command('create')
    .description('create an audit programme (monthly, thematic or multi-agency)')
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--name <name>', 'programme name, e.g. "Thematic audit: pre-birth"')
    .requiredOption('--type <type>', 'monthly, thematic or multi-agency')
    .option('--theme <theme>', 'theme of a thematic programme, e.g. pre-birth, neglect, young carers, exploitation')
    .option('--partners <list>', 'partner agencies of a multi-agency programme, comma-separated')
    .option('--template <id>', 'published template version to use (default: the newest published)')
    .option('--start <date>', 'period start, YYYY-MM-DD')
    .option('--end <date>', 'period end, YYYY-MM-DD')
    .option('--due <date>', 'due date, YYYY-MM-DD')
    .option('--status <status>', 'planned, open or closed', 'planned')
    .option('--json', 'print the new programme as JSON')
    .action((o: Record<string, string | boolean | undefined>) =>
      run(() =>
        withCore(o.db as string, async (core) => {
          const programme = unwrap(
            await core.dispatch('programmes:create', {
              name: o.name,
              type: o.type,
              theme: o.theme ?? '',
              partnerAgencies: list(o.partners as string | undefined),
              templateId: o.template,
              periodStart: o.start,
              periodEnd: o.end,
              dueDate: o.due,
              status: o.status,
            }),
          ) as Programme;
          if (o.json) printJson(programme);
          else console.log(`Created "${programme.name}" (${programme.type}${programme.theme ? `, ${programme.theme}` : ''}) with id ${programme.id}, using ${programme.templateName} version ${programme.templateVersion}.`);
        }),
      ),
    );
}

function registerSample(cmd: Command): void {
  cmd
    .command('sample')
    .description('draw a stratified random sample of cases for a programme and fix it (the seed is recorded)')
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--programme <id>', 'programme id')
    .requiredOption('--seed <n>', 'random seed (the same seed on the same register gives the same sample)')
    .option('--per-stratum <n>', 'cases per stratum (default 2 unless --share or --total)')
    .option('--share <fraction>', 'share of each stratum, 0 to 1, rounded up')
    .option('--total <n>', 'a total spread over strata in proportion to their size')
    .option('--strata <list>', 'strata: team, caseType, ageBand (comma-separated)', 'team,caseType')
    .option('--teams <list>', 'only these teams (comma-separated)')
    .option('--case-types <list>', 'only these case types, e.g. cp,pre-birth')
    .option('--include <refs>', 'recently audited cases to include on purpose (case references, comma-separated)')
    .option('--preview', 'show the sample without fixing it')
    .option('--replace', 'replace a sample already fixed (cases nobody has started are taken out)')
    .option('--json', 'print the chosen case references by stratum as JSON')
    .action((o: Record<string, string | boolean | undefined>) =>
      run(() =>
        withCore(o.db as string, async (core) => {
          const seed = Number(o.seed);
          if (!Number.isInteger(seed)) throw new CliError(`--seed must be a whole number, not "${String(o.seed)}".`);
          const share = o.share === undefined ? undefined : Number(o.share);
          if (share !== undefined && !(share >= 0 && share <= 1)) throw new CliError(`--share must be between 0 and 1, not "${String(o.share)}".`);
          const total = wholeNumber(o.total as string | undefined, '--total');
          let perStratum = wholeNumber(o['perStratum'] as string | undefined, '--per-stratum');
          if (perStratum === undefined && share === undefined && total === undefined) perStratum = 2;
          const options = {
            programmeId: o.programme as string,
            seed,
            strataBy: list(o.strata as string) as ('team' | 'caseType' | 'ageBand')[],
            perStratum,
            share,
            total,
            teams: list(o.teams as string | undefined),
            caseTypes: list(o['caseTypes'] as string | undefined),
            includeRecentlyAudited: caseIds(core, list(o.include as string | undefined)),
          };
          const preview = unwrap(await core.dispatch('programmes:samplePreview', options)) as SamplePreview;
          let page: ProgrammePage | null = null;
          if (!o.preview) page = unwrap(await core.dispatch('programmes:fixSample', { ...options, replace: !!o.replace })) as ProgrammePage;
          const out = {
            programmeId: options.programmeId,
            programme: page?.programme.name,
            seed: preview.seed,
            fixed: !o.preview,
            recentCutoff: preview.recentCutoff,
            chosen: preview.chosenCount,
            shortfall: preview.shortfall,
            leftOutRecentlyAudited: preview.recentlyAudited.filter((r) => !r.included).length,
            strata: preview.strata.map((s) => ({
              stratum: s.label,
              requested: s.requested,
              available: s.available,
              short: s.short,
              message: s.message,
              references: s.chosen.map((c) => c.reference),
            })),
          };
          if (o.json) return printJson(out);
          for (const s of out.strata) console.log(`${s.stratum}: ${s.references.join(', ') || '(none)'}${s.message ? `  — ${s.message}` : ''}`);
          console.log(`${out.chosen} cases chosen with seed ${out.seed}${out.fixed ? ' and fixed' : ' (preview only: nothing saved)'}; audited after ${formatUkDate(out.recentCutoff)} left out: ${out.leftOutRecentlyAudited}.`);
        }),
      ),
    );
}

function registerAllocate(cmd: Command): void {
  cmd
    .command('allocate')
    .description("give each of a programme's cases an auditor: even load, never a case from a team they manage (exit code 3 when some could not be allocated)")
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--programme <id>', 'programme id')
    .option('--json', 'print the allocation as JSON')
    .action((o: { db: string; programme: string; json?: boolean }) =>
      run(() =>
        withCore(o.db, async (core) => {
          const summary = unwrap(await core.dispatch('programmes:allocate', { programmeId: o.programme })) as AllocationSummary;
          const page = unwrap(await core.dispatch('programmes:get', { id: o.programme })) as ProgrammePage;
          const out = {
            programmeId: o.programme,
            programme: page.programme.name,
            allocated: summary.allocated,
            cases: page.cases.map((c) => ({ reference: c.reference, team: c.team, auditor: c.auditorName })),
            load: summary.load.map((l) => ({ auditor: l.name, cases: l.here, openElsewhere: l.openElsewhere })),
            unassigned: summary.unassigned.map((u) => ({ reference: u.reference, reason: u.reason })),
          };
          if (out.unassigned.length > 0) process.exitCode = 3;
          if (o.json) return printJson(out);
          for (const l of out.load) console.log(`${l.auditor}: ${l.cases} cases here, ${l.openElsewhere} open elsewhere`);
          for (const u of out.unassigned) console.log(`Not allocated: ${u.reference} — ${u.reason}`);
          console.log(`${out.allocated} cases allocated in "${out.programme}".`);
        }),
      ),
    );
}

export function registerProgramme(program: Command): void {
  const cmd = program.command('programme').description('audit programmes: create, sample and allocate');
  registerCreate(cmd);
  registerSample(cmd);
  registerAllocate(cmd);
  cmd
    .command('list')
    .description('list programmes')
    .requiredOption('--db <file>', 'Plumbline database')
    .option('--json', 'print as JSON')
    .action((o: { db: string; json?: boolean }) =>
      run(() =>
        withCore(o.db, async (core) => {
          const rows = unwrap(await core.dispatch('programmes:list', {})) as { id: string; name: string; status: string; progress: { total: number } }[];
          if (o.json) return printJson(rows);
          for (const p of rows) console.log(`${p.id}  ${p.name} (${p.status}, ${p.progress.total} cases)`);
        }),
      ),
    );
}
