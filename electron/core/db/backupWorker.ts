/**
 * The daily backup's worker thread: opens the database read-only on its own connection (the
 * app's stays free to answer the first page), writes today's verified copy and reports back.
 * See backgroundBackup.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { dailyBackup } from './backups';
import { openReadOnly } from './cipher';

export interface BackupJob {
  dbFile: string;
  key: string;
  /** ISO instant: the app's clock (PLUMBLINE_NOW shifts it). */
  now: string;
}

export type BackupReply = { ok: true; written: string | null } | { ok: false; message: string };

export function runBackupJob(job: BackupJob): BackupReply {
  const db = openReadOnly(job.dbFile, job.key);
  try {
    return { ok: true, written: dailyBackup(db, job.dbFile, job.key, new Date(job.now)).written };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  } finally {
    db.close();
  }
}

if (parentPort && workerData) parentPort.postMessage(runBackupJob(workerData as BackupJob));
