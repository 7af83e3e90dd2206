// Fault harness: kill -9 at random moments, 20 rounds each, during a CSV import, an autosave, a
// backup, a migration and an export. After each: the file opens, verifies, and holds the state
// before or the state after — never a mixture.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupIsGood } from '../../electron/core/db/backups';
import { openReadOnly } from '../../electron/core/db/cipher';
import { orderMigrations } from '../../electron/core/db/ledger';
import { MIGRATIONS } from '../../electron/core/db/migrations/index';
import { openDatabase, type Db } from '../../electron/core/db/open';
import { verifyHistory } from '../../electron/core/history/verify';
import { bundle, casesCsv, copyDatabase, moments, runNode, type Bundle } from './faultHarness';

/**
 * 20 rounds each, as the issue asks (about 100 s on a 2-core machine with the rest of the suite
 * running beside it); PLUMBLINE_FAULT_ROUNDS=N runs more (or fewer, when iterating locally).
 */
const ROUNDS = Number(process.env.PLUMBLINE_FAULT_ROUNDS ?? 20);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-kill9-'));
let bin: Bundle;
let demo: string;
let key: string;

beforeAll(async () => {
  bin = bundle();
  demo = path.join(work, 'base', 'plumbline.db');
  fs.mkdirSync(path.dirname(demo));
  const made = await runNode(bin.cli, ['demo', '--db', demo]);
  expect(made.code, made.stderr).toBe(0);
  key = fs.readFileSync(`${demo}.key`, 'utf8').trim();
}, 120_000);
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  if (bin) fs.rmSync(bin.dir, { recursive: true, force: true });
});

/** Opens the file as the app would (recovering its WAL), checks the history chain, runs `read`, closes. */
function openVerified<T>(file: string, read: (db: Db) => T): T {
  const db = openDatabase(file, key);
  try {
    const result = verifyHistory(db);
    expect(result.ok, JSON.stringify(result.brokenAt)).toBe(true);
    return read(db);
  } finally {
    db.close();
  }
}
const count = (db: Db, sql: string) => (db.prepare(sql).get() as { n: number }).n;

/** Runs the operation once whole (to learn how long it takes), then ROUNDS times killed at a random moment. */
async function rounds(name: string, seed: number, prepare: (dir: string) => string[], check: (dir: string, killed: boolean) => void): Promise<{ killed: number }> {
  const whole = path.join(work, `${name}-whole`);
  const args = prepare(whole);
  const first = await runNode(args[0], args.slice(1));
  expect(first.code, first.stderr).toBe(0);
  check(whole, false);
  const rand = moments(seed);
  let killed = 0;
  for (let r = 0; r < ROUNDS; r += 1) {
    const dir = path.join(work, `${name}-${r}`);
    const a = prepare(dir);
    const run = await runNode(a[0], a.slice(1), { killAfterMs: Math.floor(rand() * first.ms * 1.1) });
    if (run.signal === 'SIGKILL') killed += 1;
    else expect(run.code, run.stderr).toBe(0);
    check(dir, run.signal === 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { killed };
}

describe('kill -9 at random moments', () => {
  it('during a CSV import: every case or none, history sound', async () => {
    const csv = path.join(work, 'cases.csv');
    fs.writeFileSync(csv, casesCsv(3000));
    const before = openVerified(demo, (db) => count(db, 'SELECT count(*) AS n FROM cases'));
    const { killed } = await rounds(
      'import',
      13,
      (dir) => [bin.cli, 'import-cases', '--db', copyDatabase(demo, dir), '--csv', csv],
      (dir) => {
        const n = openVerified(path.join(dir, 'plumbline.db'), (db) => count(db, 'SELECT count(*) AS n FROM cases'));
        expect([before, before + 3000]).toContain(n);
      },
    );
    expect(killed).toBeGreaterThan(0);
  }, 900_000);

  it('during autosave: each save whole (both fields from the same save), history sound', async () => {
    const auditId = openVerified(demo, (db) => (db.prepare("SELECT id FROM audits WHERE status = 'draft' LIMIT 1").get() as { id: string }).id);
    const { killed } = await rounds(
      'autosave',
      29,
      (dir) => [bin.script, 'autosave', copyDatabase(demo, dir), auditId, '300'],
      (dir) => {
        const row = openVerified(path.join(dir, 'plumbline.db'), (db) => db.prepare('SELECT key_findings, justification FROM audits WHERE id = ?').get(auditId) as { key_findings: string; justification: string });
        expect(row.key_findings).toBe(row.justification);
      },
    );
    expect(killed).toBeGreaterThan(0);
  }, 900_000);

  it('during a backup: the backup is whole and verified or absent; the database untouched', async () => {
    const before = openVerified(demo, (db) => count(db, 'SELECT count(*) AS n FROM history'));
    const { killed } = await rounds(
      'backup',
      41,
      (dir) => [bin.cli, 'backup', '--db', copyDatabase(demo, dir), '--out', path.join(dir, 'copy.db')],
      (dir) => {
        const out = path.join(dir, 'copy.db');
        if (fs.existsSync(out)) expect(backupIsGood(out, key)).toBe(true);
        expect(openVerified(path.join(dir, 'plumbline.db'), (db) => count(db, 'SELECT count(*) AS n FROM history'))).toBe(before);
      },
    );
    expect(killed).toBeGreaterThan(0);
  }, 900_000);

  it('during a migration: the file is at the old version or the new, and opens and verifies', async () => {
    const ordered = orderMigrations(MIGRATIONS);
    const latest = ordered.at(-1)!.version;
    const old = path.join(work, 'v6', 'plumbline.db');
    fs.mkdirSync(path.dirname(old));
    const db = openDatabase(old, key, { create: true, migrations: ordered.filter((m) => m.version <= 6) });
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
      INSERT INTO cases (id, reference, team, worker, case_type, age_band, created_at, updated_at)
      SELECT 'c' || i, 'MIG' || i, 'Team ' || (i % 4), 'Worker ' || (i % 9), 'cin', '5-9', '2026-01-01', '2026-01-01' FROM n`);
    db.close();
    fs.writeFileSync(`${old}.key`, key + '\n', { mode: 0o600 });
    const { killed } = await rounds(
      'migrate',
      53,
      (dir) => [bin.cli, 'report', 'actions', '--db', copyDatabase(old, dir), '--json'],
      (dir) => {
        const file = path.join(dir, 'plumbline.db');
        const probe = openReadOnly(file, key);
        const version = probe.pragma('user_version', { simple: true }) as number;
        probe.close();
        expect([6, latest]).toContain(version);
        // Rows written at version 6 straight into the table (no history) are not what verify's
        // replay expects, so here the check is the file's integrity, the ledger and the rows.
        const d = openDatabase(file, key);
        try {
          expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
          expect(count(d, 'SELECT count(*) AS n FROM migration_ledger')).toBe(ordered.length);
          expect(count(d, "SELECT count(*) AS n FROM cases WHERE reference LIKE 'MIG%'")).toBe(4000);
        } finally {
          d.close();
        }
      },
    );
    expect(killed).toBeGreaterThan(0);
  }, 900_000);

  it('during an export: the export is whole or absent; the database verifies', async () => {
    const { killed } = await rounds(
      'export',
      67,
      (dir) => [bin.cli, 'export', 'data', '--db', copyDatabase(demo, dir), '--format', 'xlsx', '--out', path.join(dir, 'data.xlsx')],
      (dir) => {
        const out = path.join(dir, 'data.xlsx');
        if (fs.existsSync(out)) {
          const bytes = fs.readFileSync(out);
          // A whole zip ends with its end-of-central-directory record.
          expect(bytes.subarray(Math.max(0, bytes.length - 22)).readUInt32LE(0)).toBe(0x06054b50);
        }
        openVerified(path.join(dir, 'plumbline.db'), () => null);
        expect(fs.readdirSync(dir).filter((n) => n.startsWith('data.xlsx') && n !== 'data.xlsx')).toEqual([]);
      },
    );
    expect(killed).toBeGreaterThan(0);
  }, 900_000);
});

