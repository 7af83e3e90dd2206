import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { DatabaseOpenError } from './errors';
import { MIGRATIONS, type Migration } from './migrations/index';

export type Db = Database.Database;

/** 'PLBL' — written by the first migration; any other SQLite file is not ours. */
export const APPLICATION_ID = 1347243340;
const SQLITE_PLAIN_HEADER = 'SQLite format 3\u0000';

export interface OpenOptions {
  /** Create the file when it does not exist (default false). */
  create?: boolean;
  /** For tests: run these migrations instead of the app's own. */
  migrations?: Migration[];
  readonly?: boolean;
}

/** The key is 32 random bytes as 64 hex characters; anything else is refused before it reaches SQL. */
export function assertKey(key: string): void {
  if (!/^[0-9a-f]{64}$/i.test(key)) {
    throw new DatabaseOpenError('BAD_KEY', 'The database key must be 64 hexadecimal characters (32 bytes).');
  }
}

function applyKey(db: Db, key: string): void {
  db.pragma(`cipher='sqlcipher'`);
  db.pragma(`key="x'${key}'"`);
}

/** Reads what the file says about itself without writing a byte to it. */
function inspect(file: string, key: string): { userVersion: number } {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    const read = fs.readSync(fd, header, 0, 16, 0);
    if (read === 0) throw new DatabaseOpenError('NOT_PLUMBLINE', `${file} is empty: it is not a Plumbline database.`);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1') === SQLITE_PLAIN_HEADER) {
    throw new DatabaseOpenError('NOT_PLUMBLINE', `${file} is an unencrypted SQLite file, not a Plumbline database. It has not been changed.`);
  }
  let probe: Db | undefined;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true });
    applyKey(probe, key);
    const appId = probe.pragma('application_id', { simple: true }) as number;
    const userVersion = probe.pragma('user_version', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      throw new DatabaseOpenError('NOT_PLUMBLINE', `${file} is a database, but not a Plumbline one. It has not been changed.`);
    }
    return { userVersion };
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') {
      throw new DatabaseOpenError(
        'WRONG_KEY',
        `Could not open ${file}: the key does not match this database, or the file is not a Plumbline database. The file has not been changed.`,
      );
    }
    throw new DatabaseOpenError('CORRUPT', `Could not read ${file}: ${(error as Error).message}. The file has not been changed.`);
  } finally {
    probe?.close();
  }
}

function migrate(db: Db, migrations: Migration[], from: number): void {
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } catch (error) {
      throw new DatabaseOpenError(
        'MIGRATION_FAILED',
        `Upgrading the database to version ${migration.version} (${migration.name}) failed: ${(error as Error).message}. The file was left as it was, at version ${from}.`,
      );
    }
    from = migration.version;
  }
}

/**
 * Opens (or creates) an encrypted Plumbline database: refuses a wrong key, a foreign file or a
 * newer version without touching it, checks integrity, then migrates one transaction per step.
 */
export function openDatabase(file: string, key: string, options: OpenOptions = {}): Db {
  assertKey(key);
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const exists = fs.existsSync(file);
  if (!exists && !options.create) {
    throw new DatabaseOpenError('NOT_FOUND', `No database at ${file}. Create one with "plumbline demo --db ${file}" or choose another file.`);
  }
  let current = 0;
  if (exists) {
    current = inspect(file, key).userVersion;
    if (current > latest) {
      throw new DatabaseOpenError(
        'TOO_NEW',
        `${file} was written by a newer version of Plumbline (database version ${current}; this app understands up to ${latest}). Update Plumbline to open it. The file has not been changed.`,
      );
    }
  }
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
    applyKey(db, key);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new DatabaseOpenError('CORRUPT', `${file} failed its integrity check (${String(check)}). Restore it from a backup.`);
    if (!options.readonly) migrate(db, migrations, current);
    return db;
  } catch (error) {
    db.close();
    if (!exists) removeDatabaseFiles(file);
    throw error;
  }
}

/** Removes a database we created ourselves and could not finish setting up. */
function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}
