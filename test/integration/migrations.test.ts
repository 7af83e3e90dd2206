// One test per migration, in Signal-Desktop's style: a real encrypted file at the version
// before, rows inserted as that version had them, migrateTo(n), then what version n holds.
import { afterEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID } from '../../electron/core/db/open';
import { columnsOf, databaseAt, insertRows, migrateTo, tableRows, type DbAtVersion } from './migrationHelpers';

let t: DbAtVersion | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const user = { id: 'u1', name: 'Ada Auditor', role: 'auditor', created_at: '2026-01-05T09:00:00Z' };
const kase = { id: 'c1', reference: 'CHI-0001', team: 'North', case_type: 'cin', age_band: '5-9', created_at: '2026-01-05', updated_at: '2026-01-05' };
const template = { id: 't1', key: 'core', version: 1, name: 'Core audit', status: 'published', definition: '{"sections":[]}', created_at: '2026-01-01' };
const audit = { id: 'a1', case_id: 'c1', template_id: 't1', auditor_id: 'u1', status: 'submitted', overall_grade: '2', created_at: '2026-01-06', updated_at: '2026-01-07' };

describe('migration 1 (foundation)', () => {
  it('turns an empty file into a Plumbline file with an append-only history', () => {
    t = databaseAt(0);
    migrateTo(t.db, 1);
    expect(t.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(t.db.pragma('user_version', { simple: true })).toBe(1);
    insertRows(t.db, 'history', [
      { seq: 1, id: 'h1', device_id: 'd', device_seq: 1, at: '2026-01-01', actor_name: 'x', entity: 'users', entity_id: 'u1', op: 'insert', prev_hash: '0', hash: 'a' },
    ]);
    expect(() => t!.db.prepare("UPDATE history SET hash = 'b'").run()).toThrow(/append-only/);
    expect(() => t!.db.prepare('DELETE FROM history').run()).toThrow(/append-only/);
  });
});

describe('migration 2 (cases, templates, audits)', () => {
  it('keeps version 1 users and settings, and adds cases and audits that refer to them', () => {
    t = databaseAt(1);
    insertRows(t.db, 'users', [user]);
    insertRows(t.db, 'settings', [{ key: 'current_user_id', value: 'u1' }]);
    migrateTo(t.db, 2);
    expect(tableRows(t.db, 'users')).toEqual([{ ...user, job_title: '', manages_teams: '[]' }]);
    expect(tableRows(t.db, 'settings')).toEqual([{ key: 'current_user_id', value: 'u1' }]);
    insertRows(t.db, 'cases', [kase]);
    insertRows(t.db, 'templates', [template]);
    insertRows(t.db, 'audits', [audit]);
    expect(tableRows(t.db, 'audits')[0]).toMatchObject({ id: 'a1', revision: 0, key_findings: '', strengths: '[]' });
    expect(() => insertRows(t!.db, 'cases', [{ ...kase, id: 'c2', reference: 'chi-0001' }])).toThrow(/UNIQUE/);
    expect(() => insertRows(t!.db, 'cases', [{ ...kase, id: 'c3', reference: 'CHI-9', case_type: 'adoption' }])).toThrow(/CHECK/);
  });
});

describe('migration 3 (audit editing)', () => {
  it('gives existing audits no warnings and no last save', () => {
    t = databaseAt(2);
    insertRows(t.db, 'users', [user]);
    insertRows(t.db, 'cases', [kase]);
    insertRows(t.db, 'templates', [template]);
    insertRows(t.db, 'audits', [audit]);
    migrateTo(t.db, 3);
    expect(tableRows(t.db, 'audits')[0]).toMatchObject({ id: 'a1', overall_grade: '2', submitted_warnings: '[]', last_save_id: null });
  });
});

describe('migration 4 (moderation)', () => {
  it('leaves existing audits as they were and allows one open moderation per audit', () => {
    t = databaseAt(3);
    insertRows(t.db, 'users', [user, { ...user, id: 'm1', name: 'Mo Moderator', role: 'moderator' }]);
    insertRows(t.db, 'cases', [kase]);
    insertRows(t.db, 'templates', [template]);
    insertRows(t.db, 'audits', [{ ...audit, submitted_warnings: '["optimistic"]' }]);
    migrateTo(t.db, 4);
    expect(tableRows(t.db, 'audits')[0]).toMatchObject({ id: 'a1', status: 'submitted', submitted_warnings: '["optimistic"]' });
    const moderation = { id: 'mo1', audit_id: 'a1', audit_revision: 0, mode: 'blind', moderator_id: 'm1', status: 'grading', started_at: '2026-01-08' };
    insertRows(t.db, 'moderations', [moderation]);
    expect(() => insertRows(t!.db, 'moderations', [{ ...moderation, id: 'mo2' }])).toThrow(/UNIQUE/);
    expect(tableRows(t.db, 'moderations')[0]).toMatchObject({ return_reasons: '[]', finished_at: null });
  });
});

describe('migration 5 (actions)', () => {
  it('adds actions against existing audits, open by default and never moved', () => {
    t = databaseAt(4);
    insertRows(t.db, 'users', [user]);
    insertRows(t.db, 'cases', [kase]);
    insertRows(t.db, 'templates', [template]);
    insertRows(t.db, 'audits', [audit]);
    migrateTo(t.db, 5);
    const action = { id: 'x1', audit_id: 'a1', case_id: 'c1', title: 'Update the plan', owner_name: 'Sam', owner_role: 'Social worker', team: 'North', due_date: '2026-02-01', priority: 'high', created_by_name: 'Ada', created_at: '2026-01-09', updated_at: '2026-01-09' };
    insertRows(t.db, 'actions', [action]);
    expect(tableRows(t.db, 'actions')[0]).toMatchObject({ status: 'open', due_moves: 0, done_note: '' });
    expect(() => insertRows(t!.db, 'actions', [{ ...action, id: 'x2', title: '' }])).toThrow(/CHECK/);
  });
});

describe('migration 6 (programmes)', () => {
  it('gives existing templates no lineage and freezes the published ones', () => {
    t = databaseAt(5);
    insertRows(t.db, 'templates', [template, { ...template, id: 't2', version: 2, status: 'draft' }]);
    migrateTo(t.db, 6);
    expect(columnsOf(t.db, 'templates')).toEqual(expect.arrayContaining(['based_on_id', 'created_by', 'published_by']));
    expect(tableRows(t.db, 'templates').map((r) => [r.id, r.based_on_id, r.definition])).toEqual([
      ['t1', null, '{"sections":[]}'],
      ['t2', null, '{"sections":[]}'],
    ]);
    expect(() => t!.db.prepare("UPDATE templates SET definition = '{}' WHERE id = 't1'").run()).toThrow(/published template/);
    t.db.prepare("UPDATE templates SET definition = '{}' WHERE id = 't2'").run();
    expect(() => t!.db.prepare("DELETE FROM templates WHERE id = 't1'").run()).toThrow(/published template/);
  });
});
