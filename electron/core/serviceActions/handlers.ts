import type { serviceActionsOps } from '../../../shared/api/serviceActions';
import { todayOf } from '../actions/reports';
import type { HandlersFor } from '../handler';
import { prepared } from '../write';
import { listFindings } from './queries';
import { addFinding, cancelFinding, findingDetail, markFindingDone, moveFindingDue } from './service';

export const serviceActionsHandlers = {
  'serviceActions:add': (ctx, input) => addFinding(ctx, input),
  'serviceActions:list': (ctx, input) => ({
    today: todayOf(ctx),
    rows: listFindings(ctx.db, todayOf(ctx), input),
    teams: (prepared(ctx.db, "SELECT DISTINCT team AS v FROM cases UNION SELECT DISTINCT team AS v FROM service_actions WHERE team <> '' ORDER BY v").all() as { v: string }[]).map((r) => r.v),
  }),
  'serviceActions:get': (ctx, input) => findingDetail(ctx, input.id),
  'serviceActions:markDone': (ctx, input) => markFindingDone(ctx, input),
  'serviceActions:cancel': (ctx, input) => cancelFinding(ctx, input),
  'serviceActions:moveDue': (ctx, input) => moveFindingDue(ctx, input),
} satisfies HandlersFor<typeof serviceActionsOps>;
