import type { ActionRow, MyFollowUp } from '../../../shared/api/actions';
import { daysBetween, formatUkDate } from '../../../shared/domain/dates';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { principalOf } from '../policy/principal';
import { startAudit } from '../audits/service';
import { prepared, write } from '../write';
import { todayOf } from './reports';
import { actionRow, loadAction } from './service';

/**
 * Follow-up re-audits (issue 12, item 8): a moderator or QA lead schedules one from an action for
 * an auditor and a date; it waits on that auditor's dashboard (due, then overdue); only they start
 * it, and starting makes the audit editor's own draft of the same case, linked to the audit that
 * raised the action (`follows_audit_id`) and to the action (`follow_up_audit_id`), so the grade
 * before and after is read as before.
 */

interface Person { id: string; name: string; role: string; manages_teams: string; active: number }

export function scheduleFollowUp(ctx: CoreContext, input: { id: string; auditorId: string; dueOn: string }): ActionRow {
  const user = principalOf(ctx);
  const action = loadAction(ctx, input.id);
  if (action.follow_up_audit_id) {
    throw new AppError('CONFLICT', `The follow-up audit of case ${action.case_reference} from action '${action.title}' has already been started; open it from the case.`);
  }
  if (action.status === 'cancelled') throw new AppError('CONFLICT', `Action '${action.title}' was cancelled: a follow-up audit cannot be scheduled from it.`);
  const person = prepared(ctx.db, 'SELECT id, name, role, manages_teams, active FROM users WHERE id = ?').get(input.auditorId) as Person | undefined;
  if (!person || person.active !== 1) throw new AppError('VALIDATION', 'Choose an active person to do the follow-up audit.');
  const team = (prepared(ctx.db, 'SELECT team FROM cases WHERE id = ?').get(action.case_id) as { team: string }).team;
  if ((JSON.parse(person.manages_teams) as string[]).includes(team)) {
    throw new AppError('VALIDATION', `${person.name} manages ${team}, the team of case ${action.case_reference}; choose an auditor from outside the team.`);
  }
  const today = todayOf(ctx);
  if (input.dueOn < today) throw new AppError('VALIDATION', `The follow-up due date (${formatUkDate(input.dueOn)}) is in the past; choose today or a later date.`);
  write(ctx, (tx) => {
    tx.update(
      'actions',
      { id: action.id },
      { follow_up_auditor_id: person.id, follow_up_on: input.dueOn, follow_up_scheduled_by: user.name, follow_up_scheduled_at: tx.at, updated_at: tx.at },
      { entity: 'action', entityId: action.id },
    );
    tx.event({ entity: 'action', entityId: action.id }, 'follow-up-scheduled', { auditor: person.name, dueOn: input.dueOn });
  });
  return actionRow(ctx, action.id);
}

export function startFollowUp(ctx: CoreContext, input: { id: string }): { auditId: string } {
  const user = principalOf(ctx);
  const action = loadAction(ctx, input.id);
  if (!action.follow_up_auditor_id) {
    throw new AppError('CONFLICT', `No follow-up audit of case ${action.case_reference} is scheduled from action '${action.title}'. A moderator or QA lead schedules one for an auditor and a date.`);
  }
  if (action.follow_up_auditor_id !== user.id) {
    throw new AppError('FORBIDDEN', `The follow-up audit of case ${action.case_reference} is scheduled for ${action.follow_up_auditor_name ?? 'another auditor'}; only they can start it.`);
  }
  if (action.follow_up_audit_id) return { auditId: action.follow_up_audit_id };
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

/** Follow-up re-audits scheduled for me and not yet submitted, soonest first. */
export function myFollowUps(ctx: CoreContext): { today: string; items: MyFollowUp[] } {
  const user = principalOf(ctx);
  const today = todayOf(ctx);
  const rows = prepared(
    ctx.db,
    `SELECT a.id AS actionId, a.title AS actionTitle, a.case_id AS caseId, c.reference AS caseReference, c.team, a.follow_up_on AS dueOn,
            a.follow_up_scheduled_by AS scheduledBy, a.follow_up_audit_id AS auditId, fu.status AS auditStatus
     FROM actions a JOIN cases c ON c.id = a.case_id LEFT JOIN audits fu ON fu.id = a.follow_up_audit_id
     WHERE a.follow_up_auditor_id = ? AND a.follow_up_on IS NOT NULL AND a.status <> 'cancelled'
       AND (fu.id IS NULL OR fu.status IN ('draft', 'returned'))
     ORDER BY a.follow_up_on, c.reference`,
  ).all(user.id) as Omit<MyFollowUp, 'overdue' | 'daysOverdue'>[];
  return {
    today,
    items: rows.map((r) => ({ ...r, scheduledBy: r.scheduledBy ?? '', overdue: r.dueOn < today, daysOverdue: r.dueOn < today ? daysBetween(r.dueOn, today) : 0 })),
  };
}
