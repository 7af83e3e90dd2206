import { BUILTIN_TEMPLATES } from '../../../shared/domain/builtinTemplate';
import type { TemplateDefinition } from '../../../shared/domain/template';
import type { CoreContext } from '../context';
import { v5 as uuidv5 } from 'uuid';
import { prepared, write } from '../write';

/** Fixed namespace: the built-in template's id and dates are the same on every laptop, so their seeds merge as one row. */
const BUILTIN_NAMESPACE = '6f1d2c3a-8e4b-5f60-9a7b-0c1d2e3f4a5b';
const BUILTIN_AT = '2026-01-01T00:00:00.000Z';
/** Version 2 is dated after version 1 (so "newest published" is the same on every laptop). */
const builtinAt = (version: number): string => (version <= 1 ? BUILTIN_AT : `2026-12-${String(Math.min(28, version - 1)).padStart(2, '0')}T00:00:00.000Z`);

/** Settings key holding the newest built-in version already seeded for a template family. */
const seededKey = (key: string) => `templates.builtin.${key}`;

/** The newest built-in version seeded before: the setting, or 1 for a database from before it existed. */
function seededVersion(ctx: CoreContext, key: string): number {
  const row = prepared(ctx.db, 'SELECT value FROM settings WHERE key = ?').get(seededKey(key)) as { value: string } | undefined;
  if (row) return Number(row.value);
  return prepared(ctx.db, 'SELECT 1 FROM templates WHERE key = ? AND version = 1').get(key) ? 1 : 0;
}

/**
 * Stores each built-in template version as a published, versioned record, once, oldest first: a
 * new database gets versions 1 and 2; one that has version 1 gets version 2 on its next open (its
 * started audits keep version 1, which never changes). Should a QA lead have made a version with
 * the same number, the built-in one takes the next free number.
 */
export function seedBuiltinTemplates(ctx: CoreContext): void {
  const families = new Map<string, TemplateDefinition[]>();
  for (const def of BUILTIN_TEMPLATES) families.set(def.key, [...(families.get(def.key) ?? []), def]);
  for (const [key, versions] of families) {
    const seeded = seededVersion(ctx, key);
    const pending = versions.filter((d) => d.version > seeded);
    if (pending.length === 0) continue;
    write(ctx, (tx) => {
      for (const def of pending) {
        const taken = prepared(tx.db, 'SELECT 1 FROM templates WHERE key = ? AND version = ?').get(key, def.version);
        const max = (prepared(tx.db, 'SELECT max(version) AS v FROM templates WHERE key = ?').get(key) as { v: number | null }).v ?? 0;
        const version = taken ? max + 1 : def.version;
        tx.insert('templates', {
          id: uuidv5(`builtin:${key}:${def.version}`, BUILTIN_NAMESPACE),
          key,
          version,
          name: def.name,
          status: 'published',
          definition: JSON.stringify({ ...def, version }),
          created_at: builtinAt(def.version),
          published_at: builtinAt(def.version),
        });
      }
      const newest = String(pending[pending.length - 1].version);
      const target = { entity: 'settings', entityId: seededKey(key) };
      if (prepared(tx.db, 'SELECT 1 FROM settings WHERE key = ?').get(seededKey(key))) tx.update('settings', { key: seededKey(key) }, { value: newest }, target);
      else tx.insert('settings', { key: seededKey(key), value: newest }, target);
    });
  }
}
