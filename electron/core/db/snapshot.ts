import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { openReadOnly } from './cipher';
import { describeWriteFailure, StorageError } from './errors';

type Db = Database.Database;

export interface SnapshotFacts {
  historyRows: number;
  headHash: string | null;
}

/** How many history rows the file holds and the hash of the last: a copy must show the same. */
export function snapshotFacts(db: Db): SnapshotFacts {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'history'").get();
  if (!has) return { historyRows: 0, headHash: null };
  const row = db.prepare('SELECT count(*) AS n, (SELECT hash FROM history ORDER BY seq DESC LIMIT 1) AS head FROM history').get() as { n: number; head: string | null };
  return { historyRows: row.n, headHash: row.head };
}

function fsyncPath(p: string): void {
  try {
    const fd = fs.openSync(p, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* some platforms cannot fsync a folder */
  }
}

/**
 * Writes a consistent, encrypted copy of an open database to `dest` (VACUUM INTO, same key),
 * then opens the copy with the key, runs quick_check and compares its history with the source
 * before renaming it into place. A copy that fails any step is removed; nothing half-written
 * is ever left under the final name.
 *
 * `db` may be a second, read-only connection while the app writes on its own (the daily backup
 * runs on a worker thread): the copy is a snapshot of one moment, so it must match the history
 * as read just before or just after it was taken; a copy taken between two writes that matches
 * neither is taken again (a few times), never accepted unchecked.
 */
export function writeVerifiedCopy(db: Db, key: string, dest: string): SnapshotFacts {
  for (let attempt = 1; ; attempt += 1) {
    const result = copyOnce(db, key, dest, attempt >= 3);
    if (result) return result;
  }
}

const same = (a: SnapshotFacts, b: SnapshotFacts) => a.historyRows === b.historyRows && a.headHash === b.headHash;

/** One attempt; null when the source moved on during the copy and it should be taken again (never on the last attempt). */
function copyOnce(db: Db, key: string, dest: string, last: boolean): SnapshotFacts | null {
  const folder = path.dirname(dest);
  const tmp = `${dest}.partial`;
  const fail = (error: unknown, what: string): never => {
    fs.rmSync(tmp, { force: true });
    const why = describeWriteFailure(error, folder);
    if (why) throw new StorageError(why.code, `Could not write ${what} ${dest}: ${why.message}.`);
    throw new StorageError('CANNOT_WRITE', `Could not write ${what} ${dest}: ${(error as Error).message}.`);
  };
  const before = snapshotFacts(db);
  let after = before;
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.rmSync(tmp, { force: true });
    db.prepare('VACUUM INTO ?').run(tmp);
    after = snapshotFacts(db);
    fsyncPath(tmp);
  } catch (error) {
    fail(error, 'the copy');
  }
  let copy: Db | undefined;
  let facts: SnapshotFacts = before;
  try {
    copy = openReadOnly(tmp, key);
    const check = String(copy.pragma('quick_check', { simple: true }));
    const got = snapshotFacts(copy);
    const matched = same(got, before) ? before : same(got, after) ? after : null;
    if (check === 'ok' && !matched && !same(before, after) && !last) {
      copy.close();
      copy = undefined;
      fs.rmSync(tmp, { force: true });
      return null;
    }
    if (check !== 'ok' || !matched) {
      throw new StorageError('UNSOUND', `The copy written to ${dest} did not verify (integrity ${check}, ${got.historyRows} of ${before.historyRows} history rows); it has been removed.`);
    }
    facts = matched;
  } catch (error) {
    copy?.close();
    copy = undefined;
    fs.rmSync(tmp, { force: true });
    if (error instanceof StorageError) throw error;
    throw new StorageError('UNSOUND', `The copy written to ${dest} could not be read back (${(error as Error).message}); it has been removed.`);
  } finally {
    copy?.close();
  }
  try {
    fs.renameSync(tmp, dest);
    fsyncPath(folder);
  } catch (error) {
    fail(error, 'the copy');
  }
  return facts;
}
