import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../electron/core/db/migrations/index';
import { membersOf, membersSql, NATURAL_KEYS } from '../../electron/core/sync/duplicates';
import { databaseAt, insertRows, migrateTo, tableRows, type DbAtVersion } from './migrationHelpers';

const open: DbAtVersion[] = [];
afterEach(() => {
  while (open.length) open.pop()!.cleanup();
});

const at = '2026-10-01T09:00:00.000Z';
/** How SQLite would answer a natural-key group's query: the plan's detail lines. */
const plan = (d: DbAtVersion, sql: string): string => (d.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('migration 016 (natural key group indexes)', () => {
  it('keeps every case and finds each natural-key group through an index, not by scanning the table', () => {
    const d = databaseAt(Math.max(...MIGRATIONS.filter((m) => m.version < 16).map((m) => m.version)));
    open.push(d);
    insertRows(d.db, 'cases', [
      { id: 'c1', reference: 'AB-1', team: 'North', worker: 'W', case_type: 'cin', age_band: '5-9', opened_on: '2026-01-02', closed_on: null, created_at: at, updated_at: at },
      { id: 'c2', reference: 'ab-1', team: 'South', worker: 'W', case_type: 'cin', age_band: '5-9', opened_on: '2026-01-02', closed_on: null, created_at: at, updated_at: at },
      { id: 'c3', reference: 'AB-2', team: 'South', worker: 'W', case_type: 'cin', age_band: '5-9', opened_on: '2026-01-02', closed_on: null, created_at: at, updated_at: at },
    ]);
    const before = tableRows(d.db, 'cases');
    // Before 016 a case's group was found by reading every case.
    expect(plan(d, membersSql(NATURAL_KEYS.find((k) => k.table === 'cases')!))).toMatch(/SCAN cases/);

    migrateTo(d.db, 16);

    expect(tableRows(d.db, 'cases')).toEqual(before);
    expect(membersOf(d.db, 'cases', 'reference', 'ab-1')).toEqual(['c1', 'c2']);
    for (const nk of NATURAL_KEYS) expect(plan(d, membersSql(nk)), `${nk.table} ${nk.name}`).toMatch(/USING (COVERING )?INDEX/);
    const relist = plan(d, "SELECT id FROM conflicts WHERE kind = 'duplicate' AND tbl = ? AND col = 'reference' AND value = 'x'");
    expect(relist).toMatch(/USING INDEX conflicts_duplicate_group/);
    expect(d.db.pragma('user_version', { simple: true })).toBe(16);
  });
});
