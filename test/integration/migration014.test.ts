import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../electron/core/db/migrations/index';
import { columnsOf, databaseAt, insertRows, migrateTo, tableRows, type DbAtVersion } from './migrationHelpers';

const open: DbAtVersion[] = [];
afterEach(() => {
  while (open.length) open.pop()!.cleanup();
});

const at = '2026-10-01T09:00:00.000Z';
const indexes = (d: DbAtVersion, table: string) =>
  (d.db.prepare(`SELECT name, "unique" AS u FROM pragma_index_list(?) WHERE origin = 'c' ORDER BY name`).all(table) as { name: string; u: number }[]).map((r) => `${r.name}${r.u ? ' (unique)' : ''}`);

describe('migration 014 (natural keys are indexes, not constraints)', () => {
  it('keeps every row, column, index and trigger, and lets a merge hold two records with one natural key', () => {
    const d = databaseAt(Math.max(...MIGRATIONS.filter((m) => m.version < 14).map((m) => m.version)));
    open.push(d);
    insertRows(d.db, 'users', [
      { id: 'u1', name: 'Ann Auditor', email: 'ann@council.example', role: 'auditor', created_at: at, updated_at: at },
      { id: 'u2', name: 'Mo Moderator', email: 'mo@council.example', role: 'moderator', created_at: at, updated_at: at },
    ]);
    insertRows(d.db, 'cases', [{ id: 'c1', reference: 'OLD-1', team: 'North', worker: 'Ash', case_type: 'cp', age_band: '5-9', opened_on: '2026-01-02', closed_on: null, created_at: at, updated_at: at }]);
    insertRows(d.db, 'templates', [{ id: 't1', key: 'k', version: 1, name: 'T', status: 'published', definition: '{}', created_at: at, published_at: at, based_on_id: null, created_by: 'u2', published_by: 'u2' }]);
    insertRows(d.db, 'audits', [{ id: 'a1', case_id: 'c1', template_id: 't1', auditor_id: 'u1', status: 'submitted', created_at: at, updated_at: at }]);
    insertRows(d.db, 'moderations', [{ id: 'm1', audit_id: 'a1', audit_revision: 1, mode: 'open', moderator_id: 'u2', status: 'grading', started_at: at }]);
    insertRows(d.db, 'conflicts', [{ id: 'x:1', kind: 'concurrent', tbl: 'cases', row_key: 'c1', col: 'worker', entity: 'cases', entity_id: 'c1', field: 'worker', value: '"Bo"', hlc: 'h', person_id: 'u1', person_name: 'Ann', resolved_at: null, resolved_by: null }]);
    const before = Object.fromEntries(['cases', 'templates', 'conflicts', 'audits', 'moderations', 'users'].map((t) => [t, { rows: tableRows(d.db, t), cols: columnsOf(d.db, t) }]));

    migrateTo(d.db, 14);

    for (const [t, b] of Object.entries(before)) {
      expect(tableRows(d.db, t), t).toEqual(b.rows);
      expect(columnsOf(d.db, t), t).toEqual(b.cols);
    }
    expect(indexes(d, 'cases')).toEqual(['cases_reference', 'cases_team', 'cases_worker']);
    expect(indexes(d, 'templates')).toEqual(['templates_key_version']);
    expect(indexes(d, 'users')).toEqual(['users_email']);
    expect(indexes(d, 'moderations')).toContain('moderations_one_active');
    expect(d.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    // Foreign keys into the rebuilt tables still hold.
    expect(() => insertRows(d.db, 'audits', [{ id: 'a2', case_id: 'nope', template_id: 't1', auditor_id: 'u1', status: 'draft', created_at: at, updated_at: at }])).toThrow(/FOREIGN KEY/);
    // The published template is still frozen.
    expect(() => d.db.prepare("UPDATE templates SET name = 'changed' WHERE id = 't1'").run()).toThrow(/cannot be changed/);
    expect(() => d.db.prepare("DELETE FROM templates WHERE id = 't1'").run()).toThrow(/cannot be deleted/);
    // Two records with one natural key can now be held (a merge keeps both; the services refuse it on one laptop).
    insertRows(d.db, 'cases', [{ id: 'c2', reference: 'old-1', team: 'South', case_type: 'cin', age_band: '0-4', created_at: at, updated_at: at }]);
    insertRows(d.db, 'templates', [{ id: 't2', key: 'k', version: 1, name: 'T', status: 'draft', definition: '{}', created_at: at }]);
    insertRows(d.db, 'users', [{ id: 'u3', name: 'Ann Again', email: 'ANN@council.example', role: 'auditor', created_at: at, updated_at: at }]);
    insertRows(d.db, 'moderations', [{ id: 'm2', audit_id: 'a1', audit_revision: 1, mode: 'blind', moderator_id: 'u2', status: 'grading', started_at: at }]);
    insertRows(d.db, 'conflicts', [{ id: 'duplicate:cases:reference:c2', kind: 'duplicate', tbl: 'cases', row_key: 'c2', col: 'reference', entity: 'cases', entity_id: 'c2', field: 'reference', value: '"old-1"', hlc: 'h', person_id: null, person_name: '', resolved_at: null, resolved_by: null }]);
    expect(d.db.pragma('user_version', { simple: true })).toBe(14);
  });
});
