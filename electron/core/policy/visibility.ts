import type { Principal } from '../../../shared/api/session';
import type { Db } from '../db/open';
import { prepared } from '../write';

/**
 * What a person may see, in one place. Blind moderation: while a blind moderation is being
 * graded, nobody but the audit's own auditor sees the auditor's grades, findings, warnings or
 * overall grade, through any operation. Reads use `blindHiddenAuditIds` / `hiddenByBlindModeration`
 * (the audit editor, history, case register, exports); and dispatch passes every reply through
 * `redactHiddenAudits`, which blanks the grade that rides beside an audit's id in any shape the
 * contract returns (a new read that forgets the rule still cannot carry the grade out).
 */

type Who = Principal | string | null;
const idOf = (who: Who): string | null => (typeof who === 'string' ? who : (who?.id ?? null));

const BLIND_GRADING = `SELECT m.audit_id, a.auditor_id FROM moderations m JOIN audits a ON a.id = m.audit_id
  WHERE m.mode = 'blind' AND m.status = 'grading' AND m.finished_at IS NULL`;

function hasModerations(db: Db): boolean {
  return !!prepared(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'moderations'").get();
}

/** Every audit whose auditor's side must stay hidden from this person (blind grading under way). */
export function blindHiddenAuditIds(db: Db, who: Who): Set<string> {
  if (!hasModerations(db)) return new Set();
  const me = idOf(who);
  const rows = prepared(db, BLIND_GRADING).all() as { audit_id: string; auditor_id: string }[];
  return new Set(rows.filter((r) => r.auditor_id !== me).map((r) => r.audit_id));
}

/** True while a blind moderation of this audit is being graded and this person is not its auditor. */
export function hiddenByBlindModeration(db: Db, auditId: string, who: Who): boolean {
  return blindHiddenAuditIds(db, who).has(auditId);
}

/** Where a reply carries an audit's id, the fields beside it that hold that audit's grades. */
const GRADE_BESIDE_ID: readonly (readonly [idKey: string, gradeKeys: readonly string[]])[] = [
  ['auditId', ['auditOverall', 'overall', 'overallGrade', 'warningCodes', 'warnings']],
  ['followUpAuditId', ['followUpGrade']],
  ['beforeAuditId', ['gradeBefore']],
  ['afterAuditId', ['gradeAfter']],
];

/**
 * Blanks, anywhere in a reply, a grade that sits beside the id of an audit hidden from the caller
 * (e.g. an action's `auditOverall`, a follow-up's `gradeBefore`). Returns the value unchanged when
 * nothing is hidden. Objects are copied, never changed in place.
 */
export function redactHiddenAudits<T>(value: T, hidden: ReadonlySet<string>): T {
  if (hidden.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object' || v instanceof Date) return v;
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) out[k] = walk(inner);
    for (const [idKey, gradeKeys] of GRADE_BESIDE_ID) {
      const id = out[idKey];
      if (typeof id !== 'string' || !hidden.has(id)) continue;
      for (const g of gradeKeys) if (g in out) out[g] = Array.isArray(out[g]) ? [] : null;
    }
    return out;
  };
  return walk(value) as T;
}
