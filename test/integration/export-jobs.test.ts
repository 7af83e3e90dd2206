import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportProgress } from '../../shared/api/exports';
import { cancel, getJob, launch } from '../../electron/core/exports/jobs';
import type { ExportDoc } from '../../electron/core/exports/model';
import { exportsFolder, startExport } from '../../electron/core/exports/service';
import { resolveDownload } from '../../electron/preview/downloads';
import { startPreviewServer } from '../../electron/preview/server';
import { allocateToCurrent, callOk, type TestCore } from './helpers';
import { submitAudit } from './moderation.fixtures';
import { givePassphrase, Tab } from './httpHelpers';
import { filesIn, makeExportCore, outDir } from './exportHelpers';
import { setRuntimeInfo } from '../../electron/core/session/current';

async function untilDone(core: TestCore, jobId: string): Promise<ExportProgress> {
  for (;;) {
    const p = await callOk<ExportProgress>(core, 'exports:progress', { jobId });
    if (p.state !== 'running') return p;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('export jobs', () => {
  let core: TestCore;
  beforeAll(() => {
    core = makeExportCore({ cases: 40, audits: 24 });
  });
  afterAll(() => core.cleanup());

  it('a cancelled export leaves no file, not even a temporary one, and the history says so', async () => {
    const dir = outDir(core, 'cancel');
    // Cancelled at once, before the worker has started…
    const early = startExport(core.ctx, { kind: 'pack', outPath: path.join(dir, 'early.pdf') });
    await cancel(early.id);
    expect((await early.finished).state).toBe('cancelled');
    // …and in the middle of laying out pages.
    const job = startExport(core.ctx, { kind: 'pack', outPath: path.join(dir, 'pack.pdf') });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (job.state !== 'running' || /Laying out page/.test(job.message)) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    expect(job.state).toBe('running');
    const reply = await callOk<ExportProgress>(core, 'exports:cancel', { jobId: job.id });
    expect(reply.state).toBe('cancelled');
    expect((await job.finished).state).toBe('cancelled');
    expect(filesIn(dir)).toEqual([]);
    const ops = (core.ctx.db.prepare("SELECT op FROM history WHERE entity = 'export' AND entity_id = ? ORDER BY seq").all(job.id) as { op: string }[]).map((r) => r.op);
    expect(ops).toEqual(['export.pack', 'export.cancelled']);
  }, 120_000);

  it('a failed export leaves no file', async () => {
    const dir = outDir(core, 'failed');
    const job = launch({ id: '01a20000-0000-7000-8000-000000000001', kind: 'report', doc: { kind: 'report' } as unknown as ExportDoc, finalPath: path.join(dir, 'broken.pdf'), headHash: null, ownerId: null });
    const result = await job.finished;
    expect(result.state).toBe('failed');
    expect(result.error).toBeTruthy();
    expect(filesIn(dir)).toEqual([]);
  }, 60_000);

  it('keeps the main event loop free while the worker lays out a pack', async () => {
    const dir = outDir(core, 'loop');
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const result = await startExport(core.ctx, { kind: 'pack', outPath: path.join(dir, 'pack.pdf') }).finished;
    h.disable();
    expect(result.state).toBe('done');
    // Laying out the pack takes seconds of CPU; none of it runs on this thread.
    expect(h.max / 1e6).toBeLessThan(1000);
  }, 120_000);
});

describe('exports over the contract and the preview download', () => {
  let core: TestCore;
  let staticDir: string;
  beforeAll(() => {
    core = makeExportCore({ cases: 20, audits: 10 });
    staticDir = outDir(core, 'static');
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  });
  afterAll(() => core.cleanup());

  it('refuses a chosen path in the browser preview', async () => {
    await expect(callOk(core, 'exports:start', { kind: 'pack', outPath: path.join(core.dir, 'x.pdf') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('writes to the exports folder beside the database and serves only what the job produced, with the token', async () => {
    const { jobId } = await callOk<{ jobId: string }>(core, 'exports:start', { kind: 'data', format: 'csv' });
    const done = await untilDone(core, jobId);
    expect(done.state).toBe('done');
    // The browser preview's reply names the file, never where it is (see preview-downloads.test.ts).
    expect(done.file!.path).toBeNull();
    const written = getJob(jobId)!.finalPath;
    expect(path.dirname(written)).toBe(exportsFolder(core.ctx));
    expect(done.file!.parts).toEqual(['README.txt', 'actions.csv', 'answers.csv', 'audits.csv', 'cases.csv', 'feedback.csv', 'grades.csv', 'moderation.csv', 'service-findings.csv']);
    const prefix = `/exports/download/${jobId}`;
    const me = core.principal!.id;
    expect(resolveDownload(`${prefix}/cases.csv`, me)).toBe(path.join(written, 'cases.csv'));
    for (const bad of [prefix, `${prefix}/../../test.db`, `${prefix}/..%2F..%2Ftest.db`, `${prefix}/nope.csv`, `${prefix}/cases.csv/x`, '/exports/download/../test.db', '/exports/download/01a20000-0000-7000-8000-000000000009']) {
      expect(resolveDownload(bad, me), bad).toBeNull();
    }

    const pdf = await callOk<{ jobId: string }>(core, 'exports:start', { kind: 'pack' });
    const packDone = await untilDone(core, pdf.jobId);
    expect(packDone.state).toBe('done');
    const server = await startPreviewServer({ dispatch: core.dispatchAs, db: () => core.baseCtx.db, staticDir, token: 'secret-token-for-tests' });
    try {
      const url = `http://127.0.0.1:${server.port}/exports/download/${pdf.jobId}`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { Authorization: 'Bearer wrong-token-for-testsxx' } })).status).toBe(401);
      const tab = await Tab.open(server);
      // The launch token alone is not enough: the tab's session must be signed in.
      expect((await fetch(url, { headers: tab.headers() })).status).toBe(401);
      const creds = await givePassphrase(core, core.principal!.name);
      await tab.signIn(creds.login, creds.passphrase);
      const signedIn = tab.headers();
      const ok = await fetch(url, { headers: signedIn });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('application/pdf');
      expect(ok.headers.get('content-disposition')).toContain(`filename="${packDone.file!.name}"`);
      expect(ok.headers.get('cache-control')).toBe('no-store');
      const bytes = Buffer.from(await ok.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(bytes.length).toBe(packDone.file!.bytes);
      const csv = await fetch(`http://127.0.0.1:${server.port}/exports/download/${jobId}/grades.csv`, { headers: signedIn });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const traversal = await fetch(`http://127.0.0.1:${server.port}/exports/download/${jobId}/..%2F..%2Ftest.db`, { headers: signedIn });
      expect(traversal.status).toBe(404);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('says clearly when a job is unknown', async () => {
    await expect(callOk(core, 'exports:progress', { jobId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callOk(core, 'exports:cancel', { jobId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('who may export', () => {
  it('data exports are for QA leads, packs for moderators and QA leads, a report for anyone', async () => {
    const core = makeExportCore({ cases: 6, audits: 3 });
    try {
      const auditId = (core.ctx.db.prepare("SELECT id FROM audits WHERE status != 'draft' LIMIT 1").get() as { id: string }).id;
      const caseId = (core.ctx.db.prepare('SELECT id FROM cases WHERE id NOT IN (SELECT case_id FROM audits) LIMIT 1').get() as { id: string }).id;
      core.actAs('Ada Auditor', 'auditor');
      await expect(callOk(core, 'exports:start', { kind: 'data', format: 'csv' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(callOk(core, 'exports:start', { kind: 'pack' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      // A report of someone else's audit: out of her scope, answered as if it did not exist.
      await expect(callOk(core, 'exports:start', { kind: 'report', auditId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      allocateToCurrent(core, caseId);
      const own = await submitAudit(core, caseId, { overall: 2 });
      const report = await callOk<{ jobId: string }>(core, 'exports:start', { kind: 'report', auditId: own });
      expect((await untilDone(core, report.jobId)).state).toBe('done');
      core.actAs('Mo Moderator', 'moderator');
      await expect(callOk(core, 'exports:start', { kind: 'data', format: 'xlsx' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const pack = await callOk<{ jobId: string }>(core, 'exports:start', { kind: 'pack' });
      expect((await untilDone(core, pack.jobId)).state).toBe('done');
    } finally {
      core.cleanup();
    }
  });
});

describe('show in folder', () => {
  it('asks the desktop shell to show the finished file, and is refused in the browser preview', async () => {
    const core = makeExportCore({ cases: 4, audits: 2 });
    try {
      const auditId = (core.ctx.db.prepare("SELECT id FROM audits WHERE status != 'draft' LIMIT 1").get() as { id: string }).id;
      const { jobId } = await callOk<{ jobId: string }>(core, 'exports:start', { kind: 'report', auditId });
      const done = await untilDone(core, jobId);
      await expect(callOk(core, 'exports:reveal', { jobId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const shown: string[] = [];
      setRuntimeInfo(core.ctx, { transport: 'electron', keyWarning: null, revealFile: (file) => void shown.push(file) });
      await callOk(core, 'exports:reveal', { jobId });
      expect(done.file!.path).toBeNull(); // made in the preview: the reply never said where
      expect(shown).toEqual([getJob(jobId)!.finalPath]);
    } finally {
      core.cleanup();
    }
  });
});
