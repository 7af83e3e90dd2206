/**
 * Case import: decode the file's bytes (encoding.ts), check every row (check.ts), compare with
 * the register, then add new references and update existing ones in one write transaction:
 * every row or none. A weekly re-import of the same extract updates what changed (each change
 * an ordinary recorded change) and refuses nothing for already existing.
 */
import { CHANGES_SHOWN, encodingLabel, type CaseChange, type FieldChange, type ImportCheck, type ImportPreview, type ImportResult, type ImportSource } from '../../../shared/api/caseImport';
import type { CaseField, ImportMapping } from '../../../shared/api/cases';
import { londonDate } from '../../../shared/domain/dates';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { newId, write, type Tx } from '../write';
import { BadBytes, assertUniqueHeaders, checkCsv, type ParsedCase } from './check';
import { CsvError, forEachCsvRecord, isBlankRecord } from './csv';
import { bytesFromBase64, decodeCsvBytes, type Decoded } from './encoding';
import { casesByReference, type StoredCase } from './queries';
import { saveMapping } from './service';

export { ageBandFrom, caseTypeFrom, dateFrom } from './values';
export { checkCsv, type ParsedCase } from './check';

/** The file as text, however it came: bytes are decoded here (never by the renderer). */
export function decodeSource(source: Pick<ImportSource, 'bytes' | 'csv' | 'encoding'>): Decoded | { text: string; encoding: null; bom: false; bad: [] } {
  if (source.bytes !== undefined) {
    const decoded = decodeCsvBytes(bytesFromBase64(source.bytes), source.encoding);
    if (decoded.text.includes('\u0000') && decoded.encoding !== 'utf-16le' && decoded.encoding !== 'utf-16be') {
      throw new AppError('VALIDATION', `This does not look like a CSV file (it holds binary data when read as ${encodingLabel(decoded.encoding, decoded.bom)}). Export the case list as CSV, or choose UTF-16 if it was saved as “Unicode text”.`);
    }
    return decoded;
  }
  const text = source.csv ?? '';
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: null, bom: false, bad: [] };
}

const badBytesOf = (d: ReturnType<typeof decodeSource>) => new BadBytes(d.bad, d.encoding ? encodingLabel(d.encoding, false) : 'text');

/** The decoded headings and first rows, for mapping and the preview; nothing is saved. */
export function importPreview(source: ImportSource, shown = 5): ImportPreview {
  const decoded = decodeSource(source);
  if (!decoded.encoding) throw new AppError('VALIDATION', 'Send the file as bytes for a preview.');
  const badBytes = badBytesOf(decoded);
  let headers: string[] | null = null;
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  let rowCount = 0;
  try {
    forEachCsvRecord(decoded.text, (rec, index, end) => {
      const marked = badBytes.take(rec, end);
      if (headers === null) {
        if (isBlankRecord(rec)) return;
        headers = rec.map((h) => h.trim());
        assertUniqueHeaders(headers);
        return;
      }
      if (isBlankRecord(rec)) return;
      rowCount += 1;
      if (rows.length < shown) {
        const values = rec.slice();
        for (const m of marked) values[m.column] = m.shown;
        rows.push(values);
        rowNumbers.push(index + 1);
      }
    });
  } catch (error) {
    if (error instanceof CsvError) throw new AppError('VALIDATION', error.message);
    throw error;
  }
  if (headers === null) throw new AppError('VALIDATION', 'The file is empty: the first row should hold the column headings.');
  return {
    encoding: decoded.encoding,
    bom: decoded.bom,
    encodingLabel: encodingLabel(decoded.encoding, decoded.bom),
    detected: source.encoding === 'auto',
    headers,
    rows,
    rowNumbers,
    rowCount,
    undecodable: decoded.bad.length,
  };
}

/** Stored columns of each field a re-import may change. */
const COLUMN: Partial<Record<CaseField, keyof StoredCase>> = {
  team: 'team',
  worker: 'worker',
  caseType: 'case_type',
  ageBand: 'age_band',
  openedOn: 'opened_on',
  closedOn: 'closed_on',
};

/** What a row changes in an existing case: only fields the file holds (unmapped ones are left alone). */
function changesOf(stored: StoredCase, c: ParsedCase): FieldChange[] {
  const next: Partial<Record<CaseField, string | null | undefined>> = {
    team: c.team,
    worker: c.worker,
    caseType: c.caseType,
    ageBand: c.ageBand,
    openedOn: c.openedOn,
    closedOn: c.closedOn,
  };
  const out: FieldChange[] = [];
  for (const [field, column] of Object.entries(COLUMN) as [CaseField, keyof StoredCase][]) {
    const to = next[field];
    if (to === undefined) continue;
    const from = stored[column] as string | null;
    if (from !== to) out.push({ field, from, to });
  }
  return out;
}

interface Plan extends ImportCheck {
  toAdd: ParsedCase[];
  toUpdate: { id: string; changes: FieldChange[] }[];
}

function plan(ctx: CoreContext, source: ImportSource, mapping: ImportMapping, stored: Map<string, StoredCase>): Plan {
  const decoded = decodeSource(source);
  const { rows, errors, cases } = checkCsv(decoded.text, mapping, londonDate(ctx.now()), badBytesOf(decoded));
  const toAdd: ParsedCase[] = [];
  const toUpdate: { id: string; changes: FieldChange[] }[] = [];
  const changes: CaseChange[] = [];
  let unchanged = 0;
  for (const c of cases) {
    const existing = stored.get(c.reference.toLowerCase());
    if (!existing) {
      toAdd.push(c);
      continue;
    }
    const fields = changesOf(existing, c);
    if (fields.length === 0) unchanged += 1;
    else {
      toUpdate.push({ id: existing.id, changes: fields });
      if (changes.length < CHANGES_SHOWN) changes.push({ row: c.row, reference: existing.reference, changes: fields });
    }
  }
  return {
    rows,
    errors,
    encoding: decoded.encoding,
    encodingLabel: decoded.encoding ? encodingLabel(decoded.encoding, decoded.bom) : null,
    added: toAdd.length,
    updated: toUpdate.length,
    unchanged,
    changes,
    toAdd,
    toUpdate,
  };
}

const publicPart = ({ toAdd: _a, toUpdate: _u, ...check }: Plan): ImportCheck => check;

/** Inserts checked new cases, one history row each, in the caller's transaction. */
export function insertCases(tx: Tx, cases: ParsedCase[]): void {
  const at = tx.at;
  for (const c of cases) {
    tx.insert('cases', {
      id: newId(),
      reference: c.reference,
      team: c.team,
      worker: c.worker ?? '',
      case_type: c.caseType,
      age_band: c.ageBand,
      opened_on: c.openedOn ?? null,
      closed_on: c.closedOn ?? null,
      created_at: at,
      updated_at: at,
    });
  }
}

/** Applies a re-import's changes to existing cases: one recorded change per field. */
function updateCases(tx: Tx, updates: { id: string; changes: FieldChange[] }[]): void {
  for (const u of updates) {
    const patch: Record<string, unknown> = { updated_at: tx.at };
    for (const ch of u.changes) patch[COLUMN[ch.field]!] = ch.to;
    tx.update('cases', { id: u.id }, patch);
  }
}

/** What an import would do (errors, new, updated with each change), without writing. */
export function importCheck(ctx: CoreContext, source: ImportSource, mapping: ImportMapping): ImportCheck {
  return publicPart(plan(ctx, source, mapping, casesByReference(ctx.db)));
}

/**
 * Checks and imports in one write transaction (so no one can add a clashing reference in between):
 * every row or none. Remembers the mapping when the import succeeds.
 */
export function importCases(ctx: CoreContext, source: ImportSource, mapping: ImportMapping, fileName?: string): ImportResult {
  return withLargeCache(ctx, () =>
    write(ctx, (tx) => {
      const p = plan(ctx, source, mapping, casesByReference(tx.db));
      const check = publicPart(p);
      if (p.errors.length) return { ...check, imported: 0 };
      if (p.rows === 0) throw new AppError('VALIDATION', 'There are no cases in this file, only a heading row. Check that you chose the right file.');
      insertCases(tx, p.toAdd);
      updateCases(tx, p.toUpdate);
      tx.event({ entity: 'case-import', entityId: newId() }, 'import', {
        rows: p.rows,
        fileName: fileName ?? null,
        mapping,
        encoding: p.encodingLabel,
        added: p.added,
        updated: p.updated,
        unchanged: p.unchanged,
      });
      saveMapping(tx, mapping);
      return { ...check, imported: p.added };
    }),
  );
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
