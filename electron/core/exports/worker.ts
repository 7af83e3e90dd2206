/**
 * The export worker (a worker_threads thread): receives the export as plain JSON, lays it
 * out and writes it to the temporary path, posting progress. It never opens the database
 * and never renames: the core moves the finished file into place, or deletes it. The core
 * keeps a finished worker warm for the next export (see workerPool.ts).
 */
import { parentPort } from 'node:worker_threads';
import { writeCsvFolder, writeWorkbook } from './dataFiles';
import type { ExportDoc, WorkerJob, WorkerMessage } from './model';
import { packDefinition, reportDefinition } from './pdf/documents';
import { writePdf } from './pdf/render';

const post = (message: WorkerMessage): void => parentPort?.postMessage(message);

/** A first guess at the page count, so layout progress can move before the real count is known. */
function estimatePages(doc: ExportDoc): number {
  if (doc.kind === 'report') return 3;
  if (doc.kind === 'pack') return 6 + doc.audits.length * 3 + Math.ceil(doc.audits.reduce((n, a) => n + a.actions.length, 0) / 18);
  return 1;
}

export async function runJob(job: WorkerJob, send: (message: WorkerMessage) => void): Promise<void> {
  const { doc, tmpPath } = job;
  if (doc.kind === 'data') {
    const total = doc.sheets.length + 1;
    const onSheet = (i: number, name: string) => send({ type: 'progress', done: i, total, message: `Writing ${name}` });
    if (doc.format === 'csv') await writeCsvFolder(doc, tmpPath, onSheet);
    else await writeWorkbook(doc, tmpPath, onSheet);
    send({ type: 'progress', done: total, total, message: 'Saving' });
    send({ type: 'done', pages: null });
    return;
  }
  const estimate = estimatePages(doc);
  send({ type: 'progress', done: 1, total: 100, message: 'Laying out pages' });
  const definition = doc.kind === 'pack' ? packDefinition(doc) : reportDefinition(doc);
  const pages = await writePdf(definition, tmpPath, (phase, value, count) => {
    if (phase === 'layout') send({ type: 'progress', done: Math.min(58, 1 + Math.round((57 * value) / estimate)), total: 100, message: `Laying out page ${value}` });
    else if (phase === 'render') send({ type: 'progress', done: 60 + Math.round(38 * value), total: 100, message: `Writing page ${Math.max(1, Math.round(value * count))} of ${count}` });
    else send({ type: 'progress', done: 99, total: 100, message: 'Saving' });
  });
  send({ type: 'done', pages });
}

// One job per message, one at a time: the core sends the next only after 'done' (a cancelled worker is terminated).
parentPort?.on('message', (job: WorkerJob) => {
  runJob(job, post).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});
