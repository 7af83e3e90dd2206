/**
 * Checks every row of a decoded case CSV against the rules, and reads it into cases. Lean on
 * purpose: 50,000 rows must take well under a second. Nothing here touches the database: the
 * comparison with the register (new or updated) is in `import.ts`.
 */
import {
  AGE_BANDS,
  CASE_FIELD_LABELS,
  missingImportFields,
  type AgeBand,
  type CaseField,
  type CaseType,
  type ImportMapping,
  type ImportRowError,
} from '../../../shared/api/cases';
import { textProblem } from '../../../shared/domain/text';
import { AppError } from '../errors';
import { CsvError, forEachCsvRecord, isBlankRecord } from './csv';
import type { BadByte } from './encoding';
import { AGE_BAND_EXPECTED, CASE_TYPE_EXPECTED, ageBandFrom, ageBandOnDay, caseTypeFrom, dateFrom } from './values';

/** One good row. Fields the mapping leaves out are undefined (a re-import leaves them as they are). */
export interface ParsedCase {
  row: number;
  reference: string;
  team: string;
  worker: string | undefined;
  caseType: CaseType;
  ageBand: AgeBand;
  openedOn: string | null | undefined;
  closedOn: string | null | undefined;
}

export interface Checked {
  rows: number;
  errors: ImportRowError[];
  cases: ParsedCase[];
}

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Refuses a heading row where two columns share a heading (the mapping could not tell them apart). */
export function assertUniqueHeaders(headers: string[]): void {
  const first = new Map<string, number>();
  for (let i = 0; i < headers.length; i += 1) {
    const key = headers[i].trim().toLowerCase();
    if (!key) continue;
    const j = first.get(key);
    if (j !== undefined) {
      throw new AppError(
        'VALIDATION',
        `Columns ${columnLetter(j)} and ${columnLetter(i)} both have the heading '${headers[i].trim()}', so Plumbline cannot tell which one to use. Rename or remove one of them in the file, then choose it again.`,
      );
    }
    first.set(key, i);
  }
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
  const found = Object.fromEntries(Object.entries(columns).map(([f]) => [f, 'x'])) as ImportMapping;
  const missing = missingImportFields(found);
  if (missing.length) {
    const words = missing.map((f) => (f === 'ageBand' ? 'age band (or date of birth)' : CASE_FIELD_LABELS[f].toLowerCase()));
    throw new AppError('VALIDATION', `Choose which column holds ${words.join(', ')}: ${missing.length === 1 ? 'it is' : 'they are'} needed for every case.`);
  }
  return columns;
}

/**
 * The bytes that could not be decoded, record by record: each value holding them is shown with
 * the bytes in brackets ("Zo[0x81]") and reported on its row and column.
 */
export class BadBytes {
  private next = 0;
  constructor(private readonly bad: BadByte[], private readonly encodingName: string) {}

  /** Problems in the record that ends at `end`; [] when it has none (the usual case). */
  take(values: string[], end: number): { column: number; shown: string; bytes: string[] }[] {
    if (this.next >= this.bad.length || this.bad[this.next].at >= end) return [];
    const mine: BadByte[] = [];
    while (this.next < this.bad.length && this.bad[this.next].at < end) mine.push(this.bad[this.next++]);
    const out: { column: number; shown: string; bytes: string[] }[] = [];
    let k = 0;
    values.forEach((value, column) => {
      if (!value.includes('\ufffd')) return;
      const bytes: string[] = [];
      const shown = value.replace(/\ufffd/g, () => {
        const b = mine[k++]?.bytes ?? 'U+FFFD';
        bytes.push(b);
        return `[${b}]`;
      });
      out.push({ column, shown, bytes });
    });
    return out;
  }

  reason(bytes: string[]): string {
    const list = bytes.join(', ');
    return `${bytes.length === 1 ? `byte ${list} cannot` : `bytes ${list} cannot`} be read as ${this.encodingName}: check the file's encoding (choose another in the preview, or use --encoding)`;
  }
}

/** Reads and checks every row; `today` (London) works out age bands from dates of birth. */
export function checkCsv(csv: string, mapping: ImportMapping, today: string, badBytes: BadBytes = new BadBytes([], 'UTF-8')): Checked {
  let headers: string[] | null = null;
  let col: Partial<Record<CaseField, number>> = {};
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
  const text = (f: CaseField, rec: string[], what: string, max: number): string => {
    const value = (rec[col[f]!] ?? '').trim();
    if (value.length > max) bad(f, value, `${what} is too long (${max} characters at most)`);
    else {
      const problem = textProblem(value);
      if (problem && !value.includes('\ufffd')) bad(f, value, `${what} contains ${problem}`);
    }
    return value;
  };
  const dateField = (f: 'openedOn' | 'closedOn', rec: string[]): { text: string; iso: string | null | undefined } => {
    if (col[f] === undefined) return { text: '', iso: undefined };
    const t = (rec[col[f]!] ?? '').trim();
    const iso = t ? date(t) : null;
    if (t && !iso) bad(f, t, `'${t}' is not a date (expected a date like 23/11/2026 or 2026-11-23)`);
    return { text: t, iso };
  };

  const onRecord = (rec: string[], index: number, end: number) => {
    const undecodable = badBytes.take(rec, end);
    if (headers === null) {
      if (isBlankRecord(rec)) throw new AppError('VALIDATION', 'The file is empty: the first row should hold the column headings.');
      if (undecodable.length) throw new AppError('VALIDATION', `The heading row holds ${badBytes.reason(undecodable[0].bytes)}.`);
      headers = rec.map((h) => h.trim());
      assertUniqueHeaders(headers);
      col = columnsFor(headers, mapping);
      return;
    }
    if (isBlankRecord(rec)) return;
    rows += 1;
    row = index + 1;
    const before = errors.length;
    for (const u of undecodable) errors.push({ row, column: headers[u.column] ?? columnLetter(u.column), value: u.shown, reason: badBytes.reason(u.bytes) });

    const reference = text('reference', rec, 'case reference', 64);
    if (!reference) bad('reference', '', 'missing case reference');
    else {
      const key = reference.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) bad('reference', reference, `duplicate case reference: also on row ${first}`);
      else seen.set(key, row);
    }
    const team = text('team', rec, 'team name', 80);
    if (!team) bad('team', '', 'missing team');
    const worker = col.worker === undefined ? undefined : text('worker', rec, 'worker name', 80);

    const typeText = (rec[col.caseType!] ?? '').trim();
    let caseType = caseTypes.get(typeText);
    if (caseType === undefined) caseTypes.set(typeText, (caseType = caseTypeFrom(typeText)));
    if (!typeText) bad('caseType', '', `missing case type (expected one of ${CASE_TYPE_EXPECTED})`);
    else if (!caseType) bad('caseType', typeText, `unknown case type '${typeText}' (expected one of ${CASE_TYPE_EXPECTED})`);

    // The age band: from the date of birth when there is one (on the day of import), else the band column.
    let ageBand: AgeBand | null = null;
    const dobText = col.dateOfBirth === undefined ? '' : (rec[col.dateOfBirth] ?? '').trim();
    const ageText = col.ageBand === undefined ? '' : (rec[col.ageBand] ?? '').trim();
    if (dobText) {
      const born = date(dobText);
      const band = born ? ageBandOnDay(born, today) : null;
      if (!born) bad('dateOfBirth', dobText, `'${dobText}' is not a date (expected a date of birth like 14/03/2015)`);
      else if (!isAgeBand(band!)) bad('dateOfBirth', dobText, band!);
      else ageBand = band as AgeBand;
    } else if (ageText) {
      let band = ageBands.get(ageText);
      if (band === undefined) ageBands.set(ageText, (band = ageBandFrom(ageText)));
      if (!band) bad('ageBand', ageText, `unknown age band '${ageText}' (expected one of ${AGE_BAND_EXPECTED})`);
      ageBand = band;
    } else if (col.dateOfBirth !== undefined) {
      bad('dateOfBirth', '', col.ageBand === undefined ? 'missing date of birth (needed to work out the age band)' : 'missing date of birth and age band');
    } else bad('ageBand', '', `missing age band (expected one of ${AGE_BAND_EXPECTED})`);

    const opened = dateField('openedOn', rec);
    const closed = dateField('closedOn', rec);
    if (opened.iso && closed.iso && closed.iso < opened.iso) bad('closedOn', closed.text, `closed before it was opened (${opened.text})`);

    if (errors.length === before) cases.push({ row, reference, team, worker, caseType: caseType!, ageBand: ageBand!, openedOn: opened.iso, closedOn: closed.iso });
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

const isAgeBand = (value: string): value is AgeBand => (AGE_BANDS as readonly string[]).includes(value);
