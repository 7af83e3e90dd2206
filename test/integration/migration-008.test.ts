/**
 * Migration 008 (change log), in the style of Signal-Desktop's migration tests: build a database
 * as version 7 had it (migrations up to 7, rows and history written the way the pre-008 code
 * wrote them), migrate, and assert what version 8 holds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index';
import { openDatabase, type Db } from '../../electron/core/db/open';
import { MIGRATIONS } from '../../electron/core/db/migrations/index';
import { GENESIS_HASH, hashRecord, type HistoryRecord } from '../../electron/core/history/hash';
import { verifyHistory } from '../../electron/core/history/verify';
import { generateKey } from '../../electron/core/keys';
import { changesSince } from '../../electron/core/sync/index';

let dir = '';
let core: Core | null = null;
afterEach(() => {
  core?.close();
  core = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const OLD_DEVICE = '01900000-0000-7000-8000-00000000d001';
const CASE_ID = '01900000-0000-7000-8000-00000000c001';
const USER_ID = '01900000-0000-7000-8000-00000000a001';

/** Writes a row and its history row exactly as the pre-008 Tx did (one chain over the whole table). */
function oldWrite(db: Db, state: { prev: string; seq: number }, entity: string, entityId: string, op: string, field: string | null, oldValue: unknown, newValue: unknown): void {
  state.seq += 1;
  const rec: HistoryRecord = {
    id: `01900000-0000-7000-8000-${String(state.seq).padStart(12, '0')}`,
    deviceId: OLD_DEVICE,
    deviceSeq: state.seq,
    at: '2026-11-20T09:00:00.000Z',
    actorId: USER_ID,
    actorName: 'Vera Version-Seven',
    entity,
    entityId,
    op,
    field,
    oldValue: oldValue === null ? null : JSON.stringify(oldValue),
    newValue: newValue === null ? null : JSON.stringify(newValue),
  };
  const hash = hashRecord(state.prev, rec);
  db.prepare(
    `INSERT INTO history (id, device_id, device_seq, at, actor_id, actor_name, entity, entity_id, op, field, old_value, new_value, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(rec.id, rec.deviceId, rec.deviceSeq, rec.at, rec.actorId, rec.actorName, rec.entity, rec.entityId, rec.op, rec.field, rec.oldValue, rec.newValue, state.prev, hash);
  state.prev = hash;
}

function buildVersion7(file: string, key: string): { headHash: string; rows: number } {
  const db = openDatabase(file, key, { create: true, migrations: MIGRATIONS.filter((m) => m.version < 8) });
  expect(db.pragma('user_version', { simple: true })).toBeLessThan(8);
  const state = { prev: GENESIS_HASH, seq: 0 };
  db.prepare("INSERT INTO meta (key, value) VALUES ('device_id', ?)").run(OLD_DEVICE);
  const user = { id: USER_ID, name: 'Vera Version-Seven', role: 'qa-lead', job_title: '', manages_teams: '[]', created_at: '2026-11-20T09:00:00.000Z' };
  db.prepare('INSERT INTO users (id, name, role, job_title, manages_teams, created_at) VALUES (@id, @name, @role, @job_title, @manages_teams, @created_at)').run(user);
  oldWrite(db, state, 'users', USER_ID, 'create', null, null, user);
  db.prepare("INSERT INTO settings (key, value) VALUES ('current_user_id', ?)").run(USER_ID);
  oldWrite(db, state, 'session', OLD_DEVICE, 'create', null, null, { key: 'current_user_id', value: USER_ID });
  const kase = { id: CASE_ID, reference: 'V7-001', team: 'North', worker: 'Ash', case_type: 'cin', age_band: '5-9', opened_on: null, closed_on: null, created_at: '2026-11-20T09:00:00.000Z', updated_at: '2026-11-20T09:00:00.000Z' };
  db.prepare('INSERT INTO cases (id, reference, team, worker, case_type, age_band, opened_on, closed_on, created_at, updated_at) VALUES (@id, @reference, @team, @worker, @case_type, @age_band, @opened_on, @closed_on, @created_at, @updated_at)').run(kase);
  oldWrite(db, state, 'cases', CASE_ID, 'create', null, null, kase);
  db.prepare("UPDATE cases SET team = 'South' WHERE id = ?").run(CASE_ID);
  oldWrite(db, state, 'cases', CASE_ID, 'update', 'team', 'North', 'South');
  db.close();
  return { headHash: state.prev, rows: state.seq };
}

describe('migration 008: history becomes the change log', () => {
  it('keeps the old chain verifiable, starts a new device chain linked to it, and records a baseline of every row', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-m008-'));
    const file = path.join(dir, 'v7.db');
    const key = generateKey();
    const legacy = buildVersion7(file, key);

    core = createCore({ dbFile: file, key, now: () => new Date('2026-11-23T10:00:00Z') });
    const db = core.ctx.db;
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(8);
    // Old rows are untouched, marked format 1.
    const old = db.prepare('SELECT format, hlc, tbl FROM history WHERE device_id = ? ORDER BY seq').all(OLD_DEVICE);
    expect(old).toHaveLength(legacy.rows);
    expect(old.every((r) => (r as { format: number }).format === 1)).toBe(true);
    // The device has a new identity for its new chain; the old one is remembered.
    expect(db.prepare("SELECT value FROM meta WHERE key = 'legacy_device_id'").get()).toEqual({ value: OLD_DEVICE });
    expect(core.ctx.deviceId).not.toBe(OLD_DEVICE);

    const changes = changesSince(core.ctx, 0, 10_000).changes;
    expect(changes[0]).toMatchObject({ deviceSeq: 1, op: 'event', column: 'legacy-chain', value: { rows: legacy.rows, headHash: legacy.headHash, deviceId: OLD_DEVICE } });
    expect(changes[0].prevHash).toBe(GENESIS_HASH);
    const baseline = changes.filter((c) => c.op === 'insert');
    expect(baseline.find((c) => c.table === 'cases')?.value).toMatchObject({ id: CASE_ID, team: 'South', worker: 'Ash' });
    expect(baseline.some((c) => c.table === 'users' && c.key === USER_ID)).toBe(true);
    // Sign-in state is local: never in the log.
    expect(changes.some((c) => c.table === 'settings' && c.key === 'current_user_id')).toBe(false);

    const report = verifyHistory(db);
    expect(report.ok).toBe(true);
    expect(report.legacy).toEqual({ rows: legacy.rows, headHash: legacy.headHash });
    expect(report.devices).toHaveLength(1);
    expect(report.devices[0]).toMatchObject({ deviceId: core.ctx.deviceId, missing: 0 });

    // The old rows still verify by their own rule: altering one is caught and named.
    db.exec('DROP TRIGGER history_no_update');
    db.prepare(`UPDATE history SET new_value = '"East"' WHERE device_id = ? AND device_seq = 4`).run(OLD_DEVICE);
    const broken = verifyHistory(db);
    expect(broken.ok).toBe(false);
    expect(broken.brokenAt).toMatchObject({ where: 'legacy', id: '01900000-0000-7000-8000-000000000004' });
  });

  it('refuses new rows in the old format, and keeps history append-only', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-m008-'));
    const file = path.join(dir, 'v7.db');
    const key = generateKey();
    buildVersion7(file, key);
    core = createCore({ dbFile: file, key });
    const db = core.ctx.db;
    expect(() =>
      db.prepare("INSERT INTO history (id, device_id, device_seq, at, actor_name, entity, entity_id, op, prev_hash, hash) VALUES ('x', 'd', 99, 'now', 'a', 'e', 'i', 'o', 'p', 'h')").run(),
    ).toThrow(/format 2/);
    expect(() => db.prepare("UPDATE history SET actor_name = 'Someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM history').run()).toThrow(/append-only/);
  });
});
