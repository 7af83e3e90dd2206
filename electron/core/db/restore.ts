import fs from 'node:fs';
import path from 'node:path';
import { verifyHistory } from '../history/verify';
import { openReadOnly } from './cipher';
import { DatabaseOpenError, describeWriteFailure, StorageError } from './errors';
import { whoHasOpen } from './inUse';
import { openDatabase } from './open';
import { snapshotFacts } from './snapshot';

export interface RestoreResult {
  restored: string;
  /** Where the file that was replaced is kept, or null when there was none. */
  keptAs: string | null;
  historyRows: number;
  version: number;
}

export const beforeRestoreName = (dbFile: string): string => `${dbFile}.before-restore`;

/** Opens the backup read-only with the key and checks it all the way: id, version, ledger, quick_check, history chain. */
function verifyBackup(backup: string, key: string): { historyRows: number; version: number } {
  if (!fs.existsSync(backup)) throw new StorageError('NOT_FOUND', `There is no backup at ${backup}.`);
  let db;
  try {
    db = openDatabase(backup, key, { readonly: true });
  } catch (error) {
    if (error instanceof DatabaseOpenError) {
      const why = error.code === 'WRONG_KEY' ? "it does not open with this database's key (or it is damaged)" : error.message.replace(/ The file has not been changed\.$/, '');
      throw new StorageError(error.code === 'WRONG_KEY' ? 'WRONG_KEY' : 'UNSOUND', `The backup ${backup} cannot be restored: ${why}. Nothing was changed.`);
    }
    throw error;
  }
  try {
    const result = verifyHistory(db);
    if (!result.ok) {
      const why = result.brokenAt ? `its history does not verify at row ${result.brokenAt.seq}` : `its integrity check says ${result.integrity}`;
      throw new StorageError('UNSOUND', `The backup ${backup} cannot be restored: ${why}. Nothing was changed.`);
    }
    return { historyRows: result.rows, version: db.pragma('user_version', { simple: true }) as number };
  } catch (error) {
    if (error instanceof StorageError) throw error;
    throw new StorageError('UNSOUND', `The backup ${backup} cannot be restored: ${(error as Error).message}. Nothing was changed.`);
  } finally {
    db.close();
  }
}

function fsync(p: string): void {
  try {
    const fd = fs.openSync(p, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch {
    /* a folder cannot be fsynced everywhere */
  }
}

/**
 * Restores a backup over the database: verifies the backup, copies it beside the database and
 * verifies the copy, keeps the database it replaces as `<db>.before-restore` (with its -wal),
 * then renames the copy into place in one step. Close the app first.
 */
export function restoreBackup(dbFile: string, backup: string, key: string, now: Date = new Date()): RestoreResult {
  const file = path.resolve(dbFile);
  const from = path.resolve(backup);
  if (from === file) throw new StorageError('UNSOUND', 'The backup and the database are the same file.');
  const holder = whoHasOpen(file);
  if (holder) {
    const since = holder.since.slice(0, 16).replace('T', ' ');
    throw new StorageError('IN_USE', `Plumbline has ${file} open (process ${holder.pid} on ${holder.host}, since ${since} UTC). Close the app or the preview first, then restore. Nothing was changed.`);
  }
  const checked = verifyBackup(from, key);
  const folder = path.dirname(file);
  const incoming = `${file}.restoring`;
  const failWrite = (error: unknown): never => {
    fs.rmSync(incoming, { force: true });
    const why = describeWriteFailure(error, folder);
    throw new StorageError(why?.code ?? 'CANNOT_WRITE', `Could not restore ${file}: ${why?.message ?? (error as Error).message}. Nothing was changed.`);
  };
  try {
    fs.rmSync(incoming, { force: true });
    fs.copyFileSync(from, incoming);
    fsync(incoming);
  } catch (error) {
    failWrite(error);
  }
  const copy = openReadOnly(incoming, key);
  try {
    const ok = copy.pragma('quick_check', { simple: true }) === 'ok' && snapshotFacts(copy).historyRows === checked.historyRows;
    if (!ok) throw new StorageError('UNSOUND', `The copy of ${from} written beside ${file} did not verify; it was removed. Nothing was changed.`);
  } finally {
    copy.close();
  }
  let keptAs: string | null = null;
  try {
    if (fs.existsSync(file)) {
      keptAs = beforeRestoreName(file);
      if (fs.existsSync(keptAs)) fs.renameSync(keptAs, `${keptAs}-${now.toISOString().replace(/[:.]/g, '')}`);
      try {
        fs.linkSync(file, keptAs);
      } catch {
        fs.copyFileSync(file, keptAs);
      }
      const wal = `${file}-wal`;
      if (fs.existsSync(wal) && fs.statSync(wal).size > 0) fs.copyFileSync(wal, `${keptAs}-wal`);
    }
  } catch (error) {
    failWrite(error);
  }
  // The old -wal and -shm belong to the old file: they must not be applied to the restored one.
  fs.rmSync(`${file}-wal`, { force: true });
  fs.rmSync(`${file}-shm`, { force: true });
  fs.rmSync(`${file}-journal`, { force: true });
  fs.renameSync(incoming, file);
  fsync(folder);
  return { restored: file, keptAs, ...checked };
}
