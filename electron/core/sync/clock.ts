/**
 * The per-cell clock: for each (table, key, column), the HLC time of the value the table holds.
 * Column '' (TOMBSTONE) holds the time of the row's latest delete. A local change's `base` is read
 * here, so a receiver can tell a concurrent edit from a later one.
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';

export const TOMBSTONE = '';

export function getClock(db: Db, table: string, key: string, column: string): string | null {
  const row = prepared(db, 'SELECT hlc FROM change_clock WHERE tbl = ? AND row_key = ? AND col = ?').get(table, key, column) as { hlc: string } | undefined;
  return row?.hlc ?? null;
}

export function setClock(db: Db, table: string, key: string, column: string, hlc: string): void {
  prepared(db, 'INSERT INTO change_clock (tbl, row_key, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT (tbl, row_key, col) DO UPDATE SET hlc = excluded.hlc').run(
    table,
    key,
    column,
    hlc,
  );
}

/** The latest time of anything held for the row (its columns and its tombstone), or null. */
export function rowClock(db: Db, table: string, key: string): string | null {
  const row = prepared(db, 'SELECT max(hlc) AS hlc FROM change_clock WHERE tbl = ? AND row_key = ?').get(table, key) as { hlc: string | null };
  return row.hlc;
}
