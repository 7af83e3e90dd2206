import { afterEach, describe, expect, it } from 'vitest';
import { columnsOf, databaseAt, insertRows, migrateTo, tableRows, type DbAtVersion } from './migrationHelpers';

let t: DbAtVersion | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe('migration 007 (people and sign-in)', () => {
  it('keeps version 6 people (active, no login or passphrase yet), drops the profile switcher row, and makes emails unique whatever their case', () => {
    t = databaseAt(6);
    insertRows(t.db, 'users', [
      { id: 'u1', name: 'Ann Auditor', role: 'auditor', job_title: 'Senior practitioner', manages_teams: '["North"]', created_at: '2026-01-01T09:00:00Z' },
      { id: 'u2', name: 'Quinn Lead', role: 'qa-lead', job_title: '', manages_teams: '[]', created_at: '2026-01-02T09:00:00Z' },
    ]);
    insertRows(t.db, 'settings', [
      { key: 'current_user_id', value: 'u1' },
      { key: 'moderation_share_percent', value: '10' },
    ]);
    migrateTo(t.db, 7);
    expect(columnsOf(t.db, 'users')).toEqual(expect.arrayContaining(['email', 'agency', 'active', 'passphrase_hash', 'must_change_passphrase', 'public_key', 'updated_at']));
    expect(tableRows(t.db, 'users')).toEqual([
      expect.objectContaining({ id: 'u1', name: 'Ann Auditor', manages_teams: '["North"]', email: null, active: 1, passphrase_hash: null, must_change_passphrase: 0, updated_at: '2026-01-01T09:00:00Z' }),
      expect.objectContaining({ id: 'u2', email: null, active: 1 }),
    ]);
    expect(tableRows(t.db, 'settings')).toEqual([{ key: 'moderation_share_percent', value: '10' }]);
    expect(tableRows(t.db, 'sign_in_state')).toEqual([]);
    t.db.prepare("UPDATE users SET email = 'ann@council.example' WHERE id = 'u1'").run();
    expect(() => t!.db.prepare("UPDATE users SET email = 'ANN@Council.example' WHERE id = 'u2'").run()).toThrow(/UNIQUE/);
  });
});
