/**
 * Natural keys that two laptops can each take while apart (decision 48): a case reference, a
 * template's key and version, a person's email, the active moderation of an audit, the open flag
 * of an audit. On one laptop the services refuse a second one; a merge keeps both records (a
 * merge must never throw, and dropping either would lose someone's work) and lists every record
 * after the first of its group (by key, so every device picks the same) as a 'duplicate'
 * conflict for the people concerned. The list is a function of the rows, which are a function of
 * the changes held: the same on every device whatever order the changes came in. A duplicate
 * disappears from the list when its group no longer collides (a reference corrected, a
 * moderation finished); a person concerned may also mark it seen, keeping both.
 */
import { canonicalJson } from '../../../shared/sync/hash';
import type { Db } from '../db/open';
import { ident, prepared } from '../db/prepared';
import { displayOf, entityOf } from '../entities/registry';

export interface NaturalKey {
  table: string;
  /** Names the rule in a conflict (its `col`), and what the page calls the field. */
  name: string;
  /** SQL for the group a row belongs to (compared as text). */
  expr: string;
  /** SQL condition for the rows the rule covers. */
  where: string;
}

/** Every natural key of a replicated table (they were UNIQUE constraints before migration 014). */
export const NATURAL_KEYS: readonly NaturalKey[] = [
  { table: 'cases', name: 'reference', expr: 'lower(reference)', where: '1' },
  { table: 'templates', name: 'version', expr: "key || ' v' || version", where: '1' },
  { table: 'users', name: 'email', expr: 'lower(email)', where: 'email IS NOT NULL' },
  { table: 'moderations', name: 'active moderation', expr: 'audit_id', where: 'finished_at IS NULL' },
  { table: 'moderation_flags', name: 'open flag', expr: "audit_id || ' ' || kind", where: 'resolved_at IS NULL' },
];

const byTable = new Map<string, NaturalKey[]>();
for (const nk of NATURAL_KEYS) byTable.set(nk.table, [...(byTable.get(nk.table) ?? []), nk]);

export const hasNaturalKeys = (table: string): boolean => byTable.has(table);

/** A group: table, rule and value, as one string. */
type Group = string;
const SEP = '\u0000';

/** The groups the row with this id belongs to now (none when it does not exist). All these tables are keyed by `id`. */
export function groupsOfRow(db: Db, table: string, id: string): Group[] {
  const out: Group[] = [];
  for (const nk of byTable.get(table) ?? []) {
    const r = prepared(db, `SELECT ${nk.expr} AS g FROM ${ident(table)} WHERE id = ? AND (${nk.where})`).get(id) as { g: string | null } | undefined;
    if (r && r.g !== null) out.push([table, nk.name, String(r.g)].join(SEP));
  }
  return out;
}

function ruleOf(table: string, name: string): NaturalKey {
  const nk = byTable.get(table)?.find((n) => n.name === name);
  if (!nk) throw new Error(`No natural key "${name}" on ${table}`);
  return nk;
}

/** The query for the ids of one group (migration 016 indexes each rule's expression, so it is not a scan). */
export const membersSql = (nk: NaturalKey): string => `SELECT id FROM ${ident(nk.table)} WHERE (${nk.where}) AND ${nk.expr} = ? ORDER BY id`;

/** The ids in a group, first (the one kept without question) first. */
export function membersOf(db: Db, table: string, name: string, value: string): string[] {
  return (prepared(db, membersSql(ruleOf(table, name))).all(value) as { id: string }[]).map((r) => r.id);
}

/** Who made a row and when: its first insert in the log. */
export function creationOf(db: Db, table: string, id: string): { hlc: string; personId: string | null; personName: string; at: string } | null {
  return (
    (prepared(db, "SELECT hlc, actor_id AS personId, actor_name AS personName, at FROM history WHERE format = 2 AND tbl = ? AND row_key = ? AND kind = 'insert' ORDER BY hlc LIMIT 1").get(
      table,
      id,
    ) as { hlc: string; personId: string | null; personName: string; at: string } | undefined) ?? null
  );
}

export const duplicateId = (table: string, name: string, id: string): string => `duplicate:${table}:${name}:${id}`;

/**
 * Relists the duplicate conflicts of these groups from the rows as they now stand.
 * `resolvedBy` reads a conflict's resolution from the log (so a resolution made anywhere counts).
 */
export function relistDuplicates(db: Db, groups: Iterable<Group>, resolvedBy: (conflictId: string) => { at: string; by: string } | null): void {
  for (const g of [...new Set(groups)].sort()) {
    const [table, name, value] = g.split(SEP);
    const stored = canonicalJson(value);
    prepared(db, "DELETE FROM conflicts WHERE kind = 'duplicate' AND tbl = ? AND col = ? AND value = ?").run(table, name, stored);
    const ids = membersOf(db, table, name, value);
    const def = entityOf(table);
    for (const id of ids.slice(1)) {
      const made = creationOf(db, table, id);
      const display = displayOf(def, id);
      const cid = duplicateId(table, name, id);
      const resolved = resolvedBy(cid);
      prepared(
        db,
        `INSERT INTO conflicts (id, kind, tbl, row_key, col, entity, entity_id, field, value, hlc, person_id, person_name, resolved_at, resolved_by)
         VALUES (?, 'duplicate', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(cid, table, id, name, display.entity, display.entityId, name, stored, made?.hlc ?? '', made?.personId ?? null, made?.personName ?? '', resolved?.at ?? null, resolved?.by ?? null);
    }
  }
}

/** Whether a listed duplicate still collides (a local edit may have settled it since). */
export function stillDuplicate(db: Db, table: string, name: string, storedValue: string | null, id: string): { firstId: string } | null {
  if (storedValue === null) return null;
  const ids = membersOf(db, table, name, JSON.parse(storedValue) as string);
  return ids.length > 1 && ids.indexOf(id) > 0 ? { firstId: ids[0] } : null;
}
