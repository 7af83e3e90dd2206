/**
 * Export jobs: each runs in its own worker thread, writes to a temporary file (or folder)
 * beside its destination and is renamed into place only when complete. A cancelled or
 * failed job leaves nothing behind. The main event loop only moves small messages.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { ExportFile, ExportKind, ExportProgress, ExportState } from '../../../shared/api/exports';
import type { ExportDoc, WorkerJob, WorkerMessage } from './model';
import { makePrivate } from './folder';
import { acquireWorker, releaseWorker } from './workerPool';

export interface Job {
  id: string;
  kind: ExportKind;
  state: ExportState;
  done: number;
  total: number;
  message: string;
  error: string | null;
  headHash: string | null;
  finalPath: string;
  tmpPath: string;
  isFolder: boolean;
  file: ExportFile | null;
  /** Settles when the job has finished and its temporary file is gone. */
  finished: Promise<ExportProgress>;
  worker: Worker | null;
  startedAt: number;
  /** Who started it (a person's id, or the command line's): only they may follow, cancel or download it. */
  ownerId: string | null;
  /** Written into the exports folder (not a chosen path): made 0600 (a CSV folder 0700). */
  private: boolean;
  /** Browser preview: the file is handed over by download, then deleted; replies never carry its path. */
  handOver: boolean;
  /** The files (or CSV parts) already downloaded and deleted. */
  downloaded: Set<string>;
}

const jobs = new Map<string, Job>();
const MAX_KEPT = 50;

export const getJob = (id: string): Job | undefined => jobs.get(id);

/** The job, when it exists and this caller started it (another person's export is as good as unknown to them). */
export const getOwnJob = (id: string, callerId: string | null | undefined): Job | undefined => {
  const job = jobs.get(id);
  return job && callerId && job.ownerId === callerId ? job : undefined;
};

export function toProgress(job: Job): ExportProgress {
  return { jobId: job.id, kind: job.kind, state: job.state, done: job.done, total: job.total, message: job.message, file: job.file, error: job.error, headHash: job.headHash };
}

/** A hidden temporary name beside the destination, unique to the job. */
export function tmpPathFor(finalPath: string, jobId: string): string {
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${jobId}.part`);
}

const TMP_NAME = /^\..+\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.part$/;
/** Removes temporary files left by an export interrupted when the app was killed. */
export function sweepStale(dir: string, olderThanMs = 60 * 60 * 1000): void {
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!TMP_NAME.test(name)) continue;
    const full = path.join(dir, name);
    try {
      if (Date.now() - fs.statSync(full).mtimeMs > olderThanMs) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      /* in use or already gone */
    }
  }
}

function sizeOf(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((n, f) => n + fs.statSync(path.join(p, f)).size, 0);
}

/** Moves the finished temporary file or folder to its destination. */
function moveIntoPlace(job: Job): void {
  if (job.private) makePrivate(job.tmpPath);
  if (!job.isFolder) {
    fs.renameSync(job.tmpPath, job.finalPath);
    return;
  }
  if (!fs.existsSync(job.finalPath)) {
    fs.renameSync(job.tmpPath, job.finalPath);
    return;
  }
  // An existing folder (the CLI's --out DIR): move each finished file in, then drop the temporary folder.
  for (const name of fs.readdirSync(job.tmpPath)) fs.renameSync(path.join(job.tmpPath, name), path.join(job.finalPath, name));
  fs.rmSync(job.tmpPath, { recursive: true, force: true });
}

function prune(): void {
  if (jobs.size <= MAX_KEPT) return;
  for (const [id, job] of jobs) {
    if (jobs.size <= MAX_KEPT) break;
    if (job.state !== 'running') jobs.delete(id);
  }
}

export interface LaunchOptions {
  id: string;
  kind: ExportKind;
  doc: ExportDoc;
  finalPath: string;
  headHash: string | null;
  /** Who starts it (see Job.ownerId). */
  ownerId: string | null;
  /** Written into the exports folder rather than a chosen path (see Job.private / Job.handOver). */
  private?: boolean;
  handOver?: boolean;
  onProgress?: (progress: ExportProgress) => void;
  /** Called once when the job ends other than by success (to record it in the history). */
  onEnd?: (state: ExportState, error: string | null) => void;
}

export function launch(options: LaunchOptions): Job {
  const isFolder = options.doc.kind === 'data' && options.doc.format === 'csv';
  let settle!: (p: ExportProgress) => void;
  const job: Job = {
    id: options.id,
    kind: options.kind,
    state: 'running',
    done: 0,
    total: 100,
    message: 'Starting',
    error: null,
    headHash: options.headHash,
    finalPath: options.finalPath,
    tmpPath: tmpPathFor(options.finalPath, options.id),
    isFolder,
    file: null,
    finished: new Promise((resolve) => (settle = resolve)),
    worker: null,
    startedAt: Date.now(),
    ownerId: options.ownerId,
    private: !!options.private,
    handOver: !!options.handOver,
    downloaded: new Set(),
  };
  jobs.set(job.id, job);
  prune();
  const notify = () => options.onProgress?.(toProgress(job));

  let ended = false;
  const end = async (state: ExportState, error: string | null): Promise<void> => {
    if (ended) return;
    ended = true;
    job.state = state;
    // A file handed over by download never names where it lives on this computer, not even in an error.
    job.error = error && job.handOver ? error.split(path.dirname(job.finalPath) + path.sep).join('') : error;
    if (state !== 'done') job.message = state === 'cancelled' ? 'Cancelled: nothing was saved.' : `Failed: ${job.error}`;
    const worker = job.worker;
    job.worker = null;
    if (worker) detach(worker);
    if (worker && state === 'done') releaseWorker(worker);
    else if (worker) await worker.terminate().catch(() => undefined);
    if (state !== 'done') {
      fs.rmSync(job.tmpPath, { recursive: true, force: true });
      options.onEnd?.(state, job.error);
    }
    notify();
    settle(toProgress(job));
  };

  stoppers.set(job.id, () => end('cancelled', null));
  void job.finished.then(() => stoppers.delete(job.id));
  const worker = acquireWorker();
  job.worker = worker;
  const onMessage = (m: WorkerMessage) => {
    if (job.state !== 'running') return;
    if (m.type === 'progress') {
      job.done = m.done;
      job.total = m.total;
      job.message = m.message;
      notify();
    } else if (m.type === 'error') {
      void end('failed', m.message);
    } else {
      try {
        moveIntoPlace(job);
        job.file = {
          name: path.basename(job.finalPath),
          path: job.handOver ? null : job.finalPath,
          bytes: sizeOf(job.finalPath),
          pages: m.pages,
          parts: isFolder ? fs.readdirSync(job.finalPath).filter((f) => !f.startsWith('.') && fs.statSync(path.join(job.finalPath, f)).isFile()).sort() : [],
        };
        job.done = job.total;
        job.message = m.pages ? `Saved: ${m.pages} pages` : 'Saved';
        void end('done', null);
      } catch (error) {
        void end('failed', `could not save ${job.handOver ? path.basename(job.finalPath) : job.finalPath}: ${(error as Error).message}`);
      }
    }
  };
  const onError = (error: Error) => void end('failed', error.message);
  const onExit = (code: number) => {
    if (job.state === 'running') void end('failed', `the export stopped unexpectedly (code ${code}).`);
  };
  function detach(w: Worker): void {
    w.off('message', onMessage);
    w.off('error', onError);
    w.off('exit', onExit);
  }
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.on('exit', onExit);
  worker.postMessage({ doc: options.doc, tmpPath: job.tmpPath } satisfies WorkerJob);
  return job;
}

/**
 * A file made at once, outside a worker (an exchange bundle): recorded as a finished job so the
 * browser preview serves it from the same download route as every other export.
 */
export function recordFinishedFile(id: string, kind: ExportKind, finalPath: string, message: string, who: { ownerId: string | null; private: boolean; handOver: boolean }): Job {
  if (who.private) makePrivate(finalPath);
  const file: ExportFile = { name: path.basename(finalPath), path: who.handOver ? null : finalPath, bytes: fs.statSync(finalPath).size, pages: null, parts: [] };
  const job: Job = {
    id,
    kind,
    state: 'done',
    done: 1,
    total: 1,
    message,
    error: null,
    headHash: null,
    finalPath,
    tmpPath: tmpPathFor(finalPath, id),
    isFolder: false,
    file,
    finished: Promise.resolve({ jobId: id, kind, state: 'done', done: 1, total: 1, message, file, error: null, headHash: null }),
    worker: null,
    startedAt: Date.now(),
    ...who,
    downloaded: new Set(),
  };
  jobs.set(id, job);
  prune();
  return job;
}

/** Stops a running job; its temporary file is removed before the reply (and before `finished` settles). */
export async function cancel(id: string): Promise<ExportProgress | null> {
  const job = jobs.get(id);
  if (!job) return null;
  const stop = stoppers.get(id);
  if (job.state === 'running' && stop) await stop();
  return toProgress(job);
}

const stoppers = new Map<string, () => Promise<void>>();
