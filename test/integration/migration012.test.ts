import { afterEach, describe, expect, it } from 'vitest';
import { columnsOf, databaseAt, insertRows, migrateTo, tableRows, type DbAtVersion } from './migrationHelpers';

let t: DbAtVersion | undefined;
afterEach(() => t?.cleanup());

const at = '2026-10-01T09:00:00.000Z';

describe('migration 012 (both agree, service-level findings tracked like actions)', () => {
  it('adds the moderator\'s answer to a request to reconsider, keeping what migration 009 recorded', () => {
    t = databaseAt(11);
    insertRows(t.db, 'users', [{ id: 'u1', name: 'Ann Auditor', role: 'auditor', created_at: at }, { id: 'u2', name: 'Mo Moderator', role: 'moderator', created_at: at }]);
    insertRows(t.db, 'cases', [{ id: 'c1', reference: 'OLD-1', team: 'North', case_type: 'cp', age_band: '5-9', created_at: at, updated_at: at }]);
    insertRows(t.db, 'templates', [{ id: 't1', key: 'k', version: 1, name: 'Audit', status: 'draft', definition: '{}', created_at: at }]);
    insertRows(t.db, 'audits', [{ id: 'a1', case_id: 'c1', template_id: 't1', auditor_id: 'u1', status: 'agreed', created_at: at, updated_at: at }]);
    insertRows(t.db, 'moderations', [
      { id: 'm1', audit_id: 'a1', audit_revision: 1, mode: 'open', moderator_id: 'u2', status: 'agreed', started_at: at, finished_at: at, moderator_agreed_at: at, reconsider_reason: 'Look again at s3.', reconsider_requested_at: at },
    ]);
    migrateTo(t.db, 12);
    expect(t.db.prepare("SELECT moderator_agreed_at, reconsider_reason, reconsider_answer, reconsider_answer_rationale, reconsider_answered_at FROM moderations WHERE id = 'm1'").get()).toEqual({
      moderator_agreed_at: at,
      reconsider_reason: 'Look again at s3.',
      reconsider_answer: null,
      reconsider_answer_rationale: '',
      reconsider_answered_at: null,
    });
    expect(() => t!.db.prepare("UPDATE moderations SET reconsider_answer = 'maybe' WHERE id = 'm1'").run()).toThrow(/CHECK constraint failed/);
    t.db.prepare("UPDATE moderations SET reconsider_answer = 'kept' WHERE id = 'm1'").run();
  });

  it('gives service-level findings due-date moves and who closed them; existing findings keep their rows', () => {
    t = databaseAt(11);
    insertRows(t.db, 'users', [{ id: 'u1', name: 'Quinn Lead', role: 'qa-lead', created_at: at }]);
    insertRows(t.db, 'templates', [{ id: 't1', key: 'k', version: 1, name: 'Audit', status: 'draft', definition: '{}', created_at: at }]);
    insertRows(t.db, 'programmes', [{ id: 'p1', name: 'November', type: 'monthly', template_id: 't1', created_at: at, updated_at: at }]);
    insertRows(t.db, 'service_actions', [
      { id: 's1', programme_id: 'p1', level: 'service', title: 'Supervision templates prompt for timescales', owner_name: 'H. Service', owner_role: 'Head of service', due_date: '2026-12-01', priority: 'high', created_by_name: 'Quinn Lead', created_at: at, updated_at: at },
    ]);
    migrateTo(t.db, 12);
    expect(columnsOf(t.db, 'service_actions')).toEqual(expect.arrayContaining(['due_moves', 'done_by', 'cancelled_by']));
    expect(tableRows(t.db, 'service_actions')[0]).toMatchObject({ id: 's1', due_moves: 0, done_by: null, cancelled_by: null, status: 'open' });
    insertRows(t.db, 'service_action_due_moves', [{ id: 'd1', service_action_id: 's1', from_date: '2026-12-01', to_date: '2026-12-15', reason: 'Waiting for the new form', moved_at: at, moved_by: 'u1', moved_by_name: 'Quinn Lead' }]);
    expect(() => insertRows(t!.db, 'service_action_due_moves', [{ id: 'd2', service_action_id: 'nope', from_date: '2026-12-01', to_date: '2026-12-15', reason: 'x', moved_at: at, moved_by_name: 'Q' }])).toThrow(/FOREIGN KEY/);
    expect(t.db.pragma('user_version', { simple: true })).toBe(12);
  });
});
