import { gradeText, isGrade, type Grade, type GradeOrNA } from './grades';
import { allQuestions, ANSWER_LABELS, type Answer, type LimitingRule, type TemplateDefinition, type TemplateSection } from './template';

/** Grades given per section key; missing / null = not graded yet, 'na' = not applicable. */
export type SectionGrades = Record<string, GradeOrNA | null | undefined>;
/** Answers given per question key. */
export type QuestionAnswers = Record<string, Answer | null | undefined>;

export interface LimitingInput {
  sectionGrades: SectionGrades;
  answers: QuestionAnswers;
}

export interface LimitingReason {
  ruleId: string;
  /** Best overall grade allowed by this rule (overall number must be >= cap). */
  cap: Grade;
  message: string;
}

export interface LimitingResult {
  /** The strictest cap (largest number), or null when no rule constrains the overall grade. */
  cap: Grade | null;
  reasons: LimitingReason[];
}

/** Words separated by whitespace; empty or blank text → 0. */
export function wordCount(text: string): number {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** Sections of the template graded 1–4 (N/A and ungraded left out), in template order. */
export function gradedSectionEntries(
  template: TemplateDefinition,
  sectionGrades: SectionGrades,
): { section: TemplateSection; grade: Grade }[] {
  const out: { section: TemplateSection; grade: Grade }[] = [];
  for (const section of template.sections) {
    const grade = sectionGrades[section.key];
    if (isGrade(grade)) out.push({ section, grade });
  }
  return out;
}

/** The numeric grades of the template's sections graded 1–4, in template order. */
export function gradedSections(template: TemplateDefinition, sectionGrades: SectionGrades): Grade[] {
  return gradedSectionEntries(template, sectionGrades).map((e) => e.grade);
}

/** Median of the grades; an even count gives the mean of the two middle ones; none → null. */
export function medianGrade(grades: Grade[]): number | null {
  if (grades.length === 0) return null;
  const sorted = [...grades].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "section 8 (Management oversight and supervision)". */
export function sectionLabel(section: TemplateSection): string {
  return `section ${section.number} (${section.title})`;
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function sectionGradeReason(
  template: TemplateDefinition,
  rule: Extract<LimitingRule, { kind: 'section-grade' }>,
  input: LimitingInput,
): LimitingReason | null {
  // A cap of 1 allows every overall grade, so it can never constrain anything.
  if (!isGrade(rule.cap) || rule.cap === 1) return null;
  const matched = template.sections.filter(
    (s) => rule.sections.includes(s.key) && input.sectionGrades[s.key] === rule.grade,
  );
  if (matched.length === 0) return null;
  let questionPart = '';
  if (rule.question) {
    if (input.answers[rule.question.key] !== rule.question.answer) return null;
    const question = allQuestions(template).find((q) => q.key === rule.question!.key);
    const label = ANSWER_LABELS[rule.question.answer] ?? rule.question.answer;
    questionPart = ` and the answer to "${question?.text ?? rule.question.key}" is ${label}`;
  }
  const verb = matched.length > 1 ? 'are' : 'is';
  return {
    ruleId: rule.id,
    cap: rule.cap,
    message:
      `Overall cannot be better than ${gradeText(rule.cap)} because ` +
      `${joinList(matched.map(sectionLabel))} ${verb} ${gradeText(rule.grade)}${questionPart}.`,
  };
}

function worstPlusReason(
  template: TemplateDefinition,
  rule: Extract<LimitingRule, { kind: 'worst-plus' }>,
  input: LimitingInput,
): LimitingReason | null {
  const entries = gradedSectionEntries(template, input.sectionGrades);
  if (entries.length === 0) return null;
  if (!Number.isInteger(rule.steps) || rule.steps < 0) return null;
  const worst = Math.max(...entries.map((e) => e.grade)) as Grade;
  const cap = worst - rule.steps;
  // A cap of 1 or less allows every overall grade.
  if (cap < 2 || !isGrade(cap)) return null;
  const worstSections = entries.filter((e) => e.grade === worst).map((e) => sectionLabel(e.section));
  const which =
    worstSections.length === 1
      ? `the worst section, ${worstSections[0]}, is`
      : `the worst sections, ${joinList(worstSections)}, are`;
  return {
    ruleId: rule.id,
    cap,
    message: `Overall cannot be better than ${gradeText(cap)} because ${which} ${gradeText(worst)}.`,
  };
}

/** Applies the template's limiting rules; rules that cannot constrain anything are skipped. */
export function evaluateLimitingRules(template: TemplateDefinition, input: LimitingInput): LimitingResult {
  const reasons: LimitingReason[] = [];
  for (const rule of template.limitingRules) {
    const reason =
      rule.kind === 'section-grade'
        ? sectionGradeReason(template, rule, input)
        : rule.kind === 'worst-plus'
          ? worstPlusReason(template, rule, input)
          : null;
    if (reason) reasons.push(reason);
  }
  let cap: Grade | null = null;
  for (const r of reasons) if (cap === null || r.cap > cap) cap = r.cap;
  return { cap, reasons };
}

/** The limiting reasons the overall grade breaks (overall better, i.e. smaller, than the cap). */
export function overallViolations(
  template: TemplateDefinition,
  input: LimitingInput & { overall: GradeOrNA | null },
): LimitingReason[] {
  const overall = input.overall;
  if (!isGrade(overall)) return [];
  return evaluateLimitingRules(template, input).reasons.filter((r) => overall < r.cap);
}
