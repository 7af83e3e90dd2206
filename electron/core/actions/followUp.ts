import type { CoreContext } from '../context';
import { AppError, notFound } from '../errors';
import { principalOf } from '../policy/principal';
import { startAudit } from '../audits/service';
import { prepared, write } from '../write';
import { getActionRow } from './queries';

/**
 * Schedules a follow-up re-audit of the action's case: the audit editor's own start (a draft
 * audit of the same case for the person scheduling it, with the published template), linked
 * to the audit that raised the action (`follows_audit_id`) and to the action, in one transaction.
 */
export function scheduleFollowUp(ctx: CoreContext, input: { id: string }): { auditId: string } {
  const user = principalOf(ctx);
  const action = getActionRow(ctx.db, input.id);
  if (!action) throw notFound('Action', input.id);
  if (action.follow_up_audit_id) {
    throw new AppError('CONFLICT', `A follow-up audit of case ${action.case_reference} was already scheduled from action '${action.title}'; open it from the case.`);
  }
  const team = (prepared(ctx.db, 'SELECT team FROM cases WHERE id = ?').get(action.case_id) as { team: string }).team;
  if (user.teams.includes(team)) {
    throw new AppError('VALIDATION', `You manage ${team}, the team of case ${action.case_reference}; ask an auditor from outside the team to schedule the follow-up audit.`);
  }
  // Each write() reads the head of the history chain afresh, so two in a row inside one
  // outer transaction keep the chain whole and land together or not at all.
  return ctx.db.transaction(() => {
    const started = startAudit(ctx, { caseId: action.case_id });
    write(ctx, (tx) => {
      tx.update('audits', { id: started.id }, { follows_audit_id: action.audit_id }, { entity: 'audit', entityId: started.id });
      tx.update('actions', { id: action.id }, { follow_up_audit_id: started.id, updated_at: tx.at }, { entity: 'action', entityId: action.id });
    });
    return { auditId: started.id };
  }).immediate();
}
