import type { actionsOps } from '../../../shared/api/actions';
import type { HandlersFor } from '../handler';
import { listUsers } from '../session/users';
import { prepared } from '../write';
import { reminders } from './dashboard';
import './demo';
import { myFollowUps, scheduleFollowUp, startFollowUp } from './followUp';
import { actionsForAudit, dueMoves, programmeNames } from './queries';
import { driftReport, followUps, timelinessReport, todayOf, toRows, trackerList } from './reports';
import { scopeOf } from '../policy/visibility';
import { actionRow, addAction, bulkStatus, cancelAction, markDone, moveDueDate, recordSpotCheck, requestSpotCheck, verifyAction } from './service';

const distinct = (sql: string, db: Parameters<typeof prepared>[0]) => (prepared(db, sql).all() as { v: string }[]).map((r) => r.v);

export const actionsHandlers = {
  'actions:add': (ctx, input) => addAction(ctx, input),
  'actions:forAudit': (ctx, input) => {
    return toRows(ctx.db, todayOf(ctx), actionsForAudit(ctx.db, input.auditId));
  },
  'actions:get': (ctx, input) => {
    return { ...actionRow(ctx, input.id), moves: dueMoves(ctx.db, input.id) };
  },
  'actions:list': (ctx, input) => {
    return trackerList(ctx.db, todayOf(ctx), input, scopeOf(ctx.db, ctx.principal)?.hiddenIds());
  },
  'actions:facets': (ctx) => {
    const users = listUsers(ctx.db);
    const people = [
      ...users.map((u) => ({ name: u.name, role: u.jobTitle || 'Team manager' })),
      ...(prepared(ctx.db, 'SELECT DISTINCT worker AS name FROM cases WHERE worker != \'\' ORDER BY worker').all() as { name: string }[]).map((r) => ({ name: r.name, role: 'Social worker' })),
    ];
    return {
      teams: distinct('SELECT DISTINCT team AS v FROM actions UNION SELECT DISTINCT team AS v FROM cases ORDER BY v', ctx.db),
      owners: distinct('SELECT DISTINCT owner_name AS v FROM actions ORDER BY owner_name COLLATE NOCASE', ctx.db),
      programmes: programmeNames(ctx.db),
      people,
      // Who can be given a follow-up re-audit: active auditors and moderators, with the teams they manage.
      auditors: (prepared(ctx.db, "SELECT id, name, manages_teams FROM users WHERE active = 1 AND role IN ('auditor', 'moderator') ORDER BY name").all() as { id: string; name: string; manages_teams: string }[]).map(
        (u) => ({ id: u.id, name: u.name, teams: JSON.parse(u.manages_teams) as string[] }),
      ),
    };
  },
  'actions:markDone': (ctx, input) => markDone(ctx, input),
  'actions:cancel': (ctx, input) => cancelAction(ctx, input),
  'actions:verify': (ctx, input) => verifyAction(ctx, input),
  'actions:moveDue': (ctx, input) => {
    moveDueDate(ctx, input);
    return { ...actionRow(ctx, input.id), moves: dueMoves(ctx.db, input.id) };
  },
  'actions:bulkStatus': (ctx, input) => bulkStatus(ctx, input),
  'actions:drift': (ctx, input) => {
    const today = todayOf(ctx);
    // Drifting cases are keyed by case, not id: kept to the caller's scope here (policy/visibility.ts).
    const scope = scopeOf(ctx.db, ctx.principal);
    return { today, cases: driftReport(ctx.db, today, { team: input.team }).filter((c) => !scope || scope.cases(c.caseId)) };
  },
  'actions:timeliness': (ctx, input) => {
    // Figures over the actions the caller may see (decision 72); a QA lead's are every action.
    const scope = scopeOf(ctx.db, ctx.principal);
    return timelinessReport(ctx.db, todayOf(ctx), input, scope && !scope.everything ? (id) => scope.actions(id) : undefined);
  },
  'actions:scheduleFollowUp': (ctx, input) => scheduleFollowUp(ctx, input),
  'actions:startFollowUp': (ctx, input) => startFollowUp(ctx, input),
  'actions:myFollowUps': (ctx) => myFollowUps(ctx),
  'actions:requestSpotCheck': (ctx, input) => requestSpotCheck(ctx, input),
  'actions:recordSpotCheck': (ctx, input) => recordSpotCheck(ctx, input),
  'actions:reminders': (ctx) => reminders(ctx),
  'actions:followUps': (ctx, input) => {
    return followUps(ctx.db, input.caseId);
  },
} satisfies HandlersFor<typeof actionsOps>;
