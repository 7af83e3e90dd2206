import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ENCODING_CHOICES, type EncodingChoice, type ImportResult } from '../../../shared/api/caseImport';
import { CASE_FIELD_LABELS, CASE_FIELDS, defaultMapping, missingImportFields, type CaseField, type ImportMapping } from '../../../shared/api/cases';
import { importPreview } from '../../core/cases/import';
import { CliError, openForCli, run, unwrap } from '../common';
import { changeLine } from './importChanges';

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

function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(path.resolve(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CliError(`Could not read the CSV file ${file}: ${why}.`);
  }
}

function readEncoding(value: string | undefined): EncodingChoice {
  if (value === undefined) return 'auto';
  const v = value.trim().toLowerCase().replace(/^utf(\d)/, 'utf-$1').replace(/^cp1252$/, 'windows-1252');
  if (!(ENCODING_CHOICES as readonly string[]).includes(v)) throw new CliError(`--encoding must be utf-8, windows-1252 or utf-16 (not "${value}").`);
  return v as EncodingChoice;
}

const SHOWN_CHANGES = 50;

export function registerImportCases(program: Command): void {
  program
    .command('import-cases')
    .description('import cases from a CSV file: every row or none; cases already in the register are updated (exit 0 when imported, 1 when any row is wrong)')
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--csv <file>', 'CSV file exported by the case management system (first row: column headings)')
    .option('--map <json>', `which column holds each field, as JSON (or a file), e.g. {"reference":"Case ID","team":"Team"}; default: matched by heading. Fields: ${CASE_FIELDS.join(', ')}`)
    .option('--encoding <name>', 'how the file is encoded: utf-8, windows-1252 or utf-16 (default: detected from a byte order mark, else UTF-8 if valid, else Windows-1252)')
    .action((opts: { db: string; csv: string; map?: string; encoding?: string }) =>
      run(async () => {
        const encoding = readEncoding(opts.encoding);
        const bytes = readBytes(opts.csv).toString('base64');
        const given = opts.map === undefined ? null : readMap(opts.map);
        const preview = importPreview({ bytes, encoding });
        process.stdout.write(`Read ${path.basename(opts.csv)} as ${preview.encodingLabel}${preview.detected ? ' (detected)' : ' (as --encoding says)'}.\n`);
        const headers = preview.headers;
        const mapping = { ...defaultMapping(headers), ...(given ?? {}) };
        const missing = missingImportFields(mapping);
        if (missing.length) {
          throw new CliError(
            `Could not tell which column holds ${missing.map((f) => `${f} (${CASE_FIELD_LABELS[f]}${f === 'ageBand' ? ', or dateOfBirth' : ''})`).join(', ')}. The file's columns are: ${headers.map((h) => `'${h}'`).join(', ')}. Say which with --map, e.g. --map '{"${missing[0]}":"${headers[0]}"}'.`,
          );
        }
        const core = openForCli(opts.db);
        try {
          const result = unwrap(await core.dispatch('cases:import', { bytes, encoding, mapping, fileName: path.basename(opts.csv) })) as ImportResult;
          if (result.errors.length === 0) {
            for (const c of result.changes.slice(0, SHOWN_CHANGES)) process.stdout.write(`${changeLine(c)}\n`);
            if (result.updated > SHOWN_CHANGES) process.stdout.write(`…and ${(result.updated - SHOWN_CHANGES).toLocaleString('en-GB')} more updated cases.\n`);
            const n = (k: number, one: string, many: string) => `${k.toLocaleString('en-GB')} ${k === 1 ? one : many}`;
            process.stdout.write(`Imported ${n(result.imported, 'new case', 'new cases')}; updated ${n(result.updated, 'case', 'cases')}; ${n(result.unchanged, 'case', 'cases')} unchanged.\n`);
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
