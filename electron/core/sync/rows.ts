/** Reading a row's changes from the log and writing a materialized row back to its table. */
import { canonicalJson } from '../../../shared/sync/hash';
import type { Db } from '../db/open';
import { ident, prepared } from '../db/prepared';
import { displayOf, isLocalColumn, keyValues, type EntityDef } from '../entities/registry';
import { setClock, setRowClocks, TOMBSTONE } from './clock';
import { lostChanges, materialize } from './materialize';
import type { MergeChange, RuleContext } from './rules';

type Def = EntityDef<Record<string, unknown>>;

interface LogRow { hlc: string; kind: MergeChange['op']; col: string | null; new_value: string | null; actor_id: string | null; actor_name: string; base: string | null; hash: string }

export function rowChanges(db: Db, table: string, key: string): (MergeChange & { personName: string })[] {
  const rows = prepared(
    db,
    "SELECT hlc, kind, col, new_value, actor_id, actor_name, base, hash FROM history WHERE format = 2 AND tbl = ? AND row_key = ? AND kind IN ('insert', 'set', 'delete')",
  ).all(table, key) as LogRow[];
  return rows.map((r) => ({
    hlc: r.hlc,
    op: r.kind,
    column: r.col,
    value: r.new_value === null ? null : (JSON.parse(r.new_value) as unknown),
    personId: r.actor_id,
    personName: r.actor_name,
    base: r.base,
    hash: r.hash,
  }));
}

function whereKey(def: Def, key: string): { sql: string; values: string[] } {
  return { sql: def.key.map((k) => `${ident(k)} = ?`).join(' AND '), values: keyValues(def, key) };
}

/**
 * Makes the table's row what its changes say, writing only columns whose value differs (so
 * triggers on unchanged columns do not fire), sets its clocks and relists its conflicts.
 * Returns whether the row changed.
 */
export function settleRow(
  db: Db,
  def: Def,
  key: string,
  rules: RuleContext,
  resolvedBy: (conflictId: string) => { at: string; by: string } | null,
  nowIso: string,
): boolean {
  const changes = rowChanges(db, def.table, key);
  const m = materialize(def, key, changes, rules);
  const where = whereKey(def, key);
  const current = prepared(db, `SELECT * FROM ${ident(def.table)} WHERE ${where.sql}`).get(...where.values) as Record<string, unknown> | undefined;
  let changed = false;
  if (!m.row) {
    if (current) {
      prepared(db, `DELETE FROM ${ident(def.table)} WHERE ${where.sql}`).run(...where.values);
      changed = true;
    }
  } else if (!current) {
    const full = { ...def.localFill?.(nowIso), ...m.row };
    const cols = Object.keys(full).map(ident);
    prepared(db, `INSERT INTO ${ident(def.table)} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => full[c] as never));
    changed = true;
  } else {
    const differ = Object.keys(m.row).filter((c) => !isLocalColumn(def, c) && canonicalJson(current[c]) !== canonicalJson(m.row![c]));
    if (differ.length > 0) {
      prepared(db, `UPDATE ${ident(def.table)} SET ${differ.map((c) => `${ident(c)} = ?`).join(', ')} WHERE ${where.sql}`).run(
        ...differ.map((c) => m.row![c] as never),
        ...where.values,
      );
      changed = true;
    }
  }
  // A row that exists gets its column clocks rewritten; a deleted one keeps what it had (as before).
  if (m.row) setRowClocks(db, def.table, key, m.clocks);
  if (m.tombstone) setClock(db, def.table, key, TOMBSTONE, m.tombstone);

  prepared(db, 'DELETE FROM conflicts WHERE tbl = ? AND row_key = ?').run(def.table, key);
  const display = displayOf(def, key);
  const byHash = new Map(changes.map((c) => [c.hash, c]));
  for (const lost of lostChanges(def, key, changes, rules)) {
    const resolved = resolvedBy(lost.id);
    prepared(
      db,
      `INSERT INTO conflicts (id, kind, tbl, row_key, col, entity, entity_id, field, value, hlc, person_id, person_name, resolved_at, resolved_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      lost.id,
      lost.kind,
      def.table,
      key,
      lost.column,
      display.entity,
      display.entityId,
      (display.fieldPrefix ?? '') + lost.column,
      canonicalJson(lost.value),
      lost.change.hlc,
      lost.change.personId,
      byHash.get(lost.change.hash)?.personName ?? '',
      resolved?.at ?? null,
      resolved?.by ?? null,
    );
  }
  return changed;
}
