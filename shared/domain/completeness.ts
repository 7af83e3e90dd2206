import { gradeText, type GradeOrNA } from './grades';
import { sectionLabel, wordCount } from './grading';
import type { PersonFeedback } from './optimism';
import type { TemplateDefinition } from './template';

/** The hard ceiling on key findings, whatever a template says (domain: "at most 150 words"). */
export const KEY_FINDINGS_HARD_LIMIT = 150;

/** The word limit for key findings: the template's, never above the hard limit. */
export const keyFindingsLimit = (template: Pick<TemplateDefinition, 'keyFindingsWordLimit'>): number =>
  Math.min(template.keyFindingsWordLimit > 0 ? template.keyFindingsWordLimit : KEY_FINDINGS_HARD_LIMIT, KEY_FINDINGS_HARD_LIMIT);

/** Something that stops an audit being submitted, with where in the editor to fix it. */
export interface MissingItem {
  /** Stable code, e.g. 'section-ungraded', 'key-findings', 'action-required'. */
  code: string;
  message: string;
  target: { kind: 'section'; section: string } | { kind: 'step'; step: 'feedback' | 'findings' | 'lists' | 'overall' | 'actions' };
}

/** What the completeness rules look at: pure data, no database. */
export interface CompletenessInput {
  template: TemplateDefinition;
  sections: Record<string, { grade: GradeOrNA | null } | undefined>;
  feedback: { child: PersonFeedback; parent: PersonFeedback };
  keyFindings: string;
  keyFindingsLimit: number;
  overall: number | null;
  /** Answers given, by question key (audit-level questions a limiting rule needs are required). */
  answers?: Record<string, string | null | undefined>;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function personMissing(who: 'child' | 'parent', person: PersonFeedback): MissingItem[] {
  const name = who === 'child' ? 'the child' : 'the parent or carer';
  const code = `feedback-${who}`;
  const item = (message: string): MissingItem => ({ code, message: `Child and family feedback: ${message}`, target: { kind: 'step', step: 'feedback' } });
  if (person.spokenTo === null) return [item(`say whether ${name} was spoken to.`)];
  if (person.spokenTo === 'no') return person.reason.trim() === '' ? [item(`give the reason ${name} was not spoken to.`)] : [];
  const out: MissingItem[] = [];
  if (person.said.trim() === '') out.push(item(`record what ${name} said.`));
  if (person.view === null) out.push(item(`record ${name}'s view of the help (choose "Not given" if they gave none).`));
  return out;
}

/**
 * What stops an audit being submitted, in the order of the editor: every section graded (or N/A),
 * child and family feedback completed or a reason given, key findings present and within the
 * limit, and an overall grade.
 */
export function missingItems(input: CompletenessInput): MissingItem[] {
  const out: MissingItem[] = [];
  for (const section of input.template.sections) {
    const grade = input.sections[section.key]?.grade ?? null;
    if (grade === null) {
      out.push({
        code: 'section-ungraded',
        message: `${capitalise(sectionLabel(section))} has no grade: grade it 1 to 4, or N/A if it does not apply to this case.`,
        target: { kind: 'section', section: section.key },
      });
    }
  }
  out.push(...personMissing('child', input.feedback.child), ...personMissing('parent', input.feedback.parent));
  const words = wordCount(input.keyFindings);
  if (words === 0) {
    out.push({ code: 'key-findings', message: 'Key findings are required: say in plain words what matters most for this child.', target: { kind: 'step', step: 'findings' } });
  } else if (words > input.keyFindingsLimit) {
    out.push({
      code: 'key-findings-long',
      message: `Key findings are ${words} words; shorten them to ${input.keyFindingsLimit} or fewer.`,
      target: { kind: 'step', step: 'findings' },
    });
  }
  out.push(...auditQuestionsMissing(input));
  if (input.overall === null) {
    out.push({ code: 'overall', message: "The overall grade is required: grade the child's experience and progress.", target: { kind: 'step', step: 'overall' } });
  }
  return out;
}

/**
 * An audit-level question a limiting rule reads (e.g. "child left at significant risk without
 * intervention") must be answered once one of the rule's sections has the rule's grade.
 */
function auditQuestionsMissing(input: CompletenessInput): MissingItem[] {
  const out: MissingItem[] = [];
  for (const question of input.template.auditQuestions ?? []) {
    const answer = input.answers?.[question.key];
    if (answer !== null && answer !== undefined) continue;
    const triggering = input.template.sections.filter((s) =>
      input.template.limitingRules.some((r) => r.kind === 'section-grade' && r.question?.key === question.key && r.sections.includes(s.key) && input.sections[s.key]?.grade === r.grade),
    );
    if (triggering.length === 0) continue;
    const which = triggering.map((s) => `${sectionLabel(s)} is ${gradeText(input.sections[s.key]?.grade)}`).join(' and ');
    out.push({
      code: 'audit-question',
      message: `Answer "${question.text}" (yes or no) on the overall step: ${which}, and a limiting rule reads the answer.`,
      target: { kind: 'step', step: 'overall' },
    });
  }
  return out;
}
