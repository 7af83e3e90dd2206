import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyKey, assertKey, openReadOnly } from './cipher';
import { DatabaseOpenError, describeWriteFailure, StorageError } from './errors';
import { applyPlan, orderMigrations, planMigrations, readLedger, type MigrationPlan } from './ledger';
import { MIGRATIONS, type Migration } from './migrations/index';
import { writeVerifiedCopy } from './snapshot';

export type Db = Database.Database;
export { assertKey };

/** 'PLBL' — written by the first migration; any other SQLite file is not ours. */
export const APPLICATION_ID = 1347243340;
const SQLITE_PLAIN_HEADER = 'SQLite format 3\u0000';

export interface OpenOptions {
  /** Create the file when it does not exist (default false). */
  create?: boolean;
  /** For tests: run these migrations instead of the app's own. */
  migrations?: Migration[];
  /** Open read-only: nothing is written, nothing is left beside the file, no migration runs. */
  readonly?: boolean;
  /** For tests: the clock used to name the backup written before an upgrade. */
  now?: () => Date;
}

/** Where the copy made before an upgrade goes: the `backups` folder beside the database. */
export const backupsFolderFor = (file: string): string => path.join(path.dirname(path.resolve(file)), 'backups');

const untouched = 'The file has not been changed.';

/**
 * Reads what the file says about itself — id, version, quick_check, migration ledger — through
 * a read-only connection that leaves nothing behind, and decides what to run; refuses otherwise.
 */
function inspect(file: string, key: string, ordered: Migration[]): MigrationPlan {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    const read = fs.readSync(fd, header, 0, 16, 0);
    if (read === 0) throw new DatabaseOpenError('NOT_PLUMBLINE', `${file} is empty: it is not a Plumbline database. ${untouched}`);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1') === SQLITE_PLAIN_HEADER) {
    throw new DatabaseOpenError('NOT_PLUMBLINE', `${file} is an unencrypted SQLite file, not a Plumbline database. ${untouched}`);
  }
  let probe: Db | undefined;
  try {
    probe = openReadOnly(file, key);
    const appId = probe.pragma('application_id', { simple: true }) as number;
    const userVersion = probe.pragma('user_version', { simple: true }) as number;
    if (appId !== APPLICATION_ID) throw new DatabaseOpenError('NOT_PLUMBLINE', `${file} is a database, but not a Plumbline one. ${untouched}`);
    const check = String(probe.pragma('quick_check', { simple: true }));
    if (check !== 'ok') throw new DatabaseOpenError('CORRUPT', `${file} is damaged: it failed its integrity check (${check.split('\n')[0]}). ${untouched}`);
    return planMigrations(file, userVersion, readLedger(probe), ordered);
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw error;
    const code = (error as { code?: string }).code;
    const folder = path.dirname(path.resolve(file));
    if (code === 'SQLITE_CANTOPEN' && !folderWritable(folder)) {
      throw new DatabaseOpenError('CANNOT_WRITE', `Cannot write to ${folder}: Plumbline keeps its journal beside the database, so the folder must be writable. ${untouched}`);
    }
    if (code === 'SQLITE_NOTADB') {
      throw new DatabaseOpenError(
        'WRONG_KEY',
        `Could not open ${file}: the key does not match this database, or the file is not a Plumbline database (or it is damaged). ${untouched}`,
      );
    }
    throw new DatabaseOpenError('CORRUPT', `${file} is damaged: ${(error as Error).message}. ${untouched}`);
  } finally {
    probe?.close();
  }
}

function folderWritable(folder: string): boolean {
  try {
    fs.accessSync(folder, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '').replace(/\d{3}Z$/, 'Z');

/** Before any upgrade: a verified, encrypted copy in the backups folder; no copy, no upgrade. */
function backupBeforeUpgrade(db: Db, key: string, file: string, plan: MigrationPlan, now: Date): string {
  const to = plan.pending.at(-1)!.version;
  const dest = path.join(backupsFolderFor(file), `${path.basename(file)}.before-v${to}-${stamp(now)}.db`);
  try {
    writeVerifiedCopy(db, key, dest);
  } catch (error) {
    const why = error instanceof StorageError ? error.message : (error as Error).message;
    throw new DatabaseOpenError(
      error instanceof StorageError && error.code !== 'UNSOUND' ? 'CANNOT_WRITE' : 'MIGRATION_FAILED',
      `${file} needs upgrading from version ${plan.from} to ${to}, and a backup is written first. ${why} Nothing was upgraded. ${untouched}`,
    );
  }
  return dest;
}

/**
 * Opens (or creates) an encrypted Plumbline database. Nothing is written until the file has
 * passed every check (key, id, version, quick_check, migration ledger); a refused file is left
 * byte-for-byte as it was with nothing beside it. Pending migrations run after a verified
 * backup, all in one transaction; only then is the file switched to WAL.
 */
export function openDatabase(file: string, key: string, options: OpenOptions = {}): Db {
  assertKey(key);
  const ordered = orderMigrations(options.migrations ?? MIGRATIONS);
  const exists = fs.existsSync(file);
  if (!exists && (!options.create || options.readonly)) {
    throw new DatabaseOpenError('NOT_FOUND', `No database at ${file}. Create one with "plumbline demo --db ${file}" or choose another file.`);
  }
  const plan: MigrationPlan = exists ? inspect(file, key, ordered) : { from: 0, pending: ordered, backfill: [] };
  if (options.readonly) return openReadOnly(file, key);

  const now = (options.now ?? (() => new Date()))();
  const db = new Database(file);
  let before: string | null = null;
  let backup: string | null = null;
  try {
    applyKey(db, key);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const hasLedger = exists && readLedger(db) !== null;
    if (plan.pending.length || !hasLedger) {
      if (exists && plan.pending.length) {
        backup = backupBeforeUpgrade(db, key, file, plan, now);
        before = sha256File(file);
      }
      applyPlan(db, plan, now.toISOString());
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return db;
  } catch (error) {
    let version = -1;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
    } catch {
      /* reported below as unknown */
    }
    db.close();
    if (!exists) removeDatabaseFiles(file);
    const failed = (error as { migration?: Migration | null }).migration;
    if (!failed) {
      const why = error instanceof DatabaseOpenError ? null : describeWriteFailure(error, path.dirname(path.resolve(file)));
      if (why) throw new DatabaseOpenError('CANNOT_WRITE', `Could not open ${file}: ${why.message}. ${exists ? untouched : 'The new database was not created.'}`);
      throw error;
    }
    throw new DatabaseOpenError('MIGRATION_FAILED', describeFailedUpgrade(file, plan, failed, error as Error, { exists, version, before, backup }));
  }
}

/** Says exactly what state the file is in after a failed upgrade: it checks, rather than assumes. */
function describeFailedUpgrade(
  file: string,
  plan: MigrationPlan,
  failed: Migration,
  error: Error,
  state: { exists: boolean; version: number; before: string | null; backup: string | null },
): string {
  const to = plan.pending.at(-1)?.version ?? failed.version;
  const head = `Upgrading ${file} from version ${plan.from} to ${to} failed at migration ${failed.version} (${failed.name}): ${error.message}.`;
  if (!state.exists) return `${head} The new database was not created.`;
  const same = state.before !== null && fs.existsSync(file) && sha256File(file) === state.before;
  const where = state.backup ? ` A copy made before the upgrade is at ${state.backup}.` : '';
  if (same) return `${head} Nothing was changed: the file is byte-for-byte as it was, at version ${plan.from}.${where}`;
  if (state.version === plan.from) return `${head} The upgrade was rolled back: the file is still at version ${plan.from} with its data as it was.${where}`;
  return `${head} The file may have been changed (it reports version ${state.version}); restore it from the copy.${where}`;
}

/** Removes a database we created ourselves and could not finish setting up. */
function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}
