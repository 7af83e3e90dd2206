import type { moderationOps } from '../../../shared/api/moderation';
import type { HandlersFor } from '../handler';
import './demo';
import { moderationFigures } from './figures';
import { moderationQueue } from './queue';
import { agreeWithoutModeration, drawSample, drawSummary, resolveFlag, setSharePercent, settingsFor } from './sampling';
import { agreeModeration, finishBlindGrading, gradeSection, reconcileSection, returnToAuditor, startModeration } from './service';
import { buildView } from './view';
import { acknowledgeGrades, answerReconsider, bothAgreeInbox, requestReconsider } from './bothAgree';

export const moderationHandlers = {
  'moderation:queue': (ctx, input) => moderationQueue(ctx, input),
  'moderation:getSettings': (ctx) => settingsFor(ctx),
  'moderation:setSettings': (ctx, input) => {
    setSharePercent(ctx, input.sharePercent);
    return settingsFor(ctx);
  },
  'moderation:draw': (ctx, input) => drawSummary(ctx, drawSample(ctx, input.seed))!,
  'moderation:start': (ctx, input) => {
    startModeration(ctx, input.auditId, input.mode);
    return buildView(ctx, input.auditId);
  },
  'moderation:get': (ctx, input) => buildView(ctx, input.auditId),
  'moderation:grade': (ctx, input) => {
    gradeSection(ctx, input);
    return buildView(ctx, input.auditId);
  },
  'moderation:finishGrading': (ctx, input) => {
    finishBlindGrading(ctx, input.auditId, input.justification);
    return buildView(ctx, input.auditId);
  },
  'moderation:reconcile': (ctx, input) => {
    reconcileSection(ctx, input);
    return buildView(ctx, input.auditId);
  },
  'moderation:agree': (ctx, input) => {
    agreeModeration(ctx, input.auditId, input.justification);
    return buildView(ctx, input.auditId);
  },
  'moderation:return': (ctx, input) => {
    returnToAuditor(ctx, input.auditId, input.reasons);
    return buildView(ctx, input.auditId);
  },
  'moderation:agreeWithoutModeration': (ctx, input) => {
    agreeWithoutModeration(ctx, input.auditId);
    return { auditId: input.auditId, status: 'agreed' as const };
  },
  'moderation:agreeBelowShare': (ctx, input) => {
    agreeWithoutModeration(ctx, input.auditId, input.reason);
    return { auditId: input.auditId, status: 'agreed' as const };
  },
  'moderation:acknowledge': (ctx, input) => {
    acknowledgeGrades(ctx, input.auditId);
    return buildView(ctx, input.auditId);
  },
  'moderation:bothAgree': (ctx) => bothAgreeInbox(ctx),
  'moderation:reconsider': (ctx, input) => {
    requestReconsider(ctx, input.auditId, input.reason);
    return buildView(ctx, input.auditId);
  },
  'moderation:answerReconsider': (ctx, input) => {
    answerReconsider(ctx, input);
    return buildView(ctx, input.auditId);
  },
  'moderation:resolveFlag': (ctx, input) => {
    resolveFlag(ctx, input.flagId, input.note);
    return { id: input.flagId };
  },
  'moderation:figures': (ctx, input) => {
    return moderationFigures(ctx, input);
  },
} satisfies HandlersFor<typeof moderationOps>;
