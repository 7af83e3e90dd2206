import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CASE_FIELD_LABELS, CASE_FIELDS, REQUIRED_IMPORT_FIELDS, defaultMapping, type CaseField, type ImportMapping, type ImportResult } from '../../../shared/api/cases';
import { parseCsv } from '../../core/cases/csv';
import { CliError, openForCli, run, unwrap } from '../common';

/** --map: inline JSON ({"reference":"Case ID",…}) or the path of a file holding it. */
function readMap(value: string): ImportMapping {
  let text = value.trim();
  if (!text.startsWith('{')) {
    try {
      text = fs.readFileSync(path.resolve(value), 'utf8');
    } catch (error) {
      throw new CliError(`--map must be JSON like {"reference":"Case ID","team":"Team"} or a file holding it; could not read ${value}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--map is not valid JSON (${(error as Error).message}). Example: --map '{"reference":"Case ID","team":"Team","caseType":"Type","ageBand":"Age"}'.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError('--map must be a JSON object from field name to column heading.');
  const mapping: ImportMapping = {};
  for (const [field, header] of Object.entries(parsed)) {
    if (!(CASE_FIELDS as readonly string[]).includes(field)) {
      throw new CliError(`--map names an unknown field "${field}". Fields are: ${CASE_FIELDS.join(', ')}.`);
    }
    if (typeof header !== 'string') throw new CliError(`--map: the column for "${field}" must be a heading (a string).`);
    mapping[field as CaseField] = header;
  }
  return mapping;
}

function readCsv(file: string): string {
  try {
    const buffer = fs.readFileSync(path.resolve(file));
    return buffer.toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CliError(`Could not read the CSV file ${file}: ${why}.`);
  }
}

export function registerImportCases(program: Command): void {
  program
    .command('import-cases')
    .description('import cases from a CSV file: every row or none (exit 0 when imported, 1 when any row is wrong)')
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--csv <file>', 'CSV file exported by the case management system (first row: column headings)')
    .option('--map <json>', `which column holds each field, as JSON (or a file), e.g. {"reference":"Case ID","team":"Team"}; default: matched by heading. Fields: ${CASE_FIELDS.join(', ')}`)
    .action((opts: { db: string; csv: string; map?: string }) =>
      run(async () => {
        const csv = readCsv(opts.csv);
        const given = opts.map === undefined ? null : readMap(opts.map);
        const headers = (parseSafeHeaders(csv) ?? []).map((h) => h.trim());
        const mapping = { ...defaultMapping(headers), ...(given ?? {}) };
        const missing = REQUIRED_IMPORT_FIELDS.filter((f) => !mapping[f]);
        if (missing.length && headers.length) {
          throw new CliError(
            `Could not tell which column holds ${missing.map((f) => `${f} (${CASE_FIELD_LABELS[f]})`).join(', ')}. The file's columns are: ${headers.map((h) => `'${h}'`).join(', ')}. Say which with --map, e.g. --map '{"${missing[0]}":"${headers[0]}"}'.`,
          );
        }
        const core = openForCli(opts.db);
        try {
          const result = unwrap(await core.dispatch('cases:import', { csv, mapping, fileName: path.basename(opts.csv) })) as ImportResult;
          if (result.errors.length === 0) {
            process.stdout.write(`Imported ${result.imported.toLocaleString('en-GB')} ${result.imported === 1 ? 'case' : 'cases'}.\n`);
            return;
          }
          for (const e of result.errors) process.stderr.write(`Row ${e.row}, column '${e.column}': ${e.reason}\n`);
          const badRows = new Set(result.errors.map((e) => e.row)).size;
          process.stderr.write(
            `Nothing was imported: ${badRows.toLocaleString('en-GB')} of ${result.rows.toLocaleString('en-GB')} ${result.rows === 1 ? 'row has' : 'rows have'} errors (${result.errors.length.toLocaleString('en-GB')} in all). Correct the file and run the import again.\n`,
          );
          process.exitCode = 1;
        } finally {
          core.close();
        }
      }),
    );
}

/** The heading row, for the default mapping (errors in the file are reported by the import itself). */
function parseSafeHeaders(csv: string): string[] | null {
  const firstBreak = csv.search(/\r?\n|\r/);
  for (const text of [firstBreak < 0 ? csv : csv.slice(0, firstBreak), csv]) {
    try {
      return parseCsv(text)[0] ?? null;
    } catch {
      /* a quoted heading across lines: try the whole file */
    }
  }
  return null;
}
