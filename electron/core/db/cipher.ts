import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { DatabaseOpenError } from './errors';

type Db = Database.Database;

/** The key is 32 random bytes as 64 hex characters; anything else is refused before it reaches SQL. */
export function assertKey(key: string): void {
  if (!/^[0-9a-f]{64}$/i.test(key)) {
    throw new DatabaseOpenError('BAD_KEY', 'The database key must be 64 hexadecimal characters (32 bytes).');
  }
}

export function applyKey(db: Db, key: string): void {
  db.pragma(`cipher='sqlcipher'`);
  db.pragma(`key="x'${key}'"`);
}

const SIDECARS = ['-wal', '-shm', '-journal'];

/**
 * Opens a file read-only with the key and never leaves anything beside it: SQLite creates
 * `-wal` and `-shm` when it reads a WAL-mode file, even read-only, and a read-only connection
 * cannot remove them, so close() removes the ones that were not there before. (They hold no
 * data: a read-only connection writes no frames.)
 */
export function openReadOnly(file: string, key: string): Db {
  const existed = new Set(SIDECARS.filter((s) => fs.existsSync(file + s)));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const close = db.close.bind(db);
  db.close = () => {
    close();
    for (const s of SIDECARS) {
      if (existed.has(s)) continue;
      const side = file + s;
      // Only a sidecar this connection made: the -wal it made is always empty.
      if (s === '-wal' && fs.existsSync(side) && fs.statSync(side).size > 0) continue;
      fs.rmSync(side, { force: true });
    }
    return db;
  };
  try {
    applyKey(db, key);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
