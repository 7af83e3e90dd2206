import { JUSTIFICATION_MIN_CHARS, type AuditDetail, type AuditStatus, type SubmitCheckResult } from '../../../shared/api/audits';
import { runOptimismChecks, type OptimismWarning } from '../../../shared/domain/optimism';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { auditorCalibrationFigure } from '../moderation/calibration';
import { principalOf } from '../policy/principal';
import { write } from '../write';
import { keyFindingsLimit, missingItems } from '../../../shared/domain/completeness';
import { auditTarget, getAuditRow, loadAuditDetail } from './queries';
import { assertEditable, assertRevision, bumpRevision } from './service';
import { submitChecks, type MissingItem } from './submitChecks';

function sectionGrades(detail: AuditDetail) {
  return Object.fromEntries(Object.entries(detail.sections).map(([k, s]) => [k, s.grade]));
}

/** The optimism checks of domain.md on the audit as saved, with the auditor's calibration figure. */
export function optimismWarnings(ctx: CoreContext, detail: AuditDetail): OptimismWarning[] {
  return runOptimismChecks(detail.template, {
    sectionGrades: sectionGrades(detail),
    sectionEvidence: Object.fromEntries(Object.entries(detail.sections).map(([k, s]) => [k, s.evidence])),
    answers: detail.answers,
    overall: detail.overall,
    feedback: detail.feedback,
    calibration: auditorCalibrationFigure(ctx, detail.auditorId),
  });
}

/** Everything missing before submission: the editor's own rules, then every registered check. */
export function allMissing(ctx: CoreContext, detail: AuditDetail): MissingItem[] {
  const own = missingItems({
    template: detail.template,
    sections: detail.sections,
    feedback: detail.feedback,
    keyFindings: detail.keyFindings,
    keyFindingsLimit: keyFindingsLimit(detail.template),
    overall: detail.overall,
    answers: detail.answers,
  });
  const extra = submitChecks.flatMap((check) => check(ctx, { id: detail.id, overallGrade: detail.overall, caseId: detail.caseId }));
  return [...own, ...extra];
}

export function checkSubmit(ctx: CoreContext, id: string): SubmitCheckResult {
  const detail = loadAuditDetail(ctx.db, id, ctx.principal);
  const warnings = optimismWarnings(ctx, detail);
  return { missing: allMissing(ctx, detail), warnings, needsJustification: warnings.some((w) => w.blocking) };
}

const numbered = (items: string[]): string => items.map((m, i) => `${i + 1}. ${m}`).join(' ');

/**
 * draft (or returned) → submitted, after the completeness rules pass and any blocking optimism
 * warning has a written justification. The justification and the warnings shown are kept.
 */
export function submitAudit(
  ctx: CoreContext,
  input: { id: string; revision: number; justification?: string },
): { revision: number; status: AuditStatus; submittedAt: string } {
  const user = principalOf(ctx);
  return write(ctx, (tx) => {
    const row = getAuditRow(tx.db, input.id);
    assertEditable(ctx, row, user);
    assertRevision(ctx, row, input.revision, user);
    const detail = loadAuditDetail(tx.db, input.id, user);
    const missing = allMissing(ctx, detail);
    if (missing.length > 0) {
      const n = missing.length;
      throw new AppError('VALIDATION', `This audit cannot be submitted yet: ${n} thing${n === 1 ? '' : 's'} to complete. ${numbered(missing.map((m) => m.message))}`);
    }
    const warnings = optimismWarnings(ctx, detail);
    const justification = (input.justification ?? '').trim();
    const blocking = warnings.filter((w) => w.blocking);
    if (blocking.length > 0 && justification.length < JUSTIFICATION_MIN_CHARS) {
      throw new AppError(
        'VALIDATION',
        `${blocking.map((w) => w.message).join(' ')} Write a justification of at least ${JUSTIFICATION_MIN_CHARS} characters to submit it as it is, or change the overall grade.`,
      );
    }
    // The status last: it freezes the audit for its auditor, so on every other laptop and on the team
    // server (shared/sync/rules.ts) the submission's own fields must come before it in the chain.
    tx.update(
      'audits',
      { id: row.id },
      { submitted_at: tx.at, justification, submitted_warnings: JSON.stringify(warnings), status: 'submitted' },
      auditTarget(row.id),
    );
    tx.event(auditTarget(row.id), 'submit', { from: row.status, warnings: warnings.map((w) => w.code), justified: justification !== '' });
    const revision = bumpRevision(tx, row, null);
    return { revision, status: 'submitted' as const, submittedAt: tx.at };
  });
}
