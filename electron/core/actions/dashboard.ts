import type { ActionRow, DriftCaseRow } from '../../../shared/api/actions';
import type { CoreContext } from '../context';
import { principalOf } from '../policy/principal';
import { scopeOf } from '../policy/visibility';
import { prepared } from '../write';
import { ACTION_SELECT, rowToAction, type ActionDbRow } from './queries';
import { computeDrift, driftReport, indexDrift, todayOf } from './reports';

/**
 * The dashboard's reminders: my overdue actions (I own them, or I raised them) and the drifting
 * cases in my scope. An auditor's scope is `visibleTo` itself (the cases allocated to them, audited
 * by them, scheduled for their follow-up or in the teams they manage), so the dashboard, the drift
 * page and the team server agree; moderators and QA leads who manage teams see those teams' cases,
 * and those who manage none see every team.
 */
export function reminders(ctx: CoreContext): { today: string; myOverdue: ActionRow[]; drifting: DriftCaseRow[]; scope: string } {
  const user = principalOf(ctx);
  const today = todayOf(ctx);
  const mine = prepared(
    ctx.db,
    `${ACTION_SELECT} WHERE a.status = 'open' AND a.due_date < ? AND (a.owner_name = ? COLLATE NOCASE OR a.created_by = ?)
     ORDER BY a.due_date, a.id`,
  ).all(today, user.name, user.id) as ActionDbRow[];
  const drift = indexDrift(computeDrift(ctx.db, today));
  const myOverdue = mine.map((r) => rowToAction(r, today, drift));

  let drifting: DriftCaseRow[];
  let scope: string;
  if (user.role === 'auditor') {
    drifting = driftReport(ctx.db, today);
    const own = 'the cases allocated to you or audited by you';
    scope = user.teams.length > 0 ? `${user.teams.join(', ')} and ${own}` : own;
  } else if (user.teams.length > 0) {
    drifting = driftReport(ctx.db, today, { teams: user.teams });
    scope = user.teams.join(', ');
  } else {
    drifting = driftReport(ctx.db, today);
    scope = 'all teams';
  }
  const visible = scopeOf(ctx.db, ctx.principal);
  return { today, myOverdue, drifting: drifting.filter((c) => !visible || visible.cases(c.caseId)), scope };
}
