/**
 * What a row is, given every change to it held here: a pure function of the set of changes, so
 * merging in any order and replaying the log agree.
 * - The row's tombstone time D is its latest delete. The row exists when an insert later than D
 *   counts (see rules.ts).
 * - Each column takes the value of the latest counting insert or set later than D (an insert
 *   sets every column). Ties cannot happen: clock times carry the device id.
 * - Concurrent edits: a counting change X to a column loses to a later counting change Y by
 *   another person with a different value whose writer had not seen X (Y.base earlier than X).
 *   X is then a conflict, kept for the people concerned to choose. A change that loses to the
 *   frozen-audit rule is a conflict too.
 * - A published template version is frozen (shared/sync/templateFreeze.ts): changes to it later
 *   than its first publication do not count, and what they would have changed is listed.
 */
import { canonicalJson } from '../../../shared/sync/hash';
import { isLocalColumn, type EntityDef } from '../entities/registry';
import { countsAfterPublish, DISCARDED, publishTime, TEMPLATE_CONTENT_COLUMNS, TEMPLATES_TABLE } from '../../../shared/sync/templateFreeze';
import type { MergeChange, RuleContext } from './rules';

type Def = EntityDef<Record<string, unknown>>;

export interface Materialized {
  /** The row's replicated columns, or null when it does not exist. */
  row: Record<string, unknown> | null;
  /** Per column, the time of the value held. */
  clocks: Map<string, string>;
  /** The latest delete, if any. */
  tombstone: string | null;
}

export interface LostChange {
  /** `${hash}:${column}`: one per losing change and column. */
  id: string;
  kind: 'concurrent' | 'frozen';
  column: string;
  value: unknown;
  change: MergeChange;
}

const valueOf = (c: MergeChange, column: string): unknown =>
  c.op === 'insert' ? (c.value as Record<string, unknown>)[column] ?? null : c.value;

function columnsOf(def: Def, c: MergeChange): string[] {
  if (c.op === 'set') return c.column && !isLocalColumn(def, c.column) ? [c.column] : [];
  if (c.op === 'insert' && c.value && typeof c.value === 'object') return Object.keys(c.value).filter((k) => !isLocalColumn(def, k));
  return [];
}

/** A published template version's publication time (null for a draft, and for every other table). */
const publishedAt = (def: Def, changes: readonly MergeChange[]): string | null => (def.table === TEMPLATES_TABLE ? publishTime(changes) : null);

/** Whether a change counts: the domain's rules (rules.ts) and the published-template freeze. */
const counts = (def: Def, key: string, c: MergeChange, rules: RuleContext, published: string | null): boolean =>
  countsAfterPublish(c.hlc, published) && rules.accepts(def, key, c);

export function materialize(def: Def, key: string, changes: readonly MergeChange[], rules: RuleContext): Materialized {
  const published = publishedAt(def, changes);
  let tombstone: string | null = null;
  for (const c of changes) if (c.op === 'delete' && counts(def, key, c, rules, published) && (tombstone === null || c.hlc > tombstone)) tombstone = c.hlc;
  const winners = new Map<string, MergeChange>();
  let alive = false;
  for (const c of changes) {
    if (c.op === 'delete' || (tombstone !== null && c.hlc <= tombstone) || !counts(def, key, c, rules, published)) continue;
    if (c.op === 'insert') alive = true;
    for (const col of columnsOf(def, c)) {
      const w = winners.get(col);
      if (!w || c.hlc > w.hlc) winners.set(col, c);
    }
  }
  const clocks = new Map<string, string>();
  if (!alive) return { row: null, clocks, tombstone };
  const row: Record<string, unknown> = {};
  for (const [col, w] of winners) {
    row[col] = valueOf(w, col);
    clocks.set(col, w.hlc);
  }
  return { row, clocks, tombstone };
}

/** Columns the app stamps itself, never listed as conflicts. */
const UNTYPED_COLUMNS = new Set(['updated_at']);

/**
 * What a published template version lost (templateFreeze.ts): its name, definition, key or version
 * as changed later than the publication, where it differs from the published one, and a discard.
 */
function lostToPublication(def: Def, key: string, changes: readonly MergeChange[], rules: RuleContext, published: string): LostChange[] {
  const lost: LostChange[] = [];
  const row = materialize(def, key, changes, rules).row ?? {};
  for (const c of changes) {
    if (countsAfterPublish(c.hlc, published)) continue;
    if (c.op === 'delete') lost.push({ id: `${c.hash}:status`, kind: 'frozen', column: 'status', value: DISCARDED, change: c });
    for (const col of columnsOf(def, c)) {
      if (!TEMPLATE_CONTENT_COLUMNS.has(col) || canonicalJson(valueOf(c, col)) === canonicalJson(row[col] ?? null)) continue;
      lost.push({ id: `${c.hash}:${col}`, kind: 'frozen', column: col, value: valueOf(c, col), change: c });
    }
  }
  return lost;
}

/** The changes to this row that lost and must be shown: concurrent edits, frozen-audit edits and edits of a published template. */
export function lostChanges(def: Def, key: string, changes: readonly MergeChange[], rules: RuleContext): LostChange[] {
  const published = publishedAt(def, changes);
  const lost: LostChange[] = published === null ? [] : lostToPublication(def, key, changes, rules, published);
  const byColumn = new Map<string, { c: MergeChange; v: string; ok: boolean }[]>();
  for (const c of changes) {
    if (!countsAfterPublish(c.hlc, published)) continue;
    const ok = rules.accepts(def, key, c);
    for (const col of columnsOf(def, c)) {
      // A published version lists only what people type into it (its status and dates follow the publication).
      if (published !== null && !TEMPLATE_CONTENT_COLUMNS.has(col)) continue;
      let list = byColumn.get(col);
      if (!list) byColumn.set(col, (list = []));
      list.push({ c, v: canonicalJson(valueOf(c, col)), ok });
    }
  }
  for (const [col, list] of byColumn) {
    // Nobody types a record's "last changed" time: the later one wins without asking anyone.
    if (UNTYPED_COLUMNS.has(col)) continue;
    for (const x of list) {
      if (!x.ok) {
        lost.push({ id: `${x.c.hash}:${col}`, kind: 'frozen', column: col, value: valueOf(x.c, col), change: x.c });
        continue;
      }
      // A publication the writer had not seen beats their edit even when they made both (two laptops).
      const beaten = list.some(
        (y) => y.ok && y.c.hlc > x.c.hlc && (y.c.base ?? '') < x.c.hlc && (published !== null || y.c.personId !== x.c.personId) && y.v !== x.v,
      );
      if (beaten) lost.push({ id: `${x.c.hash}:${col}`, kind: 'concurrent', column: col, value: valueOf(x.c, col), change: x.c });
    }
  }
  return lost.sort((a, b) => (a.id < b.id ? -1 : 1));
}
