import { GRADES, gradeText, isGrade } from './grades';
import { ANSWERS, type TemplateDefinition } from './template';

/**
 * Checks a template definition for problems a QA lead must fix before it can be used.
 * Returns plain-English problems; an empty list means the template is usable.
 */
export function validateTemplate(template: TemplateDefinition): string[] {
  const problems: string[] = [];

  if (!template.key?.trim()) problems.push('The template has no key.');
  if (!template.name?.trim()) problems.push('The template has no name.');
  if (!Number.isInteger(template.version) || template.version < 1) {
    problems.push(`The template version must be a whole number of 1 or more (it is ${template.version}).`);
  }
  if (template.sections.length === 0) problems.push('The template has no sections.');

  const sectionKeys = new Set<string>();
  const sectionNumbers = new Set<number>();
  const questionKeys = new Set<string>();
  for (const section of template.sections) {
    const name = section.key?.trim() ? `Section ${section.key}` : `Section ${section.number}`;
    if (!section.key?.trim()) problems.push(`Section ${section.number} has no key.`);
    else if (sectionKeys.has(section.key)) problems.push(`Section key ${section.key} is used more than once.`);
    else sectionKeys.add(section.key);

    if (!Number.isInteger(section.number) || section.number < 1) {
      problems.push(`${name} has an invalid number (${section.number}).`);
    } else if (sectionNumbers.has(section.number)) {
      problems.push(`Section number ${section.number} is used more than once.`);
    } else sectionNumbers.add(section.number);

    if (!section.title?.trim()) problems.push(`${name} has no title.`);

    for (const question of section.questions) {
      if (!question.key?.trim()) {
        problems.push(`${name} has a question with no key.`);
        continue;
      }
      if (questionKeys.has(question.key)) problems.push(`Question key ${question.key} is used more than once.`);
      else questionKeys.add(question.key);
      if (!question.text?.trim()) problems.push(`Question ${question.key} has no text.`);
    }
  }

  for (const question of template.auditQuestions ?? []) {
    if (!question.key?.trim()) {
      problems.push('An audit-level question has no key.');
      continue;
    }
    if (questionKeys.has(question.key)) problems.push(`Question key ${question.key} is used more than once.`);
    else questionKeys.add(question.key);
    if (!question.text?.trim()) problems.push(`Question ${question.key} has no text.`);
  }

  const ruleIds = new Set<string>();
  for (const rule of template.limitingRules) {
    const id = rule.id?.trim() ? rule.id : '(no id)';
    if (!rule.id?.trim()) problems.push('A limiting rule has no id.');
    else if (ruleIds.has(rule.id)) problems.push(`Limiting rule id ${rule.id} is used more than once.`);
    else ruleIds.add(rule.id);

    if (rule.kind === 'section-grade') {
      if (rule.sections.length === 0) problems.push(`Limiting rule ${id} refers to no section.`);
      for (const key of rule.sections) {
        if (!sectionKeys.has(key)) problems.push(`Limiting rule ${id} refers to section ${key}, which does not exist.`);
      }
      if (!isGrade(rule.grade)) {
        problems.push(`Limiting rule ${id} has an invalid section grade (${String(rule.grade)}); use ${GRADES.join(', ')}.`);
      }
      if (!isGrade(rule.cap)) {
        problems.push(`Limiting rule ${id} has an invalid cap (${String(rule.cap)}); use ${GRADES.join(', ')}.`);
      } else if (rule.cap === 1) {
        problems.push(`Limiting rule ${id} has a cap of ${gradeText(1)}, so it can never limit the overall grade.`);
      }
      if (rule.question) {
        if (!questionKeys.has(rule.question.key)) {
          problems.push(`Limiting rule ${id} refers to question ${rule.question.key}, which does not exist.`);
        }
        if (!ANSWERS.includes(rule.question.answer)) {
          problems.push(`Limiting rule ${id} has an invalid answer (${String(rule.question.answer)}).`);
        }
      }
    } else if (rule.kind === 'worst-plus') {
      if (!Number.isInteger(rule.steps) || rule.steps < 0 || rule.steps > 3) {
        problems.push(`Limiting rule ${id} must allow 0 to 3 steps (it allows ${rule.steps}).`);
      }
    } else {
      problems.push(`Limiting rule ${id} is of an unknown kind.`);
    }
  }

  const words = new Set<string>();
  for (const word of template.concernWords) {
    const normal = word.trim().toLowerCase().replace(/\s+/g, ' ');
    if (normal === '') problems.push('The concern-word list has an empty entry.');
    else if (words.has(normal)) problems.push(`Concern word "${word.trim()}" is listed more than once.`);
    else words.add(normal);
  }

  if (!Number.isInteger(template.keyFindingsWordLimit) || template.keyFindingsWordLimit < 1) {
    problems.push(
      `The key-findings word limit must be a whole number of 1 or more (it is ${template.keyFindingsWordLimit}).`,
    );
  }

  return problems;
}
