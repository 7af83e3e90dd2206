import type { CoreContext } from '../context';
import { AppError, notFound } from '../errors';
import { requireUser } from '../session/current';
import { getUser } from '../session/users';
import { newId, prepared, write } from '../write';
import { getActionRow } from './queries';

/**
 * Schedules a follow-up re-audit of the action's case: a draft audit of the same case,
 * on the newest published version of the same template, that `follows` the audit which
 * raised the action, for the chosen auditor (by default the person scheduling it).
 */
export function scheduleFollowUp(ctx: CoreContext, input: { id: string; auditorId?: string }): { auditId: string } {
  const user = requireUser(ctx);
  const action = getActionRow(ctx.db, input.id);
  if (!action) throw notFound('Action', input.id);
  if (action.follow_up_audit_id) {
    throw new AppError('CONFLICT', `A follow-up audit of case ${action.case_reference} was already scheduled from action '${action.title}'; open it from the case.`);
  }
  const auditor = input.auditorId ? getUser(ctx.db, input.auditorId) : user;
  if (!auditor) throw notFound('User', input.auditorId ?? '');
  const team = (prepared(ctx.db, 'SELECT team FROM cases WHERE id = ?').get(action.case_id) as { team: string }).team;
  if (auditor.managesTeams.includes(team)) {
    throw new AppError('VALIDATION', `${auditor.name} manages ${team}, the team of case ${action.case_reference}; choose an auditor from outside the team.`);
  }
  const template = prepared(
    ctx.db,
    `SELECT t.id FROM templates t JOIN templates o ON o.key = t.key
     WHERE o.id = (SELECT template_id FROM audits WHERE id = ?) AND t.status = 'published'
     ORDER BY t.version DESC LIMIT 1`,
  ).get(action.audit_id) as { id: string } | undefined;
  if (!template) throw new AppError('CONFLICT', 'There is no published version of the template the original audit used; publish one first.');
  const auditId = newId();
  write(ctx, (tx) => {
    tx.insert(
      'audits',
      {
        id: auditId, case_id: action.case_id, template_id: template.id, programme_id: null, auditor_id: auditor.id, status: 'draft',
        follows_audit_id: action.audit_id, created_at: tx.at, updated_at: tx.at,
      },
      { entity: 'audit', entityId: auditId },
    );
    tx.update('actions', { id: action.id }, { follow_up_audit_id: auditId, updated_at: tx.at }, { entity: 'action', entityId: action.id });
  });
  return { auditId };
}
