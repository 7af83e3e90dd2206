import type { QuestionAnswers, SectionGrades } from '../../../shared/domain/grading';
import { runOptimismChecks, type OptimismWarning, type PersonFeedback } from '../../../shared/domain/optimism';
import type { CoreContext } from '../context';
import { auditorCalibrationFigure } from './calibration';
import { answers, getTemplate, sectionGrades, toGrade, type AuditRow } from './queries';

const NO_FEEDBACK: PersonFeedback = { spokenTo: null, reason: '', said: '', view: null };

function person(value: unknown): PersonFeedback {
  if (!value || typeof value !== 'object') return NO_FEEDBACK;
  return { ...NO_FEEDBACK, ...(value as Partial<PersonFeedback>) };
}

export function parseFeedback(json: string): { child: PersonFeedback; parent: PersonFeedback } {
  let raw: Record<string, unknown> = {};
  try {
    raw = JSON.parse(json) as Record<string, unknown>;
  } catch {
    /* an unreadable feedback block counts as none given */
  }
  return { child: person(raw.child), parent: person(raw.parent) };
}

export type CalibrationLookup = (auditorId: string) => ReturnType<typeof auditorCalibrationFigure>;

/** A per-call cache so a queue of many audits asks for each auditor's figure once. */
export function calibrationLookup(ctx: CoreContext): CalibrationLookup {
  const cache = new Map<string, ReturnType<typeof auditorCalibrationFigure>>();
  return (auditorId) => {
    if (!cache.has(auditorId)) cache.set(auditorId, auditorCalibrationFigure(ctx, auditorId));
    return cache.get(auditorId)!;
  };
}

/**
 * The optimism warnings of a submitted audit: those kept when the auditor submitted it, or (for
 * audits kept without them, e.g. imported or demo audits) the checks run again on the audit as saved.
 */
export function auditWarnings(ctx: CoreContext, audit: AuditRow, calibration: CalibrationLookup = calibrationLookup(ctx)): OptimismWarning[] {
  const kept = parseWarnings(audit.submitted_warnings);
  if (kept.length > 0) return kept;
  const template = getTemplate(ctx.db, audit.template_id);
  const grades: SectionGrades = {};
  const evidence: Record<string, string> = {};
  for (const s of sectionGrades(ctx.db, audit.id)) {
    grades[s.section_key] = toGrade(s.grade);
    evidence[s.section_key] = s.evidence;
  }
  return runOptimismChecks(template, {
    sectionGrades: grades,
    sectionEvidence: evidence,
    answers: answers(ctx.db, audit.id) as QuestionAnswers,
    overall: toGrade(audit.overall_grade),
    feedback: parseFeedback(audit.feedback),
    calibration: calibration(audit.auditor_id),
  });
}

function parseWarnings(json: string | undefined): OptimismWarning[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as OptimismWarning[]) : [];
  } catch {
    return [];
  }
}
