/**
 * The replicated tables of this laptop's database as the pure sync rules read them (`SyncState`),
 * so that the laptop's reads and the team server's pull filter ask the same predicate
 * (`visibility` in shared/sync/rules.ts) about the same rows. Keys come from the entity registry
 * (one column's value, or a JSON array of several), never guessed. A table is read whole when a
 * rule scans it, and row by row (indexed) when a rule only asks about a few rows; the view is kept
 * until the database changes.
 */
import type { Row, SyncState } from '../../../shared/sync/state';
import type { Db } from '../db/open';
import { ident, prepared } from '../db/prepared';
import { entityOf, isDeclared, keyOf, keyValues, type EntityDef } from '../entities/registry';

export class TableState implements SyncState {
  /** Tables read whole (for a scan), by key. */
  private readonly tables = new Map<string, Map<string, Row>>();
  /** Rows read one at a time (by key) from tables not read whole; null where there is none. */
  private readonly points = new Map<string, Map<string, Row | null>>();
  private readonly defs = new Map<string, EntityDef | null>();
  constructor(private readonly db: Db) {}

  /** The registry's definition of a replicated table this file has, or null (local, unknown or absent). */
  private defOf(table: string): EntityDef | null {
    let def = this.defs.get(table);
    if (def !== undefined) return def;
    def = null;
    if (isDeclared(table) && entityOf(table).replicates && prepared(this.db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)) def = entityOf(table);
    this.defs.set(table, def);
    return def;
  }

  private load(table: string): Map<string, Row> {
    let rows = this.tables.get(table);
    if (rows) return rows;
    rows = new Map();
    this.tables.set(table, rows);
    const def = this.defOf(table);
    if (!def) return rows;
    for (const row of prepared(this.db, `SELECT * FROM ${ident(table)}`).iterate() as Iterable<Row>) rows.set(keyOf(def, row), row);
    return rows;
  }

  /** One row by its change key: from the whole table when it was read, else one indexed query (a write asks about a few rows, not every one). */
  row(table: string, key: string): Row | undefined {
    const whole = this.tables.get(table);
    if (whole) return whole.get(key);
    let points = this.points.get(table);
    if (!points) this.points.set(table, (points = new Map()));
    const known = points.get(key);
    if (known !== undefined) return known ?? undefined;
    const def = this.defOf(table);
    let row: Row | undefined;
    if (def) {
      const values = keyValuesOrNull(def, key);
      if (values) {
        const where = def.key.map((k) => `${ident(k)} = ?`).join(' AND ');
        row = prepared(this.db, `SELECT * FROM ${ident(table)} WHERE ${where}`).get(...values) as Row | undefined;
        if (row && keyOf(def, row) !== key) row = undefined; // the same key as a whole read would give, or none
      }
    }
    points.set(key, row ?? null);
    return row;
  }

  rows(table: string): Iterable<[string, Row]> {
    return this.load(table).entries();
  }

  /** The rows whose `column` holds `value` (an indexed query unless the table was read whole). */
  rowsWhere(table: string, column: string, value: string): Iterable<[string, Row]> {
    const whole = this.tables.get(table);
    if (whole) return [...whole].filter(([, row]) => row[column] === value);
    const def = this.defOf(table);
    if (!def) return [];
    const rows = prepared(this.db, `SELECT * FROM ${ident(table)} WHERE ${ident(column)} = ?`).all(value) as Row[];
    return rows.map((row) => [keyOf(def, row), row] as [string, Row]);
  }
}

function keyValuesOrNull(def: EntityDef, key: string): string[] | null {
  try {
    return keyValues(def, key);
  } catch {
    return null;
  }
}

const cache = new WeakMap<Db, { stamp: string; state: TableState }>();

/** What identifies the database's content now: this connection's writes and any other connection's. */
function stampOf(db: Db): string {
  const t = (prepared(db, 'SELECT total_changes() AS t').get() as { t: number }).t;
  const v = db.pragma('data_version', { simple: true }) as number;
  return `${t}:${v}`;
}

/** The table view of this database, rebuilt only after something was written. */
export function tableState(db: Db): TableState {
  const stamp = stampOf(db);
  const hit = cache.get(db);
  if (hit && hit.stamp === stamp) return hit.state;
  const state = new TableState(db);
  cache.set(db, { stamp, state });
  return state;
}
