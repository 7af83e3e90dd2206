import { afterEach, describe, expect, it } from 'vitest';
import { columnsOf, databaseAt, insertRows, migrateTo, tableRows, type DbAtVersion } from './migrationHelpers';

let t: DbAtVersion | undefined;
afterEach(() => t?.cleanup());

const at = '2026-10-01T09:00:00.000Z';
const BUNDLE_TABLES = ['bundle_device_key', 'bundle_holds', 'bundle_invitations', 'bundle_joined', 'bundle_person_keys', 'bundle_pinned_devices', 'bundle_received', 'bundle_sent', 'devices'];
const tables = (d: DbAtVersion): string[] =>
  (d.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'bundle_%' OR name = 'devices') ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migration 011 (bundle keys)', () => {
  it('adds the exchange tables empty, keeps every person and case as they were, and holds one row per device and per change held', () => {
    t = databaseAt(9);
    insertRows(t.db, 'users', [{ id: 'u1', name: 'Ann Auditor', role: 'auditor', created_at: at }, { id: 'u2', name: 'Quinn Lead', role: 'qa-lead', created_at: at }]);
    insertRows(t.db, 'cases', [{ id: 'c1', reference: 'OLD-1', team: 'North', case_type: 'cp', age_band: '5-9', created_at: at, updated_at: at }]);
    const before = { users: tableRows(t.db, 'users'), cases: tableRows(t.db, 'cases'), history: tableRows(t.db, 'history') };
    expect(tables(t)).toEqual([]);

    migrateTo(t.db, 11);

    expect({ users: tableRows(t.db, 'users'), cases: tableRows(t.db, 'cases'), history: tableRows(t.db, 'history') }).toEqual(before);
    expect(tables(t)).toEqual(BUNDLE_TABLES);
    for (const table of BUNDLE_TABLES) expect(tableRows(t.db, table), table).toEqual([]);
    expect(columnsOf(t.db, 'devices')).toEqual(['id', 'person_id', 'sign_key', 'registered_at', 'revoked_at']);

    // A device registered by a QA lead, and what a person is known to hold: one row each, by key.
    insertRows(t.db, 'devices', [{ id: 'd1', person_id: 'u1', sign_key: 'pk', registered_at: at, revoked_at: null }]);
    expect(() => insertRows(t!.db, 'devices', [{ id: 'd1', person_id: 'u2', sign_key: 'other', registered_at: at, revoked_at: null }])).toThrow(/UNIQUE|PRIMARY KEY/);
    insertRows(t.db, 'bundle_holds', [{ person_id: 'u2', device_id: 'd1', device_seq: 1 }]);
    expect(() => insertRows(t!.db, 'bundle_holds', [{ person_id: 'u2', device_id: 'd1', device_seq: 1 }])).toThrow(/UNIQUE|PRIMARY KEY/);
    // STRICT tables: a key that is not text is refused, not stored as something else.
    expect(() => insertRows(t!.db, 'bundle_sent', [{ recipient_id: 'u2', cursor: 'c', bundles: 'many', last_file: 'f.plb', sent_at: at }])).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(t.db.pragma('user_version', { simple: true })).toBe(11);
  });
});
