import type { auditsOps } from '../../../shared/api/audits';
import type { HandlersFor } from '../handler';
import { gradeCounts, myAudits } from './dashboard';
import { loadAuditDetail } from './queries';
import { saveAudit, startAudit } from './service';
import { checkSubmit, submitAudit } from './submit';
import { AppError } from '../errors';
import { BLIND_HIDDEN_MESSAGE, hiddenByBlindModeration } from '../moderation/access';

export const auditsHandlers = {
  'audits:start': (ctx, input) => startAudit(ctx, input),
  'audits:get': (ctx, { id }) => {
    const user = ctx.principal;
    // Blind moderation is enforced here too, not only in the moderation feature's own reads.
    if (hiddenByBlindModeration(ctx.db, id, user?.id ?? null)) throw new AppError('FORBIDDEN', BLIND_HIDDEN_MESSAGE);
    return loadAuditDetail(ctx.db, id, user);
  },
  'audits:save': (ctx, input) => saveAudit(ctx, input),
  'audits:checkSubmit': (ctx, { id }) => checkSubmit(ctx, id),
  'audits:submit': (ctx, input) => submitAudit(ctx, input),
  'audits:mine': (ctx) => myAudits(ctx),
  'audits:gradeCounts': (ctx, input) => gradeCounts(ctx, input),
} satisfies HandlersFor<typeof auditsOps>;
