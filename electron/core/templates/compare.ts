import type { TemplateChange } from '../../../shared/api/templates';
import { gradeText } from '../../../shared/domain/grades';
import { ANSWER_LABELS, type LimitingRule, type TemplateDefinition, type TemplateSection } from '../../../shared/domain/template';

export interface DefinitionDiff {
  settings: TemplateChange[];
  sections: TemplateChange[];
  questions: TemplateChange[];
  rules: TemplateChange[];
  concernWords: TemplateChange[];
}

const sectionText = (s: TemplateSection): string => `${s.number}. ${s.title}${s.appliesTo ? ` (applies to: ${s.appliesTo})` : ''}`;

/** A limiting rule as a sentence, so two versions can be read side by side. */
export function ruleText(rule: LimitingRule): string {
  if (rule.kind === 'worst-plus') {
    return `Overall no better than the worst section grade plus ${rule.steps} ${rule.steps === 1 ? 'step' : 'steps'}. ${rule.description}`.trim();
  }
  const sections = rule.sections.length === 1 ? `section ${rule.sections[0]}` : `any of sections ${rule.sections.join(', ')}`;
  const question = rule.question ? ` and question ${rule.question.key} is ${ANSWER_LABELS[rule.question.answer] ?? rule.question.answer}` : '';
  return `Overall no better than ${gradeText(rule.cap)} when ${sections} is ${gradeText(rule.grade)}${question}. ${rule.description}`.trim();
}

/** Compares keyed items: added, removed, and changed (when their text differs). */
function diffKeyed<T>(before: T[], after: T[], keyOf: (t: T) => string, labelOf: (t: T) => string, textOf: (t: T) => string): TemplateChange[] {
  const old = new Map(before.map((t) => [keyOf(t), t]));
  const now = new Map(after.map((t) => [keyOf(t), t]));
  const changes: TemplateChange[] = [];
  for (const [key, item] of old) {
    const next = now.get(key);
    if (!next) changes.push({ kind: 'removed', key, label: labelOf(item), before: textOf(item), after: null });
    else if (textOf(item) !== textOf(next)) changes.push({ kind: 'changed', key, label: labelOf(next), before: textOf(item), after: textOf(next) });
  }
  for (const [key, item] of now) {
    if (!old.has(key)) changes.push({ kind: 'added', key, label: labelOf(item), before: null, after: textOf(item) });
  }
  return changes;
}

const normalWord = (w: string): string => w.trim().toLowerCase().replace(/\s+/g, ' ');

/** What changed from one version's definition to another's: sections, questions, rules, words, settings. */
export function compareDefinitions(from: TemplateDefinition, to: TemplateDefinition): DefinitionDiff {
  const settings: TemplateChange[] = [];
  if (from.name !== to.name) settings.push({ kind: 'changed', key: 'name', label: 'Name', before: from.name, after: to.name });
  if (from.keyFindingsWordLimit !== to.keyFindingsWordLimit) {
    settings.push({
      kind: 'changed',
      key: 'keyFindingsWordLimit',
      label: 'Key findings word limit',
      before: `${from.keyFindingsWordLimit} words`,
      after: `${to.keyFindingsWordLimit} words`,
    });
  }
  const sections = diffKeyed(from.sections, to.sections, (s) => s.key, (s) => `Section ${s.number} (${s.key})`, sectionText);

  // Section questions, then the audit-level ones (asked once per audit, outside the sections).
  type Q = { key: string; text: string; section: TemplateSection | null };
  const questionsOf = (d: TemplateDefinition): Q[] => [
    ...d.sections.flatMap((section) => section.questions.map((q) => ({ ...q, section }))),
    ...(d.auditQuestions ?? []).map((q) => ({ ...q, section: null })),
  ];
  const questions = diffKeyed(
    questionsOf(from),
    questionsOf(to),
    (q) => q.key,
    (q) => (q.section ? `Section ${q.section.number} (${q.section.title}): ${q.key}` : `Whole audit: ${q.key}`),
    (q) => (q.section ? `${q.text} (section ${q.section.number})` : `${q.text} (asked once per audit)`),
  );

  const rules = diffKeyed(from.limitingRules, to.limitingRules, (r) => r.id, (r) => `Rule ${r.id}`, ruleText);

  const oldWords = new Set(from.concernWords.map(normalWord));
  const newWords = new Set(to.concernWords.map(normalWord));
  const concernWords: TemplateChange[] = [
    ...[...oldWords].filter((w) => !newWords.has(w)).map((w): TemplateChange => ({ kind: 'removed', key: w, label: w, before: w, after: null })),
    ...[...newWords].filter((w) => !oldWords.has(w)).map((w): TemplateChange => ({ kind: 'added', key: w, label: w, before: null, after: w })),
  ];
  return { settings, sections, questions, rules, concernWords };
}
