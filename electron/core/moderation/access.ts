import type { User } from '../../../shared/api/session';
import type { CoreContext } from '../context';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import { requireUser } from '../session/current';
import { prepared } from '../write';
import type { AuditRow } from './queries';

export const canModerateRole = (user: User): boolean => user.role === 'moderator' || user.role === 'qa-lead';

/** Moderators and QA leads moderate; auditors are refused with what to do instead. */
export function requireModerator(ctx: CoreContext): User {
  const user = requireUser(ctx);
  if (!canModerateRole(user)) {
    throw new AppError('FORBIDDEN', `Only moderators and QA leads can moderate audits; ${user.name} is an auditor. Ask a moderator to do this.`);
  }
  return user;
}

export function requireQaLead(ctx: CoreContext, what: string): User {
  const user = requireUser(ctx);
  if (user.role !== 'qa-lead') throw new AppError('FORBIDDEN', `Only a QA lead can ${what}. Ask your QA lead.`);
  return user;
}

/** Why this user may not moderate this audit, or null when they may. */
export function ownAuditReason(user: User, audit: AuditRow): string | null {
  if (audit.auditor_id !== user.id) return null;
  return `You wrote this audit (case ${audit.reference}), so you cannot moderate it. Another moderator or the QA lead must moderate it.`;
}

export function assertNotOwn(user: User, audit: AuditRow): void {
  const reason = ownAuditReason(user, audit);
  if (reason) throw new AppError('FORBIDDEN', reason);
}

/**
 * True while a blind moderation of this audit is still being graded and `userId` is not its auditor:
 * nothing of the auditor's (grades, evidence, findings, warnings, history) should reach that user.
 * For other features' read operations (audits:get, system:history) to honour blind moderation.
 */
export function hiddenByBlindModeration(db: Db, auditId: string, userId: string | null): boolean {
  const row = prepared(
    db,
    `SELECT a.auditor_id FROM moderations m JOIN audits a ON a.id = m.audit_id
     WHERE m.audit_id = ? AND m.mode = 'blind' AND m.status = 'grading' AND m.finished_at IS NULL`,
  ).get(auditId) as { auditor_id: string } | undefined;
  return !!row && row.auditor_id !== userId;
}

/** Every audit whose auditor's side must stay hidden from this user (blind grading under way). */
export function blindHiddenAuditIds(db: Db, userId: string | null): Set<string> {
  const rows = prepared(
    db,
    `SELECT m.audit_id, a.auditor_id FROM moderations m JOIN audits a ON a.id = m.audit_id
     WHERE m.mode = 'blind' AND m.status = 'grading' AND m.finished_at IS NULL`,
  ).all() as { audit_id: string; auditor_id: string }[];
  return new Set(rows.filter((r) => r.auditor_id !== userId).map((r) => r.audit_id));
}

export const BLIND_HIDDEN_MESSAGE =
  'This audit is being moderated blind: its grades, findings and warnings stay hidden until the moderator has graded the whole file. Open it from the moderation queue.';
