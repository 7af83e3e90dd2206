/**
 * Exports handed over by the browser preview (issue 11 item 7), over real HTTP: files are 0600
 * in a 0700 folder, deleted once downloaded or after 24 hours, no reply names a place on this
 * computer, and one person cannot follow, cancel or download another's export.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../shared/api/index';
import type { ExportOptions, ExportProgress } from '../../shared/api/exports';
import { previewDownloadsFolder } from '../../electron/core/exports/folder';
import { startPreviewServer, type PreviewServer } from '../../electron/preview/server';
import type { TestCore } from './helpers';
import { givePassphrase, Tab, type HttpReply } from './httpHelpers';
import { makeExportCore, outDir } from './exportHelpers';

const mode = (p: string): number => fs.statSync(p).mode & 0o777;

/** Every string anywhere in a value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

/** An absolute path of this computer: a POSIX path with a folder in it, a Windows drive path, or any mention of the test's folders. */
function absolutePaths(reply: HttpReply, dirs: string[]): string[] {
  return strings(reply.body).filter((s) => /(^|[\s"'(])\/[^\s/]+\/[^\s]/.test(s) || /[A-Za-z]:\\/.test(s) || dirs.some((d) => s.includes(d)));
}

describe('exports handed over by the browser preview', () => {
  let core: TestCore;
  let server: PreviewServer;
  let lead: Tab;
  let moderator: Tab;
  let folder: string;
  let staticDir: string;
  const replies: { op: string; reply: HttpReply }[] = [];
  const call = async (tab: Tab, op: string, input: unknown = {}): Promise<HttpReply> => {
    const reply = await tab.call(op, input);
    replies.push({ op, reply });
    return reply;
  };
  const untilDone = async (tab: Tab, jobId: string): Promise<ExportProgress> => {
    for (;;) {
      const r = await call(tab, 'exports:progress', { jobId });
      const p = r.body.value as ExportProgress;
      if (!r.body.ok) throw new Error(JSON.stringify(r.body));
      if (p.state !== 'running') return p;
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  const download = (tab: Tab, jobId: string, part?: string) =>
    fetch(`http://127.0.0.1:${server.port}/exports/download/${jobId}${part ? `/${encodeURIComponent(part)}` : ''}`, { headers: tab.headers() });

  beforeAll(async () => {
    core = makeExportCore({ cases: 16, audits: 8 });
    const leadCreds = await givePassphrase(core, core.principal!.name);
    core.actAs('Mo Moderator', 'moderator');
    const modCreds = await givePassphrase(core, 'Mo Moderator');
    folder = previewDownloadsFolder(core.baseCtx.dbFile);
    staticDir = outDir(core, 'static');
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    server = await startPreviewServer({ dispatch: core.dispatchAs, db: () => core.baseCtx.db, staticDir, downloads: { folder: () => folder } });
    lead = await Tab.open(server);
    await lead.signIn(leadCreds.login, leadCreds.passphrase);
    moderator = await Tab.open(server);
    await moderator.signIn(modCreds.login, modCreds.passphrase);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    core?.cleanup();
  });

  it('writes 0600 files in a 0700 folder, and deletes each once downloaded', async () => {
    const pack = await call(lead, 'exports:start', { kind: 'pack' });
    expect(pack.status).toBe(200);
    const packJob = (pack.body.value as { jobId: string }).jobId;
    const packDone = await untilDone(lead, packJob);
    expect(packDone.state).toBe('done');
    expect(mode(folder)).toBe(0o700);
    const packFile = path.join(folder, packDone.file!.name);
    expect(mode(packFile)).toBe(0o600);

    const data = await call(lead, 'exports:start', { kind: 'data', format: 'csv' });
    const dataJob = (data.body.value as { jobId: string }).jobId;
    const dataDone = await untilDone(lead, dataJob);
    expect(dataDone.state).toBe('done');
    const csvFolder = path.join(folder, dataDone.file!.name);
    expect(mode(csvFolder)).toBe(0o700);
    expect(dataDone.file!.parts.length).toBeGreaterThan(3);
    for (const part of dataDone.file!.parts) expect(mode(path.join(csvFolder, part)), part).toBe(0o600);

    // A HEAD request sends nothing, so nothing is deleted.
    const head = await fetch(`http://127.0.0.1:${server.port}/exports/download/${packJob}`, { method: 'HEAD', headers: lead.headers() });
    expect(head.status).toBe(200);
    expect(fs.existsSync(packFile)).toBe(true);

    const got = await download(lead, packJob);
    expect(got.status).toBe(200);
    const bytes = Buffer.from(await got.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBe(packDone.file!.bytes);
    await until(() => !fs.existsSync(packFile));
    const again = await download(lead, packJob);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/deleted/);

    // A CSV export: each part is deleted as it is downloaded, the folder with the last one.
    const [first, ...rest] = dataDone.file!.parts;
    const firstReply = await download(lead, dataJob, first);
    expect(firstReply.status).toBe(200);
    await firstReply.arrayBuffer();
    await until(() => !fs.existsSync(path.join(csvFolder, first)));
    expect(fs.existsSync(csvFolder)).toBe(true);
    for (const part of rest) {
      const r = await download(lead, dataJob, part);
      expect(r.status, part).toBe(200);
      await r.arrayBuffer();
    }
    await until(() => !fs.existsSync(csvFolder));
  }, 180_000);

  it('an invitation file made in the preview is private, handed over and never names its place', async () => {
    // An invitation to join: the file carries the team's keys, so it is handed over like any export.
    const made = await call(lead, 'bundles:invite', { personId: core.principalOf('Mo Moderator').id });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const view = made.body.value as { jobId: string; fileName: string; path: string | null };
    expect(view.path).toBeNull();
    const file = path.join(folder, view.fileName);
    expect(mode(file)).toBe(0o600);
    // Not the moderator's to download, even though it is addressed to them.
    expect((await download(moderator, view.jobId)).status).toBe(404);
    const r = await download(lead, view.jobId);
    expect(r.status).toBe(200);
    await r.arrayBuffer();
    await until(() => !fs.existsSync(file));
  }, 120_000);

  it("refuses another person's export: progress, cancel, show in folder and download", async () => {
    const started = await call(lead, 'exports:start', { kind: 'pack' });
    const jobId = (started.body.value as { jobId: string }).jobId;
    for (const op of ['exports:progress', 'exports:cancel', 'exports:reveal']) {
      const r = await call(moderator, op, { jobId });
      expect(r.status, op).toBe(404);
      expect(r.body.error?.code, op).toBe('NOT_FOUND');
      expect(JSON.stringify(r.body), op).not.toContain('audit-pack');
    }
    const done = await untilDone(lead, jobId);
    expect(done.state).toBe('done'); // the moderator's cancel did not touch it
    const theirs = await download(moderator, jobId);
    expect(theirs.status).toBe(404);
    expect(fs.existsSync(path.join(folder, done.file!.name))).toBe(true);
    // The moderator's own export is theirs to follow and cancel.
    const own = await call(moderator, 'exports:start', { kind: 'pack' });
    const ownId = (own.body.value as { jobId: string }).jobId;
    expect((await call(moderator, 'exports:cancel', { jobId: ownId })).status).toBe(200);
    expect((await call(lead, 'exports:progress', { jobId: ownId })).status).toBe(404);
  }, 180_000);

  it('no reply of any export operation names a place on this computer', async () => {
    const auditId = (core.baseCtx.db.prepare("SELECT id FROM audits WHERE status != 'draft' LIMIT 1").get() as { id: string }).id;
    await call(lead, 'exports:options', {});
    const opts = await call(lead, 'exports:options', { auditId });
    expect((opts.body.value as ExportOptions).folder).toBeNull();
    const report = await call(lead, 'exports:start', { kind: 'report', auditId });
    const reportId = (report.body.value as { jobId: string }).jobId;
    await untilDone(lead, reportId);
    await call(lead, 'exports:cancel', { jobId: reportId });
    await call(lead, 'exports:reveal', { jobId: reportId });
    await call(lead, 'exports:start', { kind: 'pack', outPath: path.join(core.dir, 'x.pdf') });
    await call(lead, 'exports:start', { kind: 'data', format: 'xlsx' }).then((r) => untilDone(lead, (r.body.value as { jobId: string }).jobId));
    // Every export operation in the contract was called, so a new one cannot slip past this walk.
    const exportOps = Object.keys(api).filter((op) => op.startsWith('exports:'));
    expect(exportOps.filter((op) => !replies.some((r) => r.op === op))).toEqual([]);
    const dirs = [core.dir, folder, path.dirname(core.baseCtx.dbFile)];
    const leaks = replies.filter((r) => r.op.startsWith('exports:') || r.op.startsWith('bundles:')).flatMap((r) => absolutePaths(r.reply, dirs).map((s) => `${r.op}: ${s}`));
    expect(leaks).toEqual([]);
  }, 180_000);
});

describe('the 24-hour sweep of the hand-over folder', () => {
  it('deletes what is older than 24 hours when the server starts and while it runs, and keeps what is newer', async () => {
    const core = makeExportCore({ cases: 2, audits: 1 });
    const folder = previewDownloadsFolder(core.baseCtx.dbFile);
    fs.mkdirSync(path.join(folder, 'old-csv-export'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'old-csv-export', 'cases.csv'), 'x');
    fs.writeFileSync(path.join(folder, 'old.pdf'), 'x');
    fs.writeFileSync(path.join(folder, 'new.pdf'), 'x');
    const dayAndAnHourAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    fs.utimesSync(path.join(folder, 'old.pdf'), dayAndAnHourAgo, dayAndAnHourAgo);
    fs.utimesSync(path.join(folder, 'old-csv-export'), dayAndAnHourAgo, dayAndAnHourAgo);
    const staticDir = outDir(core, 'static');
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    const server = await startPreviewServer({ dispatch: core.dispatchAs, db: () => core.baseCtx.db, staticDir, downloads: { folder: () => folder, sweepEveryMs: 100 } });
    try {
      expect(fs.readdirSync(folder).sort()).toEqual(['new.pdf']);
      // Left behind while the server runs (a download never fetched): the periodic sweep takes it.
      fs.writeFileSync(path.join(folder, 'later.pdf'), 'x');
      fs.utimesSync(path.join(folder, 'later.pdf'), dayAndAnHourAgo, dayAndAnHourAgo);
      await until(() => !fs.existsSync(path.join(folder, 'later.pdf')));
      expect(fs.readdirSync(folder)).toEqual(['new.pdf']);
    } finally {
      await server.close();
      core.cleanup();
    }
  }, 60_000);
});

/** Waits (polling) until the condition holds; gives up (naming what it waited for) after a generous minute. */
async function until(condition: () => boolean, what = condition.toString()): Promise<void> {
  const giveUp = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error(`Still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
