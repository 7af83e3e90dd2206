import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { DatabaseOpenError } from './errors';
import type { Migration } from './migrations/index';

type Db = Database.Database;

/**
 * The ledger: one row per migration applied to the file — its number, name and the SHA-256 of
 * its SQL — so a file whose history differs from the app's (a missing migration, a reused
 * number, a migration edited after it shipped) is refused instead of silently skipped.
 */
export const LEDGER_TABLE = 'migration_ledger';

const LEDGER_DDL = `
  CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE} (
    number INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    how TEXT NOT NULL CHECK (how IN ('ran', 'backfilled'))
  ) STRICT;
`;

/** Files made before the ledger existed reached at most this version; their ledger is backfilled. */
export const LAST_VERSION_BEFORE_LEDGER = 6;

export interface LedgerRow {
  number: number;
  name: string;
  checksum: string;
}

export const migrationChecksum = (m: Migration): string => createHash('sha256').update(m.sql, 'utf8').digest('hex');

/**
 * The app's migrations ordered by number. A number used twice, or one that is not a positive
 * whole number, is a programming error: it throws loudly at start-up, before any file is opened.
 */
export function orderMigrations(list: readonly Migration[]): Migration[] {
  const seen = new Map<number, Migration>();
  for (const m of list) {
    if (!Number.isInteger(m.version) || m.version < 1) {
      throw new Error(`The app's migration list is broken: migration "${m.name}" has number ${String(m.version)}; numbers are whole numbers from 1.`);
    }
    const other = seen.get(m.version);
    if (other) {
      throw new Error(`The app's migration list is broken: number ${m.version} is used by both "${other.name}" and "${m.name}". Give each migration its own number.`);
    }
    seen.set(m.version, m);
  }
  return [...list].sort((a, b) => a.version - b.version);
}

export function readLedger(db: Db): LedgerRow[] | null {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(LEDGER_TABLE);
  if (!has) return null;
  return db.prepare(`SELECT number, name, checksum FROM ${LEDGER_TABLE} ORDER BY number`).all() as LedgerRow[];
}

export interface MigrationPlan {
  /** The file's version now. */
  from: number;
  /** Migrations to run, in order. */
  pending: Migration[];
  /** The file predates the ledger: write its rows for the versions it already has. */
  backfill: Migration[];
}

/**
 * Compares what the file says it has applied with the app's own list and decides what to run,
 * or refuses (the file is never written by this function).
 */
export function planMigrations(file: string, userVersion: number, ledger: LedgerRow[] | null, ordered: Migration[]): MigrationPlan {
  const latest = ordered.at(-1)?.version ?? 0;
  const untouched = 'The file has not been changed.';
  const fileTop = Math.max(userVersion, ...(ledger ?? []).map((r) => r.number));
  if (fileTop > latest) {
    throw new DatabaseOpenError(
      'TOO_NEW',
      `${file} was written by a newer version of Plumbline (database version ${fileTop}; this app understands up to ${latest}). Update Plumbline to open it. ${untouched}`,
    );
  }
  const byNumber = new Map(ordered.map((m) => [m.version, m]));
  if (!ledger) {
    if (userVersion > LAST_VERSION_BEFORE_LEDGER) {
      throw new DatabaseOpenError(
        'LEDGER_MISMATCH',
        `${file} says it is at database version ${userVersion} but has no record of which migrations made it so (files from before version ${LAST_VERSION_BEFORE_LEDGER + 1} are the only ones without one). ${untouched}`,
      );
    }
    const backfill = ordered.filter((m) => m.version <= userVersion);
    const missing = [...Array(userVersion).keys()].map((i) => i + 1).filter((n) => !byNumber.has(n));
    if (missing.length) {
      throw new DatabaseOpenError('LEDGER_MISMATCH', `${file} is at version ${userVersion}, but this app has no migration ${missing.join(', ')}. ${untouched}`);
    }
    return { from: userVersion, pending: ordered.filter((m) => m.version > userVersion), backfill };
  }
  const applied = new Set<number>();
  for (const row of ledger) {
    const mine = byNumber.get(row.number);
    if (!mine) {
      throw new DatabaseOpenError('LEDGER_MISMATCH', `${file} has migration ${row.number} (${row.name}) applied, which this version of Plumbline does not have. ${untouched}`);
    }
    if (mine.name !== row.name || migrationChecksum(mine) !== row.checksum) {
      throw new DatabaseOpenError(
        'LEDGER_MISMATCH',
        `${file} has a different migration ${row.number} applied ("${row.name}") from this app's ("${mine.name}"): the number was reused or the migration was changed after it shipped. ${untouched}`,
      );
    }
    applied.add(row.number);
  }
  const top = ledger.at(-1)?.number ?? 0;
  const skipped = ordered.filter((m) => m.version < top && !applied.has(m.version));
  if (skipped.length) {
    const names = skipped.map((m) => `${m.version} (${m.name})`).join(', ');
    throw new DatabaseOpenError('LEDGER_MISMATCH', `${file} never had migration ${names} applied, although later ones were. ${untouched}`);
  }
  if (top !== userVersion) {
    throw new DatabaseOpenError('LEDGER_MISMATCH', `${file} says it is at version ${userVersion}, but its migration ledger ends at ${top}. ${untouched}`);
  }
  return { from: userVersion, pending: ordered.filter((m) => m.version > top), backfill: [] };
}

/**
 * Runs the plan in ONE immediate transaction: the ledger (created or backfilled), every pending
 * migration and its ledger row, then user_version. Dirty pages are kept in memory until commit
 * (cache_spill off), so a failure leaves the file byte-for-byte as it was.
 */
export function applyPlan(db: Db, plan: MigrationPlan, at: string): void {
  const spill = db.pragma('cache_spill', { simple: true }) as number;
  db.pragma('cache_spill = OFF');
  const record = (m: Migration, how: 'ran' | 'backfilled') =>
    db.prepare(`INSERT INTO ${LEDGER_TABLE} (number, name, checksum, applied_at, how) VALUES (?, ?, ?, ?, ?)`).run(m.version, m.name, migrationChecksum(m), at, how);
  let current: Migration | null = null;
  try {
    db.transaction(() => {
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now !== plan.from) throw new Error(`the file changed to version ${now} while it was being opened (another copy of Plumbline?)`);
      db.exec(LEDGER_DDL);
      for (const m of plan.backfill) record(m, 'backfilled');
      for (const m of plan.pending) {
        current = m;
        db.exec(m.sql);
        record(m, 'ran');
      }
      const last = plan.pending.at(-1);
      if (last) db.pragma(`user_version = ${last.version}`);
    }).immediate();
  } catch (error) {
    const failed = current as Migration | null;
    throw Object.assign(error as Error, { migration: failed });
  } finally {
    db.pragma(`cache_spill = ${spill}`);
  }
}
