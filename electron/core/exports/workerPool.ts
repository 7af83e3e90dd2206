/**
 * Export workers: one is kept warm between exports (its pdfmake code already compiled and its
 * fonts loaded), unref'd while idle so it never keeps a process alive. A worker that was
 * cancelled or failed is terminated, never reused.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The worker script: the TypeScript sources through a tsx bootstrap, or the bundled file in the built app. */
function workerEntry(): URL {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.ts')) return new URL('./worker.boot.mjs', here);
  // Built app: electron-vite writes the worker entry beside main's index.js (this code may sit in a chunk below it).
  const beside = new URL('./export-worker.js', here);
  return fs.existsSync(fileURLToPath(beside)) ? beside : new URL('../export-worker.js', here);
}

const idle: Worker[] = [];
/** The pool's own listeners on an idle worker (removed one by one: removeAllListeners would also drop Node's internal ones). */
const idleHandlers = new WeakMap<Worker, { onError: () => void; onExit: () => void }>();
const MAX_IDLE = 1;

/** A larger young generation: layout allocates many short-lived objects, and scavenges dominated. */
const LIMITS = { maxYoungGenerationSizeMb: 96 };

export function acquireWorker(): Worker {
  const warm = idle.pop();
  if (warm) {
    const h = idleHandlers.get(warm);
    if (h) {
      warm.off('error', h.onError);
      warm.off('exit', h.onExit);
    }
    warm.ref();
    return warm;
  }
  return new Worker(workerEntry(), { resourceLimits: LIMITS });
}

/** Returns a worker that finished its job cleanly (the job has removed its listeners) to the pool, or ends it when the pool is full. */
export function releaseWorker(worker: Worker): void {
  if (idle.length >= MAX_IDLE) {
    void worker.terminate().catch(() => undefined);
    return;
  }
  worker.unref();
  const onError = () => undefined;
  const onExit = () => {
    const i = idle.indexOf(worker);
    if (i >= 0) idle.splice(i, 1);
  };
  worker.on('error', onError);
  worker.once('exit', onExit);
  idleHandlers.set(worker, { onError, onExit });
  idle.push(worker);
}

/** Ends the idle workers (tests and shutdown). */
export async function drainWorkers(): Promise<void> {
  await Promise.all(idle.splice(0).map((w) => w.terminate().catch(() => undefined)));
}
