import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../electron/core/db/migrations/index';
import { databaseAt, insertRows, migrateTo, tableRows, type DbAtVersion } from './migrationHelpers';

const open: DbAtVersion[] = [];
afterEach(() => {
  while (open.length) open.pop()!.cleanup();
});

const at = '2026-10-01T09:00:00.000Z';
const triggers = (d: DbAtVersion) => d.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'templates' ORDER BY name").all() as { name: string }[];

describe('migration 015 (template freeze triggers skip merges)', () => {
  it('keeps every template, still refuses changing or deleting a published version, and lets a merge through', () => {
    const d = databaseAt(Math.max(...MIGRATIONS.filter((m) => m.version < 15).map((m) => m.version)));
    open.push(d);
    insertRows(d.db, 'templates', [
      { id: 't1', key: 'k', version: 1, name: 'Published', status: 'published', definition: '{"a":1}', created_at: at, published_at: at, based_on_id: null, created_by: null, published_by: null },
      { id: 't2', key: 'k', version: 2, name: 'Draft', status: 'draft', definition: '{"a":2}', created_at: at, published_at: null, based_on_id: 't1', created_by: null, published_by: null },
    ]);
    const before = tableRows(d.db, 'templates');
    // Before 015 the triggers refuse a merge too (nothing tells them apart).
    d.db.prepare("INSERT INTO meta (key, value) VALUES ('sync.merging', '1')").run();
    expect(() => d.db.prepare("UPDATE templates SET name = 'merged' WHERE id = 't1'").run()).toThrow(/cannot be changed/);
    d.db.prepare("DELETE FROM meta WHERE key = 'sync.merging'").run();

    migrateTo(d.db, 15);

    expect(tableRows(d.db, 'templates')).toEqual(before);
    expect(triggers(d)).toEqual([{ name: 'templates_published_frozen' }, { name: 'templates_published_no_delete' }]);
    // Any write outside a merge: refused with the same messages as before.
    expect(() => d.db.prepare("UPDATE templates SET name = 'changed' WHERE id = 't1'").run()).toThrow(/a published template version cannot be changed/);
    expect(() => d.db.prepare("UPDATE templates SET definition = '{}' WHERE id = 't1'").run()).toThrow(/a published template version cannot be changed/);
    expect(() => d.db.prepare("DELETE FROM templates WHERE id = 't1'").run()).toThrow(/a published template version cannot be deleted/);
    // A draft is still free to change, and a published version's status and dates are not frozen columns.
    d.db.prepare("UPDATE templates SET name = 'Draft renamed' WHERE id = 't2'").run();
    d.db.prepare("UPDATE templates SET published_by = 'u1' WHERE id = 't1'").run();
    // While a merge runs (applyChanges holds this row inside its transaction) they stand aside.
    d.db.transaction(() => {
      d.db.prepare("INSERT INTO meta (key, value) VALUES ('sync.merging', '1')").run();
      d.db.prepare("UPDATE templates SET definition = '{\"a\":3}' WHERE id = 't1'").run();
      d.db.prepare("DELETE FROM meta WHERE key = 'sync.merging'").run();
    })();
    expect((d.db.prepare("SELECT definition FROM templates WHERE id = 't1'").get() as { definition: string }).definition).toBe('{"a":3}');
    expect(() => d.db.prepare("UPDATE templates SET name = 'again' WHERE id = 't1'").run()).toThrow(/cannot be changed/);
    expect(d.db.pragma('user_version', { simple: true })).toBe(15);
  });
});
