// Fault harness: a full disk. A small tmpfs holds the database; a filler file takes the rest of the
// space. Import, autosave, export, backup and migration each fail with a clear message, the
// database verifies, and nothing is lost. Skipped, with the reason, where mount is not permitted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderMigrations } from '../../electron/core/db/ledger';
import { MIGRATIONS } from '../../electron/core/db/migrations/index';
import { openDatabase, type Db } from '../../electron/core/db/open';
import { verifyHistory } from '../../electron/core/history/verify';
import { bundle, casesCsv, runNode, type Bundle } from './faultHarness';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-full-'));
const mnt = path.join(work, 'disk');
let bin: Bundle;
let mounted = false;
let whyNot = '';
let key = '';
const db = path.join(mnt, 'plumbline.db');
const old = path.join(mnt, 'old.db');

/** Fills the disk, leaving about `spare` bytes free (so the database still opens, but nothing big fits). */
function fill(spare: number): void {
  const filler = path.join(mnt, 'filler');
  fs.rmSync(filler, { force: true });
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch {
    /* ENOSPC: full */
  }
  fs.closeSync(fd);
  fs.truncateSync(filler, Math.max(0, fs.statSync(filler).size - spare));
}

function verified<T>(file: string, read: (d: Db) => T): T {
  const d = openDatabase(file, key);
  try {
    expect(verifyHistory(d).ok).toBe(true);
    return read(d);
  } finally {
    d.close();
  }
}
const count = (d: Db, sql: string) => (d.prepare(sql).get() as { n: number }).n;

beforeAll(async () => {
  fs.mkdirSync(mnt);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mnt], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    whyNot = `mounting a tmpfs is not permitted here (${(error as Error).message.split('\n')[0]})`;
    return;
  }
  bin = bundle();
  const made = await runNode(bin.cli, ['demo', '--db', db]);
  expect(made.code, made.stderr).toBe(0);
  key = fs.readFileSync(`${db}.key`, 'utf8').trim();
  const v6 = openDatabase(old, key, { create: true, migrations: orderMigrations(MIGRATIONS).filter((m) => m.version <= 6) });
  v6.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
    INSERT INTO cases (id, reference, team, worker, case_type, age_band, created_at, updated_at)
    SELECT 'c' || i, 'OLD' || i, 'Team ' || (i % 4), 'W', 'cin', '5-9', '2026-01-01', '2026-01-01' FROM n`);
  v6.close();
  fs.writeFileSync(`${old}.key`, key + '\n', { mode: 0o600 });
  fs.writeFileSync(path.join(work, 'cases.csv'), casesCsv(5000));
  fill(96 * 1024);
}, 180_000);
afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mnt]);
  fs.rmSync(work, { recursive: true, force: true });
  if (bin) fs.rmSync(bin.dir, { recursive: true, force: true });
});

const FULL = /full|cannot write|no space/i;

describe('a full disk', () => {
  it('import, autosave, export, backup and migration each fail clearly, and nothing is lost', async (ctx) => {
    if (!mounted) ctx.skip(whyNot);
    const cases = verified(db, (d) => count(d, 'SELECT count(*) AS n FROM cases'));
    const history = verified(db, (d) => count(d, 'SELECT count(*) AS n FROM history'));

    const imported = await runNode(bin.cli, ['import-cases', '--db', db, '--csv', path.join(work, 'cases.csv')]);
    expect(imported.code).toBe(1);
    expect(imported.stderr.trim().split('\n'), imported.stderr).toHaveLength(1);
    expect(imported.stderr).toMatch(FULL);
    expect(verified(db, (d) => count(d, 'SELECT count(*) AS n FROM cases'))).toBe(cases);

    const auditId = verified(db, (d) => (d.prepare("SELECT id FROM audits WHERE status = 'draft' LIMIT 1").get() as { id: string }).id);
    const saved = await runNode(bin.script, ['autosave', db, auditId, '100000']);
    expect(saved.code).not.toBe(0);
    expect(saved.stderr).toMatch(FULL);
    verified(db, (d) => {
      const row = d.prepare('SELECT key_findings, justification FROM audits WHERE id = ?').get(auditId) as { key_findings: string; justification: string };
      expect(row.key_findings).toBe(row.justification);
      expect(count(d, 'SELECT count(*) AS n FROM history')).toBeGreaterThanOrEqual(history);
    });

    const exported = await runNode(bin.cli, ['export', 'data', '--db', db, '--format', 'csv', '--out', path.join(mnt, 'export')]);
    expect(exported.code).toBe(1);
    expect(exported.stderr.trim().split('\n')).toHaveLength(1);
    expect(exported.stderr).toMatch(FULL);

    const backedUp = await runNode(bin.cli, ['backup', '--db', db, '--out', path.join(mnt, 'copy.db')]);
    expect(backedUp.code).toBe(1);
    expect(backedUp.stderr).toMatch(/the disk holding .* is full/);
    expect(fs.existsSync(path.join(mnt, 'copy.db'))).toBe(false);
    expect(fs.existsSync(path.join(mnt, 'copy.db.partial'))).toBe(false);

    const before = fs.readFileSync(old);
    const migrated = await runNode(bin.cli, ['report', 'actions', '--db', old, '--json']);
    expect(migrated.code).toBe(1);
    expect(migrated.stderr.trim().split('\n')).toHaveLength(1);
    expect(migrated.stderr).toMatch(/needs upgrading from version 6 .* full/);
    expect(fs.readFileSync(old).equals(before)).toBe(true);
    expect(verified(db, (d) => count(d, 'SELECT count(*) AS n FROM cases'))).toBe(cases);
  }, 300_000);
});
