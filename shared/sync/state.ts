import type { Change } from './change';
import { countsAfterPublish, publishes, TEMPLATES_TABLE } from './templateFreeze';

/**
 * An in-memory replica of the replicated tables, built by applying changes with the same
 * last-writer-wins rule as everywhere (per table, key and column, by HLC). The team server keeps
 * one, refreshed from its log before each request, to check pushes and filter pulls; the pure
 * rules in `rules.ts` read it through `SyncState`. Pure: no Node, no DOM.
 */
export type Row = Record<string, unknown>;

export interface SyncState {
  /** The current row, or undefined when there is none (never inserted, or deleted last). */
  row(table: string, key: string): Row | undefined;
  /** Every live row of a table, as [key, row]. */
  rows(table: string): Iterable<[string, Row]>;
  /** The live rows of a table whose `column` holds `value`; where absent, rules filter `rows`. (A laptop answers from an index.) */
  rowsWhere?(table: string, column: string, value: string): Iterable<[string, Row]>;
  /** When a template version was first published (an HLC), null for a draft; absent where not known. */
  publishedAt?(table: string, key: string): string | null;
}

export interface Entry {
  row: Row;
  /** HLC of the last write per column. */
  at: Record<string, string>;
  /** HLC of the last delete, if any. */
  deletedAt: string | null;
  /** Latest HLC of any write (not delete). */
  writtenAt: string;
  /** A template version's changes, kept to apply the freeze rule in any order (templateFreeze.ts). */
  log?: Change[];
  /** A template version's first publication, if any. */
  publishedAt?: string | null;
}

const live = (e: Entry | undefined): Row | undefined => (e && (e.deletedAt === null || e.writtenAt > e.deletedAt) ? e.row : undefined);

export class MemoryState implements SyncState {
  protected readonly tables = new Map<string, Map<string, Entry>>();

  protected entry(table: string, key: string): Entry | undefined {
    return this.tables.get(table)?.get(key);
  }

  protected ensure(table: string, key: string): Entry {
    let t = this.tables.get(table);
    if (!t) this.tables.set(table, (t = new Map()));
    let e = t.get(key);
    if (!e) t.set(key, (e = this.seed(table, key)));
    return e;
  }

  /** A new entry for a key this state has not seen (an overlay copies its base's). */
  protected seed(_table: string, _key: string): Entry {
    return { row: {}, at: {}, deletedAt: null, writtenAt: '' };
  }

  /** The raw entry (for an overlay's copy). */
  peek(table: string, key: string): Entry | undefined {
    return this.entry(table, key);
  }

  row(table: string, key: string): Row | undefined {
    return live(this.entry(table, key));
  }

  /** Names of the tables this state holds rows for. */
  tableNames(): string[] {
    return [...this.tables.keys()];
  }

  *rows(table: string): Iterable<[string, Row]> {
    for (const [key, e] of this.tables.get(table) ?? []) {
      const r = live(e);
      if (r) yield [key, r];
    }
  }

  publishedAt(table: string, key: string): string | null {
    return this.entry(table, key)?.publishedAt ?? null;
  }

  apply(change: Change): void {
    if (change.op === 'event') return;
    const e = this.ensure(change.table, change.key);
    if (change.table === TEMPLATES_TABLE) return applyToTemplate(e, change);
    lastWriterWins(e, change);
  }
}

/** Last writer wins per column by HLC; a delete sets the tombstone time. */
function lastWriterWins(e: Entry, change: Change): void {
  const hlc = change.hlc;
  if (change.op === 'delete') {
    if (e.deletedAt === null || hlc > e.deletedAt) e.deletedAt = hlc;
    return;
  }
  const values: Row = change.op === 'insert' ? ((change.value ?? {}) as Row) : change.column ? { [change.column]: change.value } : {};
  for (const [column, value] of Object.entries(values)) {
    if ((e.at[column] ?? '') < hlc) {
      e.row[column] = value;
      e.at[column] = hlc;
    }
  }
  if (hlc > e.writtenAt) e.writtenAt = hlc;
}

/** A template version: re-derived from its changes, those later than its first publication left out. */
function applyToTemplate(e: Entry, change: Change): void {
  const log = (e.log ??= []);
  log.push(change);
  const before = e.publishedAt ?? null;
  const publishedAt = publishes(change) && (before === null || change.hlc < before) ? change.hlc : before;
  if (publishedAt === before) {
    if (countsAfterPublish(change.hlc, publishedAt)) lastWriterWins(e, change);
    return;
  }
  // A publication earlier than changes already applied: start again without them.
  Object.assign(e, { row: {}, at: {}, deletedAt: null, writtenAt: '', log, publishedAt });
  for (const c of log) if (countsAfterPublish(c.hlc, publishedAt)) lastWriterWins(e, c);
}

/** A scratch layer over a state: a batch is checked change by change without touching the base. */
export class OverlayState extends MemoryState {
  constructor(private readonly base: MemoryState) {
    super();
  }

  protected override entry(table: string, key: string): Entry | undefined {
    return this.tables.get(table)?.get(key) ?? this.base.peek(table, key);
  }

  protected override seed(table: string, key: string): Entry {
    const b = this.base.peek(table, key);
    return b
      ? { row: { ...b.row }, at: { ...b.at }, deletedAt: b.deletedAt, writtenAt: b.writtenAt, ...(b.log ? { log: [...b.log], publishedAt: b.publishedAt ?? null } : {}) }
      : super.seed(table, key);
  }

  override *rows(table: string): Iterable<[string, Row]> {
    const mine = this.tables.get(table);
    for (const [key, row] of this.base.rows(table)) if (!mine?.has(key)) yield [key, row];
    for (const [key, e] of mine ?? []) {
      const r = live(e);
      if (r) yield [key, r];
    }
  }
}

/** The parts of a composite key (a JSON array), or the key itself as the only part. */
export function keyParts(key: string): string[] {
  if (key.startsWith('[')) {
    try {
      const parts = JSON.parse(key) as unknown;
      if (Array.isArray(parts)) return parts.map(String);
    } catch {
      /* not JSON: a plain key */
    }
  }
  return [key];
}
