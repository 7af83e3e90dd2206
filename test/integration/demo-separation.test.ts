import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate';
import { demoFileFor } from '../../electron/core/demo/file';
import { makeTestCore, type TestCore } from './helpers';
import { exportNow, makeExportCore } from './exportHelpers';

let core: TestCore | undefined;
afterEach(() => {
  core?.cleanup();
  core = undefined;
});

describe('demo and real databases never mix', () => {
  it('the demo refuses a real database, and a real database starts with nobody in it', async () => {
    core = makeTestCore();
    expect((core.baseCtx.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n).toBe(0);
    const setup = await core.dispatchAs(null, 'session:setup', { name: 'Quinn Lead', email: 'quinn@council.example', passphrase: 'copper kettle morning rain' });
    expect(setup.ok).toBe(true);
    expect(() => generateDemo(core!.baseCtx, { seed: 1 })).toThrow(/real database, and demo data never enters one/);
    expect((core.baseCtx.db.prepare("SELECT count(*) AS n FROM users WHERE email LIKE '%@demo.plumbline.test'").get() as { n: number }).n).toBe(0);
    expect(core.baseCtx.db.prepare("SELECT value FROM meta WHERE key = 'demo'").get()).toBeUndefined();
    expect((await core.dispatchAs(null, 'session:me', {})) as { ok: true; value: { demo: boolean } }).toMatchObject({ value: { demo: false } });
    expect(demoFileFor('/data/plumbline.db')).toBe('/data/plumbline-demo.db');
  }, 60_000);

  it('a demo database is marked, refuses a standalone setup, and its exports say DEMO — NOT REAL DATA on every page and file', async () => {
    core = makeExportCore({ demo: true });
    expect((await core.dispatchAs(null, 'session:me', {})) as { ok: true; value: { demo: boolean } }).toMatchObject({ value: { demo: true } });
    const out = path.join(core.dir, 'out');
    fs.mkdirSync(out);
    const pack = await exportNow(core, { kind: 'pack', outPath: path.join(out, 'pack.pdf') });
    expect(pack.state).toBe('done');
    const text = execFileSync('pdftotext', ['-layout', path.join(out, 'pack.pdf'), '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(2);
    for (const [i, page] of pages.entries()) expect(page, `page ${i + 1}`).toContain('DEMO — NOT REAL DATA');
    const data = await exportNow(core, { kind: 'data', format: 'csv', outPath: path.join(out, 'data') });
    expect(data.state).toBe('done');
    for (const file of fs.readdirSync(path.join(out, 'data'))) {
      const first = fs.readFileSync(path.join(out, 'data', file), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
      expect(first, file).toBe('DEMO — NOT REAL DATA');
    }
  }, 180_000);
});
