/**
 * The Conflicts page's service. A conflict is derived from the log (materialize.ts); resolving
 * it writes ordinary changes: the chosen value (when it is the other one) and a 'resolve' event
 * naming the conflict, which every device reads as "resolved".
 */
import type { ConflictEntry, conflictsOps } from '../../../shared/api/conflicts';
import type { Principal } from '../../../shared/api/session';
import { TEMPLATES_TABLE } from '../../../shared/sync/templateFreeze';
import type { CoreContext } from '../context';
import { ident, prepared } from '../db/prepared';
import { entityOf, keyValues } from '../entities/registry';
import { AppError } from '../errors';
import type { HandlersFor } from '../handler';
import { principalOf } from '../policy/principal';
import { visibleTo } from '../policy/visibility';
import { write } from '../write';
import { CONFLICTS_TABLE } from './apply';
import { getClock } from './clock';
import { creationOf, stillDuplicate } from './duplicates';
import { templateConflictView } from './templateConflicts';

interface ConflictRow {
  id: string; kind: 'concurrent' | 'frozen' | 'duplicate'; tbl: string; row_key: string; col: string; entity: string; entity_id: string; field: string;
  value: string | null; hlc: string; person_id: string | null; person_name: string; resolved_at: string | null; resolved_by: string | null;
}

interface Current { value: unknown; personId: string | null; personName: string; at: string | null; exists: boolean }

const parse = (v: string | null): unknown => (v === null ? null : (JSON.parse(v) as unknown));

/** The value on screen now, and who wrote it when (from the cell's clock and the log). For a duplicate: the first record of its group, null when it no longer collides. */
function current(ctx: CoreContext, r: ConflictRow): Current | null {
  if (r.kind === 'duplicate') {
    const dup = stillDuplicate(ctx.db, r.tbl, r.col, r.value, r.row_key);
    if (!dup) return null;
    const made = creationOf(ctx.db, r.tbl, dup.firstId);
    return { value: recordLabel(ctx, { ...r, entity_id: dup.firstId, row_key: dup.firstId, entity: r.entity }), personId: made?.personId ?? null, personName: made?.personName ?? '', at: made?.at ?? null, exists: true };
  }
  const def = entityOf(r.tbl);
  const where = def.key.map((k) => `${ident(k)} = ?`).join(' AND ');
  const row = prepared(ctx.db, `SELECT ${ident(r.col)} AS v FROM ${ident(r.tbl)} WHERE ${where}`).get(...keyValues(def, r.row_key)) as { v: unknown } | undefined;
  const hlc = getClock(ctx.db, r.tbl, r.row_key, r.col);
  const who = hlc
    ? (prepared(ctx.db, 'SELECT actor_id, actor_name, at FROM history WHERE format = 2 AND tbl = ? AND row_key = ? AND hlc = ?').get(r.tbl, r.row_key, hlc) as
        | { actor_id: string | null; actor_name: string; at: string }
        | undefined)
    : undefined;
  return { value: row ? row.v : null, personId: who?.actor_id ?? null, personName: who?.actor_name ?? '', at: who?.at ?? null, exists: !!row };
}

/**
 * Who may see a conflict and choose: whoever sees everything (`visibleTo`: a QA lead, the command
 * line) every one; anyone else the conflicts they are concerned in (their value lost, or theirs is
 * on screen), whatever has happened to the record since, so that nothing they typed is lost to them.
 */
function concerns(ctx: CoreContext, user: Principal, r: ConflictRow, cur: Current): boolean {
  return visibleTo(ctx.db, user).everything || r.person_id === user.id || cur.personId === user.id;
}

/** Names the record a conflict is on, the way people know it. */
function recordLabel(ctx: CoreContext, r: ConflictRow): string {
  const one = (sql: string, id: string): string | null => (prepared(ctx.db, sql).get(id) as { v: string } | undefined)?.v ?? null;
  if (r.entity === 'cases') {
    const ref = one('SELECT reference AS v FROM cases WHERE id = ?', r.entity_id);
    if (ref) return `Case ${ref}`;
  }
  if (r.entity === 'audit') {
    const ref = one('SELECT c.reference AS v FROM audits a JOIN cases c ON c.id = a.case_id WHERE a.id = ?', r.entity_id);
    if (ref) return `Audit of case ${ref}`;
  }
  if (r.entity === 'users') {
    const who = one("SELECT name || ' (' || coalesce(email, 'no email') || ')' AS v FROM users WHERE id = ?", r.entity_id);
    if (who) return `Person ${who}`;
  }
  if (r.entity === 'templates') {
    const t = one("SELECT name || ', version ' || version AS v FROM templates WHERE id = ?", r.entity_id);
    if (t) return `Template ${t}`;
  }
  if (r.entity === 'moderation') {
    const m = one("SELECT c.reference || ', by ' || coalesce(u.name, 'someone') AS v FROM moderations m JOIN audits a ON a.id = m.audit_id JOIN cases c ON c.id = a.case_id LEFT JOIN users u ON u.id = m.moderator_id WHERE m.id = ?", r.entity_id);
    if (m) return `Moderation of case ${m}`;
  }
  if (r.entity === 'moderation-flag') {
    const f = one('SELECT c.reference AS v FROM moderation_flags f JOIN audits a ON a.id = f.audit_id JOIN cases c ON c.id = a.case_id WHERE f.id = ?', r.entity_id);
    if (f) return `Flag on the audit of case ${f}`;
  }
  if (r.entity === 'action') {
    const title = one('SELECT title AS v FROM actions WHERE id = ?', r.entity_id);
    if (title) return `Action: ${title}`;
  }
  return `${r.entity} ${r.entity_id}`;
}

function toEntry(ctx: CoreContext, r: ConflictRow, cur: Current, record: string): ConflictEntry {
  const other = r.kind === 'duplicate' ? { value: record, personName: r.person_name, at: r.hlc.slice(0, 24) || null } : { value: parse(r.value), personName: r.person_name, at: r.hlc.slice(0, 24) };
  return {
    id: r.id,
    kind: r.kind,
    table: r.tbl,
    field: r.field,
    entity: r.entity,
    entityId: r.entity_id,
    record,
    current: { value: cur.value, personName: cur.personName, at: cur.at },
    other,
    ...templateConflictView(ctx.db, r, cur.value, other.value),
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
  };
}

export function listConflicts(ctx: CoreContext, includeResolved: boolean): ConflictEntry[] {
  const user = principalOf(ctx);
  const sql = `SELECT * FROM conflicts ${includeResolved ? '' : 'WHERE resolved_at IS NULL'} ORDER BY hlc DESC LIMIT 500`;
  const out: ConflictEntry[] = [];
  for (const r of prepared(ctx.db, sql).all() as ConflictRow[]) {
    const cur = current(ctx, r);
    if (cur && concerns(ctx, user, r, cur)) out.push(toEntry(ctx, r, cur, recordLabel(ctx, r)));
  }
  return out;
}

export function resolveConflict(ctx: CoreContext, id: string, keep: 'current' | 'other'): { id: string; kept: 'current' | 'other' } {
  const user = principalOf(ctx);
  return write(ctx, (tx) => {
    const r = prepared(tx.db, 'SELECT * FROM conflicts WHERE id = ?').get(id) as ConflictRow | undefined;
    if (!r) throw new AppError('NOT_FOUND', 'That conflict is no longer listed. Reload the Conflicts page.');
    const cur = current(ctx, r);
    if (!cur) throw new AppError('CONFLICT', 'These records no longer share that value: nothing is left to choose. Reload the Conflicts page.');
    if (!concerns(ctx, user, r, cur)) throw new AppError('FORBIDDEN', 'Only the people whose changes crossed here, or a QA lead, can choose between them.');
    if (r.resolved_at) throw new AppError('CONFLICT', `${r.resolved_by ?? 'Someone'} already chose between these values. Reload the Conflicts page.`);
    if (keep === 'other' && r.kind !== 'duplicate') {
      if (!cur.exists) throw new AppError('CONFLICT', 'The record this value belongs to has been deleted since, so the value cannot be put back.');
      if (r.tbl === TEMPLATES_TABLE && prepared(tx.db, "SELECT 1 FROM templates WHERE id = ? AND status = 'published'").get(r.row_key)) {
        throw new AppError('READ_ONLY', `${recordLabel(ctx, r)} was published and is frozen, so this value cannot be put into it: copy the version into a new one and make the change there.`);
      }
      const def = entityOf(r.tbl);
      const values = keyValues(def, r.row_key);
      const where = Object.fromEntries(def.key.map((k, i) => [k, values[i]]));
      tx.update(r.tbl, where, { [r.col]: parse(r.value) }, { entity: r.entity, entityId: r.entity_id, fieldPrefix: r.field.slice(0, r.field.length - r.col.length) });
    }
    tx.event({ entity: CONFLICTS_TABLE, entityId: id }, 'resolve', { keep, field: r.field });
    prepared(tx.db, 'UPDATE conflicts SET resolved_at = ?, resolved_by = ? WHERE id = ?').run(tx.at, user.name, id);
    return { id, kept: keep };
  });
}

export const conflictsHandlers = {
  'conflicts:list': (ctx, input) => listConflicts(ctx, input.includeResolved),
  'conflicts:resolve': (ctx, input) => resolveConflict(ctx, input.id, input.keep),
} satisfies HandlersFor<typeof conflictsOps>;
