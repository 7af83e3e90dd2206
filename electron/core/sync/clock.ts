/**
 * The per-cell clock: for each (table, key, column), the HLC time of the value the table holds.
 * Column '' (TOMBSTONE) holds the time of the row's latest delete.
 *
 * Stored compactly: column '*' (ROW_CLOCK) holds the time most of the row's columns share (an
 * insert sets every column at once), and a column has its own entry only when its time differs
 * (it was set later). One row per record instead of one per cell: on a large register the table
 * was half the database file, and the open's quick check reads every page (decisions.md).
 * Files written before this keep their per-cell entries; a lookup falls back to '*' only when a
 * column has no entry of its own, so both shapes read the same.
 * A local change's `base` is read here, so a receiver can tell a concurrent edit from a later one.
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';

export const TOMBSTONE = '';
/** Not a column name (identifiers are checked): the time shared by every column without its own entry. */
export const ROW_CLOCK = '*';

export function getClock(db: Db, table: string, key: string, column: string): string | null {
  if (column === TOMBSTONE) {
    const row = prepared(db, 'SELECT hlc FROM change_clock WHERE tbl = ? AND row_key = ? AND col = ?').get(table, key, column) as { hlc: string } | undefined;
    return row?.hlc ?? null;
  }
  const rows = prepared(db, 'SELECT col, hlc FROM change_clock WHERE tbl = ? AND row_key = ? AND col IN (?, ?)').all(table, key, column, ROW_CLOCK) as {
    col: string;
    hlc: string;
  }[];
  return (rows.find((r) => r.col === column) ?? rows.find((r) => r.col === ROW_CLOCK))?.hlc ?? null;
}

export function setClock(db: Db, table: string, key: string, column: string, hlc: string): void {
  prepared(db, 'INSERT INTO change_clock (tbl, row_key, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT (tbl, row_key, col) DO UPDATE SET hlc = excluded.hlc').run(
    table,
    key,
    column,
    hlc,
  );
}

/**
 * Replaces the clocks of the row's columns (not its tombstone) with `clocks`: the most common
 * time as the row's clock, the others as entries of their own.
 */
export function setRowClocks(db: Db, table: string, key: string, clocks: ReadonlyMap<string, string>): void {
  prepared(db, 'DELETE FROM change_clock WHERE tbl = ? AND row_key = ? AND col <> ?').run(table, key, TOMBSTONE);
  if (clocks.size === 0) return;
  const counts = new Map<string, number>();
  for (const hlc of clocks.values()) counts.set(hlc, (counts.get(hlc) ?? 0) + 1);
  let shared = '';
  let most = 0;
  for (const [hlc, n] of counts) if (n > most || (n === most && hlc > shared)) [shared, most] = [hlc, n];
  setClock(db, table, key, ROW_CLOCK, shared);
  for (const [col, hlc] of clocks) if (hlc !== shared) setClock(db, table, key, col, hlc);
}

/** The latest time of anything held for the row (its columns and its tombstone), or null. */
export function rowClock(db: Db, table: string, key: string): string | null {
  const row = prepared(db, 'SELECT max(hlc) AS hlc FROM change_clock WHERE tbl = ? AND row_key = ?').get(table, key) as { hlc: string | null };
  return row.hlc;
}
