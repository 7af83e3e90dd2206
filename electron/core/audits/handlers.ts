import type { auditsOps } from '../../../shared/api/audits';
import type { HandlersFor } from '../handler';
import { currentUser } from '../session/current';
import { gradeCounts, myAudits } from './dashboard';
import { loadAuditDetail } from './queries';
import { saveAudit, startAudit } from './service';
import { checkSubmit, submitAudit } from './submit';

export const auditsHandlers = {
  'audits:start': (ctx, input) => startAudit(ctx, input),
  'audits:get': (ctx, { id }) => loadAuditDetail(ctx.db, id, currentUser(ctx)),
  'audits:save': (ctx, input) => saveAudit(ctx, input),
  'audits:checkSubmit': (ctx, { id }) => checkSubmit(ctx, id),
  'audits:submit': (ctx, input) => submitAudit(ctx, input),
  'audits:mine': (ctx) => myAudits(ctx),
  'audits:gradeCounts': (ctx, input) => gradeCounts(ctx, input),
} satisfies HandlersFor<typeof auditsOps>;
