import type { programmesOps } from '../../../shared/api/programmes';
import type { HandlersFor } from '../handler';
import { allocateProgramme, assignCase, setPartnerAuditor } from './allocation';
import './demo';
import { listProgrammes, myProgrammeCases, programmePage } from './pageData';
import { fixSample, previewSample } from './sampling';
import { addCasesByHand, candidateCases, createProgramme, removeProgrammeCase, updateProgramme } from './service';

export const programmesHandlers = {
  'programmes:ping': () => ({ ok: true as const }),
  'programmes:list': (ctx, input) => listProgrammes(ctx, input.status),
  'programmes:get': (ctx, input) => programmePage(ctx, input.id),
  'programmes:create': (ctx, input) => createProgramme(ctx, input),
  'programmes:update': (ctx, input) => updateProgramme(ctx, input),
  'programmes:candidates': (ctx, input) => candidateCases(ctx, input),
  'programmes:addCases': (ctx, input) => {
    addCasesByHand(ctx, input.programmeId, input.caseIds);
    return programmePage(ctx, input.programmeId);
  },
  'programmes:removeCase': (ctx, input) => {
    removeProgrammeCase(ctx, input.programmeId, input.caseId);
    return programmePage(ctx, input.programmeId);
  },
  'programmes:samplePreview': (ctx, input) => previewSample(ctx, input),
  'programmes:fixSample': (ctx, input) => {
    fixSample(ctx, input);
    return programmePage(ctx, input.programmeId);
  },
  'programmes:allocate': (ctx, input) => allocateProgramme(ctx, input.programmeId, input.auditorIds),
  'programmes:assign': (ctx, input) => {
    assignCase(ctx, input.programmeId, input.caseId, input.auditorId);
    return programmePage(ctx, input.programmeId);
  },
  'programmes:setPartner': (ctx, input) => {
    setPartnerAuditor(ctx, input);
    return programmePage(ctx, input.programmeId);
  },
  'programmes:mine': (ctx) => myProgrammeCases(ctx),
} satisfies HandlersFor<typeof programmesOps>;
