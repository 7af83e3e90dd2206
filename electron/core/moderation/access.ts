import type { Principal } from '../../../shared/api/session';
import { AppError } from '../errors';
import type { AuditRow } from './queries';

/** Why this user may not moderate this audit, or null when they may. */
export function ownAuditReason(user: Principal, audit: AuditRow): string | null {
  if (audit.auditor_id !== user.id) return null;
  return `You wrote this audit (case ${audit.reference}), so you cannot moderate it. Another moderator or the QA lead must moderate it.`;
}

export function assertNotOwn(user: Principal, audit: AuditRow): void {
  const reason = ownAuditReason(user, audit);
  if (reason) throw new AppError('FORBIDDEN', reason);
}

// Blind-moderation visibility lives in electron/core/policy/visibility.ts (one place for every read).
export { blindHiddenAuditIds, hiddenByBlindModeration } from '../policy/visibility';

export const BLIND_HIDDEN_MESSAGE =
  'This audit is being moderated blind: its grades, findings and warnings stay hidden until the moderator has graded the whole file. Open it from the moderation queue.';
