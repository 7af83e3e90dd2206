import type { MissingItem, SubmitCheck } from '../audits/submitChecks';
import { gradeText } from '../../../shared/domain/grades';
import { liveActionCount } from './queries';

/**
 * "An audit graded 3 or 4 overall cannot be submitted without at least one action"
 * (cancelled actions do not count: they will not change anything for the child).
 */
export const actionRequiredCheck: SubmitCheck = (ctx, audit) => {
  const grade = Number(audit.overallGrade) as 3 | 4;
  if (grade !== 3 && grade !== 4) return [];
  if (liveActionCount(ctx.db, audit.id) > 0) return [];
  const item: MissingItem = {
    code: 'action-required',
    message: `The overall grade is ${gradeText(grade)}: add at least one action saying what must happen for the child, who owns it and by when.`,
    target: { kind: 'step', step: 'actions' },
  };
  return [item];
};
