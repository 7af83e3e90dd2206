import type { Command } from 'commander';
import type { StartExportInput } from '../../../shared/api/exports';
import { parseUkDate } from '../../../shared/domain/dates';
import { cancel } from '../../core/exports/jobs';
import { startExport } from '../../core/exports/service';
import { CliError, openForCli, printJson, progressLine, run } from '../common';

interface Common {
  db: string;
  out: string;
  json?: boolean;
}

function date(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const iso = parseUkDate(value);
  if (!iso) throw new CliError(`${flag} ${value} is not a date: use YYYY-MM-DD or DD/MM/YYYY.`);
  return iso;
}

/** Runs one export to completion in a worker, with a progress line on a terminal; Ctrl+C cancels and leaves no file. */
async function exportTo(opts: Common, input: StartExportInput, label: string): Promise<void> {
  const core = openForCli(opts.db);
  try {
    const show = progressLine(label);
    const job = startExport(core.ctx, { ...input, outPath: opts.out } as StartExportInput, {
      overwrite: true,
      onProgress: (p) => {
        if (p.state === 'running') show(Math.min(p.done, p.total - 1), p.total);
      },
    });
    const onSignal = () => void cancel(job.id);
    process.once('SIGINT', onSignal);
    const result = await job.finished;
    process.off('SIGINT', onSignal);
    if (result.state === 'cancelled') throw new CliError('Export cancelled: nothing was saved.');
    if (result.state !== 'done' || !result.file) throw new CliError(`Export failed: ${result.error ?? 'unknown error'}. Nothing was saved.`);
    show(result.total, result.total);
    const f = result.file;
    if (opts.json) printJson({ file: f.path, bytes: f.bytes, pages: f.pages, parts: f.parts, headHash: result.headHash, exportId: result.jobId });
    else {
      const size = f.bytes > 1024 * 1024 ? `${(f.bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(f.bytes / 1024)} KB`;
      console.log(`Saved ${f.path}${f.pages ? ` (${f.pages} pages, ${size})` : f.parts.length ? ` (${f.parts.join(', ')})` : ` (${size})`}`);
      if (result.headHash) console.log(`History head hash printed in it: ${result.headHash}`);
    }
  } finally {
    core.close();
  }
}

export function registerExport(program: Command): void {
  const cmd = program.command('export').description('export an audit report or an audit pack (PDF), or the data (CSV or XLSX)');
  cmd
    .command('report')
    .description('one audit as a PDF report')
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--audit <id>', 'the audit ID')
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--json', 'print the result as JSON')
    .action((opts: Common & { audit: string }) => run(() => exportTo(opts, { kind: 'report', auditId: opts.audit }, 'Audit report')));
  cmd
    .command('pack')
    .description('an audit pack PDF for a programme, a team or a period (or all submitted audits)')
    .requiredOption('--db <file>', 'Plumbline database')
    .option('--programme <id>', 'the programme ID')
    .option('--team <team>', 'the team name')
    .option('--from <date>', 'audits dated on or after this day')
    .option('--to <date>', 'audits dated on or before this day')
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--json', 'print the result as JSON')
    .action((opts: Common & { programme?: string; team?: string; from?: string; to?: string }) =>
      run(() =>
        exportTo(opts, { kind: 'pack', programmeId: opts.programme, team: opts.team, from: date(opts.from, '--from'), to: date(opts.to, '--to') }, 'Audit pack'),
      ),
    );
  cmd
    .command('data')
    .description('cases, audits, grades, actions and moderation as CSV files (a folder) or one XLSX workbook')
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--format <format>', 'csv or xlsx')
    .requiredOption('--out <dir-or-file>', 'a folder for CSV, a .xlsx file for XLSX')
    .option('--json', 'print the result as JSON')
    .action((opts: Common & { format: string }) =>
      run(() => {
        if (opts.format !== 'csv' && opts.format !== 'xlsx') throw new CliError(`--format must be csv or xlsx, not ${opts.format}.`);
        return exportTo(opts, { kind: 'data', format: opts.format }, `Data (${opts.format.toUpperCase()})`);
      }),
    );
}
