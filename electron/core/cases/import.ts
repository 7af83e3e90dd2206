import {
  AGE_BANDS,
  CASE_FIELD_LABELS,
  CASE_TYPES,
  REQUIRED_IMPORT_FIELDS,
  type AgeBand,
  type CaseField,
  type CaseType,
  type ImportCheck,
  type ImportMapping,
  type ImportResult,
  type ImportRowError,
} from '../../../shared/api/cases';
import { parseUkDate } from '../../../shared/domain/dates';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { newId, write, type Tx } from '../write';
import { CsvError, forEachCsvRecord, isBlankRecord } from './csv';
import { existingReferences } from './queries';
import { saveMapping } from './service';

/** Spellings councils' systems export, normalised by `valueKey`. */
const CASE_TYPE_WORDS: Record<CaseType, string[]> = {
  'early-help': ['early help', 'eh', 'early help assessment', 'family help', 'targeted early help'],
  cin: ['cin', 'child in need', 'children in need', 'in need', 's17', 'section 17', 'child in need (cin)'],
  cp: ['cp', 'child protection', 'child protection plan', 'cpp', 'child protection (cp)'],
  cla: ['cla', 'looked after', 'looked after child', 'looked after children', 'child looked after', 'children looked after', 'lac', 'child in care', 'children in care', 'cic', 'in care', 'child in care (cla)'],
  'care-leaver': ['care leaver', 'care leavers', 'leaving care', 'cl'],
  'pre-birth': ['pre birth', 'prebirth', 'pre birth assessment', 'unborn', 'unborn child'],
};
const AGE_BAND_WORDS: Record<AgeBand, string[]> = {
  unborn: ['unborn', 'pre birth', 'prebirth'],
  '0-4': ['0 4', '0 to 4', 'under 5', 'under 5s', '0 4 years', 'under five'],
  '5-9': ['5 9', '5 to 9', '5 9 years'],
  '10-15': ['10 15', '10 to 15', '10 15 years'],
  '16-17': ['16 17', '16 to 17', '16 17 years'],
  '18+': ['18+', '18 +', '18 plus', '18 and over', '18 or over', 'over 18', '18 years and over', 'adult', '18 25', '18 to 25'],
};

const CONTROL = /\p{Cc}/u;

/** Lower case, with dashes, underscores, dots and runs of spaces as one space. */
const valueKey = (value: string): string => value.toLowerCase().replace(/[\s_\-\u2013\u2014.]+/g, ' ').trim();

function lookup<T extends string>(codes: readonly T[], words: Record<T, string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const code of codes) {
    map.set(valueKey(code), code);
    for (const w of words[code]) map.set(valueKey(w), code);
  }
  return map;
}
const CASE_TYPE_LOOKUP = lookup(CASE_TYPES, CASE_TYPE_WORDS);
const AGE_BAND_LOOKUP = lookup(AGE_BANDS, AGE_BAND_WORDS);

const CASE_TYPE_EXPECTED = 'Early help, CIN, CP, CLA (or Child in care), Care leaver, Pre-birth';
const AGE_BAND_EXPECTED = 'Unborn, 0-4, 5-9, 10-15, 16-17, 18+, or an age in years';

export function caseTypeFrom(value: string): CaseType | null {
  return CASE_TYPE_LOOKUP.get(valueKey(value)) ?? null;
}

export function ageBandFrom(value: string): AgeBand | null {
  const band = AGE_BAND_LOOKUP.get(valueKey(value));
  if (band) return band;
  if (!/^\d{1,2}$/.test(value.trim())) return null;
  const age = Number(value);
  return age <= 4 ? '0-4' : age <= 9 ? '5-9' : age <= 15 ? '10-15' : age <= 17 ? '16-17' : '18+';
}

/** A UK or ISO date, also as exported with a time ("23/11/2026 00:00", "2026-11-23T00:00:00Z"). */
export function dateFrom(value: string): string | null {
  const date = parseUkDate(value);
  if (date) return date;
  const m = /^(.+?)[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  return m ? parseUkDate(m[1]) : null;
}

export interface ParsedCase {
  reference: string;
  team: string;
  worker: string;
  caseType: CaseType;
  ageBand: AgeBand;
  openedOn: string | null;
  closedOn: string | null;
}

interface Checked extends ImportCheck {
  cases: ParsedCase[];
}

/** Column index of each mapped field; AppError when the mapping cannot work with this file. */
function columnsFor(headers: string[], mapping: ImportMapping): Partial<Record<CaseField, number>> {
  const columns: Partial<Record<CaseField, number>> = {};
  for (const field of Object.keys(mapping) as CaseField[]) {
    const header = mapping[field];
    if (!header) continue;
    let index = headers.indexOf(header);
    if (index < 0) index = headers.findIndex((h) => h.trim().toLowerCase() === header.trim().toLowerCase());
    if (index < 0) {
      throw new AppError('VALIDATION', `The column '${header}' chosen for ${CASE_FIELD_LABELS[field]} is not in this file. Its columns are: ${headers.map((h) => `'${h}'`).join(', ')}. Choose again.`);
    }
    columns[field] = index;
  }
  const missing = REQUIRED_IMPORT_FIELDS.filter((f) => columns[f] === undefined);
  if (missing.length) {
    throw new AppError('VALIDATION', `Choose which column holds ${missing.map((f) => CASE_FIELD_LABELS[f].toLowerCase()).join(', ')}: ${missing.length === 1 ? 'it is' : 'they are'} needed for every case.`);
  }
  return columns;
}

/**
 * Reads and checks every row against the rules (and the register's references, `existing`,
 * lower-cased). Lean on purpose: 50,000 rows must take well under a second.
 */
export function checkCsv(csv: string, mapping: ImportMapping, existing: Set<string>): Checked {
  let headers: string[] | null = null;
  let col: Partial<Record<CaseField, number>> = {};
  let cRef = 0, cTeam = 0, cType = 0, cAge = 0;
  let cWorker: number | undefined, cOpen: number | undefined, cClose: number | undefined;
  const errors: ImportRowError[] = [];
  const cases: ParsedCase[] = [];
  const seen = new Map<string, number>();
  const caseTypes = new Map<string, CaseType | null>();
  const ageBands = new Map<string, AgeBand | null>();
  const dates = new Map<string, string | null>();
  let rows = 0;
  let row = 0;
  const bad = (f: CaseField, value: string, reason: string) => errors.push({ row, column: headers![col[f]!] ?? CASE_FIELD_LABELS[f], value, reason });
  const date = (text: string): string | null => {
    let iso = dates.get(text);
    if (iso === undefined) dates.set(text, (iso = dateFrom(text)));
    return iso;
  };

  const onRecord = (rec: string[], index: number) => {
    if (headers === null) {
      if (isBlankRecord(rec)) throw new AppError('VALIDATION', 'The file is empty: the first row should hold the column headings.');
      headers = rec.map((h) => h.trim());
      col = columnsFor(headers, mapping);
      [cRef, cTeam, cType, cAge, cWorker, cOpen, cClose] = [col.reference!, col.team!, col.caseType!, col.ageBand!, col.worker, col.openedOn, col.closedOn];
      return;
    }
    if (isBlankRecord(rec)) return;
    rows += 1;
    row = index + 1;
    const before = errors.length;

    const reference = (rec[cRef] ?? '').trim();
    if (!reference) bad('reference', '', 'missing case reference');
    else if (reference.length > 64) bad('reference', reference, 'case reference is too long (64 characters at most)');
    else if (CONTROL.test(reference)) bad('reference', reference, 'case reference contains a tab or line break');
    else {
      const key = reference.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) bad('reference', reference, `duplicate case reference: also on row ${first}`);
      else {
        seen.set(key, row);
        if (existing.has(key)) bad('reference', reference, `case reference '${reference}' is already in the register`);
      }
    }
    const team = (rec[cTeam] ?? '').trim();
    if (!team) bad('team', '', 'missing team');
    else if (team.length > 80) bad('team', team, 'team name is too long (80 characters at most)');
    const worker = cWorker === undefined ? '' : (rec[cWorker] ?? '').trim();
    if (worker.length > 80) bad('worker', worker, 'worker name is too long (80 characters at most)');

    const typeText = (rec[cType] ?? '').trim();
    let caseType = caseTypes.get(typeText);
    if (caseType === undefined) caseTypes.set(typeText, (caseType = caseTypeFrom(typeText)));
    if (!typeText) bad('caseType', '', `missing case type (expected one of ${CASE_TYPE_EXPECTED})`);
    else if (!caseType) bad('caseType', typeText, `unknown case type '${typeText}' (expected one of ${CASE_TYPE_EXPECTED})`);

    const ageText = (rec[cAge] ?? '').trim();
    let ageBand = ageBands.get(ageText);
    if (ageBand === undefined) ageBands.set(ageText, (ageBand = ageBandFrom(ageText)));
    if (!ageText) bad('ageBand', '', `missing age band (expected one of ${AGE_BAND_EXPECTED})`);
    else if (!ageBand) bad('ageBand', ageText, `unknown age band '${ageText}' (expected one of ${AGE_BAND_EXPECTED})`);

    const openText = cOpen === undefined ? '' : (rec[cOpen] ?? '').trim();
    const openedOn = openText ? date(openText) : null;
    if (openText && !openedOn) bad('openedOn', openText, `'${openText}' is not a date (expected a date like 23/11/2026 or 2026-11-23)`);
    const closeText = cClose === undefined ? '' : (rec[cClose] ?? '').trim();
    const closedOn = closeText ? date(closeText) : null;
    if (closeText && !closedOn) bad('closedOn', closeText, `'${closeText}' is not a date (expected a date like 23/11/2026 or 2026-11-23)`);
    else if (openedOn && closedOn && closedOn < openedOn) bad('closedOn', closeText, `closed before it was opened (${openText})`);

    if (errors.length === before) cases.push({ reference, team, worker, caseType: caseType!, ageBand: ageBand!, openedOn, closedOn });
  };

  try {
    forEachCsvRecord(csv, onRecord);
  } catch (error) {
    if (error instanceof CsvError) throw new AppError('VALIDATION', error.message);
    throw error;
  }
  if (headers === null) throw new AppError('VALIDATION', 'The file is empty: the first row should hold the column headings.');
  return { rows, errors, cases };
}

/** Inserts checked cases, one history row each, in the caller's transaction. */
export function insertCases(tx: Tx, cases: ParsedCase[]): void {
  const at = tx.at;
  for (const c of cases) {
    tx.insert('cases', {
      id: newId(),
      reference: c.reference,
      team: c.team,
      worker: c.worker,
      case_type: c.caseType,
      age_band: c.ageBand,
      opened_on: c.openedOn,
      closed_on: c.closedOn,
      created_at: at,
      updated_at: at,
    });
  }
}

export function importCheck(ctx: CoreContext, csv: string, mapping: ImportMapping): ImportCheck {
  const { rows, errors } = checkCsv(csv, mapping, existingReferences(ctx.db));
  return { rows, errors };
}

/**
 * Checks and imports in one write transaction (so no one can add a clashing reference in between):
 * every row or none. Remembers the mapping when the import succeeds.
 */
export function importCases(ctx: CoreContext, csv: string, mapping: ImportMapping, fileName?: string): ImportResult {
  return withLargeCache(ctx, () => write(ctx, (tx) => {
    const { rows, errors, cases } = checkCsv(csv, mapping, existingReferences(tx.db));
    if (errors.length) return { rows, errors, imported: 0 };
    if (rows === 0) throw new AppError('VALIDATION', 'There are no cases in this file, only a heading row. Check that you chose the right file.');
    const importId = newId();
    insertCases(tx, cases);
    tx.event({ entity: 'case-import', entityId: importId }, 'import', { rows, fileName: fileName ?? null, mapping });
    saveMapping(tx, mapping);
    return { rows, errors: [], imported: cases.length };
  }));
}

/**
 * A big import touches tens of megabytes of pages (each case and its history row, and their
 * indexes). With SQLite's default 2 MB cache the transaction spills and re-reads encrypted pages
 * part-way through; a larger cache for this one transaction halves the time. Restored afterwards.
 */
export function withLargeCache<T>(ctx: CoreContext, fn: () => T): T {
  const previous = ctx.db.pragma('cache_size', { simple: true }) as number;
  ctx.db.pragma('cache_size = -262144'); // up to 256 MB, used only as needed
  try {
    return fn();
  } finally {
    ctx.db.pragma(`cache_size = ${Number(previous)}`);
  }
}
