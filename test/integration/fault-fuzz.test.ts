// Fault harness: property-based fuzzing (fast-check) of CSV import, of every contract operation over
// HTTP, and of backups with random bytes changed. Never a crash or a half-import: a clear error.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OP_NAMES } from '../../shared/api/index';
import { defaultMapping } from '../../shared/api/cases';
import type { ImportSource } from '../../shared/api/caseImport';
import { importCases } from '../../electron/core/cases/import';
import { dailyBackup } from '../../electron/core/db/backups';
import { StorageError } from '../../electron/core/db/errors';
import { restoreBackup } from '../../electron/core/db/restore';
import { AppError } from '../../electron/core/errors';
import { verifyHistory } from '../../electron/core/history/verify';
import { startPreviewServer, type PreviewServer } from '../../electron/preview/server';
import { makeTestCore, type TestCore } from './helpers';
import { givePassphrase, Tab } from './httpHelpers';

const cases = (core: TestCore) => (core.ctx.db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;

describe('CSV import with random input', () => {
  let core: TestCore;
  beforeAll(() => {
    core = makeTestCore();
    core.actAs('Quinn Lead', 'qa-lead');
  });
  afterAll(() => core.cleanup());

  const HEADERS = ['Case reference', 'Team', 'Worker', 'Case type', 'Age band', 'Date of birth', 'Opened on', 'Closed on', 'Notes', '', 'Case reference'];
  const cell = fc.oneof(
    fc.constantFrom('cin', 'CP', 'Child in need', 'cla', '5-9', '16-17', '23/11/2026', '2026-02-30', 'North', ''),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
  );
  const quote = (v: string, how: number) => (how === 0 ? v : how === 1 ? `"${v.replace(/"/g, '""')}"` : `"${v}`);
  const structured = fc
    .record({
      headers: fc.shuffledSubarray(HEADERS, { minLength: 0 }),
      rows: fc.array(fc.array(fc.tuple(cell, fc.nat(2)), { maxLength: 10 }), { maxLength: 12 }),
      sep: fc.constantFrom(',', ';', '\t'),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      encoding: fc.constantFrom('utf-8', 'windows-1252', 'utf-16', 'bom-utf-8'),
    })
    .map(({ headers, rows, sep, eol, encoding }) => {
      const text = [headers.join(sep), ...rows.map((r) => r.map(([v, how]) => quote(v, how)).join(sep))].join(eol);
      const bytes =
        encoding === 'utf-16'
          ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
          : encoding === 'windows-1252'
            ? Buffer.from(text, 'latin1')
            : Buffer.concat([encoding === 'bom-utf-8' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
      return { bytes, headers };
    });
  const raw = fc.uint8Array({ maxLength: 400 }).map((b) => ({ bytes: Buffer.from(b), headers: [] as string[] }));

  it('imports every row or none, and says clearly what is wrong', () => {
    fc.assert(
      fc.property(fc.oneof(structured, raw), ({ bytes, headers }) => {
        const before = cases(core);
        const source = { bytes: bytes.toString('base64'), encoding: 'auto' } as ImportSource;
        try {
          const result = importCases(core.ctx, source, defaultMapping(headers));
          if (result.errors.length) {
            expect(result.imported).toBe(0);
            expect(cases(core)).toBe(before);
            for (const e of result.errors) expect(JSON.stringify(e)).toMatch(/[A-Za-z]{3}/);
          } else {
            expect(cases(core)).toBe(before + result.imported);
          }
        } catch (error) {
          expect(error, String((error as Error).stack)).toBeInstanceOf(AppError);
          expect((error as Error).message.length).toBeGreaterThan(10);
          expect(cases(core)).toBe(before);
        }
      }),
      { numRuns: 150, seed: 20261202 },
    );
    expect(verifyHistory(core.ctx.db).ok).toBe(true);
  }, 120_000);
});

describe('every contract operation over HTTP with random JSON', () => {
  let core: TestCore;
  let server: PreviewServer;
  let tab: Tab;
  beforeAll(async () => {
    core = makeTestCore();
    core.actAs('Quinn Lead', 'qa-lead');
    const staticDir = path.join(core.dir, 'renderer');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
    server = await startPreviewServer({ dispatch: core.dispatchAs, db: () => core.baseCtx.db, staticDir });
    // Signed in as the QA lead, so every operation reaches its handler.
    tab = await Tab.open(server);
    const creds = await givePassphrase(core, 'Quinn Lead');
    await tab.signIn(creds.login, creds.passphrase);
  }, 60_000);
  afterAll(async () => {
    await server.close();
    core.cleanup();
  });

  function call(op: string, body: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, path: `/api/${encodeURIComponent(op)}`, method: 'POST', headers: tab.headers() },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('never answers 500: a value, or an error with a clear message and no stack trace', async () => {
    const json = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.constantFrom('id', 'caseId', 'auditId', 'name', 'revision', 'changes', 'format', 'month', 'role', 'csv'), fc.jsonValue({ maxDepth: 2 })));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OP_NAMES), json, async (op, input) => {
        const res = await call(op, JSON.stringify(input));
        expect(res.status, `${op} ${JSON.stringify(input)} → ${res.body}`).not.toBe(500);
        const reply = JSON.parse(res.body) as { ok: boolean; error?: { code: string; message: string } };
        if (!reply.ok) {
          expect(reply.error!.message.length).toBeGreaterThan(5);
          expect(reply.error!.message).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: Math.max(200, OP_NAMES.length * 4), seed: 1312 },
    );
    const garbage = await call('cases:list', '{"unterminated');
    expect(garbage.status).toBe(400);
    expect(verifyHistory(core.ctx.db).ok).toBe(true);
  }, 180_000);
});

describe('restoring a backup with random bytes changed', () => {
  let core: TestCore;
  let backup: string;
  beforeAll(() => {
    core = makeTestCore();
    core.actAs('Quinn Lead', 'qa-lead');
    backup = dailyBackup(core.ctx.db, core.ctx.dbFile, core.key, new Date('2026-12-01T09:00:00Z')).written!;
  });
  afterAll(() => core.cleanup());

  it('refuses with a clear message, never a crash, and leaves the database as it was', () => {
    const size = fs.statSync(backup).size;
    const target = path.join(core.dir, 'target.db');
    fs.copyFileSync(core.ctx.dbFile, target);
    let refused = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(size - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (flips) => {
        const damaged = path.join(core.dir, 'damaged.db');
        const bytes = fs.readFileSync(backup);
        for (const [at, x] of flips) bytes[at] ^= x;
        fs.writeFileSync(damaged, bytes);
        const before = fs.readFileSync(target);
        try {
          restoreBackup(target, damaged, core.key);
          // A change the checks cannot see (an unused part of a page) restored a sound file.
          fs.copyFileSync(core.ctx.dbFile, target);
        } catch (error) {
          expect(error, String((error as Error).stack)).toBeInstanceOf(StorageError);
          expect((error as Error).message).toMatch(/cannot be restored|did not verify|Nothing was changed/);
          expect(fs.readFileSync(target).equals(before)).toBe(true);
          expect(fs.existsSync(`${target}.restoring`)).toBe(false);
          refused += 1;
        }
      }),
      { numRuns: 60, seed: 77 },
    );
    expect(refused).toBeGreaterThan(50);
  }, 120_000);
});
