/**
 * The template's limiting rules applied to the moderator's and the agreed overall grade (the
 * auditor's is checked at submission). Breaking one is refused unless a written justification is
 * given; the justification is kept on the moderation and printed beside the grade in the report
 * and pack.
 */
import { JUSTIFICATION_MIN_CHARS } from '../../../shared/api/audits';
import { OVERALL_KEY, type ModerationMode } from '../../../shared/api/moderation';
import { gradeText, type GradeOrNA } from '../../../shared/domain/grades';
import { overallViolations, type QuestionAnswers } from '../../../shared/domain/grading';
import type { Answer, TemplateDefinition } from '../../../shared/domain/template';
import { AppError } from '../errors';
import { toGrade, type GradeRow } from './queries';

export type Side = 'moderator' | 'agreed';

/** The agreed value of a row when nobody set it explicitly. */
export function defaultAgreed(mode: ModerationMode, r: GradeRow): Pick<GradeRow, 'agreed_grade' | 'agreed_rationale' | 'reason_code'> {
  if (r.reconciled) return { agreed_grade: r.agreed_grade, agreed_rationale: r.agreed_rationale, reason_code: r.reason_code };
  if (mode === 'open' && r.moderator_grade !== null && r.moderator_grade !== r.auditor_grade) {
    return { agreed_grade: r.moderator_grade, agreed_rationale: r.moderator_rationale, reason_code: r.moderator_reason };
  }
  return { agreed_grade: r.auditor_grade, agreed_rationale: '', reason_code: null };
}

/**
 * One side's grades per section and overall. The moderator's: their own grade where they gave one,
 * else the auditor's (open moderation changes only what the moderator disagrees with). The agreed:
 * as agreeing would record them now.
 */
export function sideGrades(side: Side, mode: ModerationMode, rows: Map<string, GradeRow>): Map<string, GradeOrNA | null> {
  const out = new Map<string, GradeOrNA | null>();
  for (const [key, r] of rows) {
    out.set(key, side === 'moderator' ? toGrade(r.moderator_grade ?? r.auditor_grade) : toGrade(defaultAgreed(mode, r).agreed_grade));
  }
  return out;
}

/** The messages of the rules this side's overall grade breaks (empty when it keeps them). */
export function brokenRules(template: TemplateDefinition, grades: Map<string, GradeOrNA | null>, answers: Record<string, string>): string[] {
  const sectionGrades = Object.fromEntries([...grades].filter(([k]) => k !== OVERALL_KEY));
  return overallViolations(template, { sectionGrades, answers: answers as QuestionAnswers & Record<string, Answer>, overall: grades.get(OVERALL_KEY) ?? null }).map((r) => r.message);
}

/** Whose grade it is, in a sentence. */
const WHOSE: Record<Side, string> = { moderator: 'Your overall grade', agreed: 'The agreed overall grade' };

/**
 * Refuses a grade that breaks a rule unless a justification (stored or given now) is long enough.
 * Returns the justification to store ('' when no rule is broken).
 */
export function requireJustification(side: Side, grades: Map<string, GradeOrNA | null>, broken: string[], stored: string, given: string | undefined): string {
  if (broken.length === 0) return '';
  const text = (given ?? '').trim() || stored.trim();
  if (text.length >= JUSTIFICATION_MIN_CHARS) return text;
  throw new AppError(
    'VALIDATION',
    `${WHOSE[side]} (${gradeText(grades.get(OVERALL_KEY) ?? null)}) breaks a limiting rule: ${broken.join(' ')} ` +
      `Change the grade, or write a justification of at least ${JUSTIFICATION_MIN_CHARS} characters; the audit report and pack print it beside the grade.`,
  );
}
