/**
 * The first open of each London day writes a verified backup (decisions.md). On a large file that
 * takes seconds (VACUUM INTO, then quick_check of the copy), so the app no longer does it before
 * the first page: it runs on a worker thread with its own read-only connection, after the window
 * or the preview server is up. A day that already has its backup starts no worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { londonDate } from '../../../shared/domain/dates';
import { backupsFolder, dailyName } from './backups';
import type { BackupJob, BackupReply } from './backupWorker';

/** The worker script: the TypeScript sources through a tsx bootstrap, or the bundled file in the built app. */
function workerEntry(): URL {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.ts')) return new URL('./backupWorker.boot.mjs', here);
  const beside = new URL('./backup-worker.js', here);
  return fs.existsSync(fileURLToPath(beside)) ? beside : new URL('../backup-worker.js', here);
}

export interface BackgroundBackup {
  written: string | null;
  warning: string | null;
}

/**
 * Today's backup, off the main thread. Resolves (never rejects) with the file written, or null
 * when today's already existed, and a warning when it could not be written: a failed backup
 * never stops the app.
 */
export function backupInBackground(dbFile: string, key: string, now: Date): Promise<BackgroundBackup> {
  if (fs.existsSync(path.join(backupsFolder(dbFile), dailyName(dbFile, londonDate(now))))) return Promise.resolve({ written: null, warning: null });
  const job: BackupJob = { dbFile: path.resolve(dbFile), key, now: now.toISOString() };
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: BackgroundBackup) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const failed = (why: string) => settle({ written: null, warning: `Today's backup could not be written: ${why}` });
    let worker: Worker;
    try {
      worker = new Worker(workerEntry(), { workerData: job });
    } catch (error) {
      failed((error as Error).message);
      return;
    }
    worker.once('message', (reply: BackupReply) => (reply.ok ? settle({ written: reply.written, warning: null }) : failed(reply.message)));
    worker.once('error', (error) => failed(error.message));
    worker.once('exit', (code) => failed(`the backup worker stopped (exit code ${code})`));
  });
}
