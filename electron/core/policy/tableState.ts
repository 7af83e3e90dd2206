/**
 * The replicated tables of this laptop's database as the pure sync rules read them (`SyncState`),
 * so that the laptop's reads and the team server's pull filter ask the same predicate
 * (`visibility` in shared/sync/rules.ts) about the same rows. Keys come from the entity registry
 * (one column's value, or a JSON array of several), never guessed. Each table is read once, on
 * first use, and the whole view is kept until the database changes.
 */
import type { Row, SyncState } from '../../../shared/sync/state';
import type { Db } from '../db/open';
import { ident, prepared } from '../db/prepared';
import { entityOf, isDeclared, keyOf } from '../entities/registry';

export class TableState implements SyncState {
  private readonly tables = new Map<string, Map<string, Row>>();
  constructor(private readonly db: Db) {}

  private load(table: string): Map<string, Row> {
    let rows = this.tables.get(table);
    if (rows) return rows;
    rows = new Map();
    this.tables.set(table, rows);
    if (!isDeclared(table)) return rows;
    const def = entityOf(table);
    if (!def.replicates) return rows;
    const exists = prepared(this.db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    if (!exists) return rows;
    for (const row of prepared(this.db, `SELECT * FROM ${ident(table)}`).iterate() as Iterable<Row>) rows.set(keyOf(def, row), row);
    return rows;
  }

  row(table: string, key: string): Row | undefined {
    return this.load(table).get(key);
  }

  rows(table: string): Iterable<[string, Row]> {
    return this.load(table).entries();
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
