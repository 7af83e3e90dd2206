import { missingItems, type MissingItem } from '../../../../shared/domain/completeness';
import { gradeShortText, isGrade } from '../../../../shared/domain/grades';
import { wordCount } from '../../../../shared/domain/grading';
import type { TemplateDefinition } from '../../../../shared/domain/template';
import type { EditorValues } from './changes';
import { plural } from '../../format';

export type FixedStep = 'feedback' | 'findings' | 'lists' | 'overall' | 'actions' | 'submit';
export const FIXED_STEPS: { id: FixedStep; label: string }[] = [
  { id: 'feedback', label: 'Child and family feedback' },
  { id: 'findings', label: 'Key findings' },
  { id: 'lists', label: 'Strengths and areas' },
  { id: 'overall', label: 'Overall grade' },
  { id: 'actions', label: 'Actions' },
  { id: 'submit', label: 'Submit' },
];

export type StepState = 'complete' | 'na' | 'todo' | 'none';

export interface StepInfo {
  /** A section key ("s3") or a fixed step. */
  id: string;
  kind: 'section' | FixedStep;
  label: string;
  /** Short label for the rail ("3. Assessment"). */
  railLabel: string;
  state: StepState;
  /** Shown beside the marker: "2 G", "N/A", "To do". */
  marker: string;
}

/** The editor's steps in order, each with its state for the progress rail. */
export function editorSteps(template: TemplateDefinition, values: EditorValues, keyFindingsLimit: number): StepInfo[] {
  const missing = missingItems({ template, sections: values.sections, feedback: values.feedback, keyFindings: values.keyFindings, keyFindingsLimit, overall: values.overall, answers: values.answers });
  const missingFor = (step: FixedStep) => missing.some((m: MissingItem) => m.target.kind === 'step' && m.target.step === step);
  const steps: StepInfo[] = template.sections.map((s) => {
    const grade = values.sections[s.key]?.grade ?? null;
    const state: StepState = grade === 'na' ? 'na' : isGrade(grade) ? 'complete' : 'todo';
    return { id: s.key, kind: 'section', label: `Section ${s.number}: ${s.title}`, railLabel: `${s.number}. ${s.title}`, state, marker: grade === null ? 'To do' : gradeShortText(grade) };
  });
  for (const f of FIXED_STEPS) {
    let state: StepState = 'none';
    let marker = '';
    if (f.id === 'feedback' || f.id === 'findings' || f.id === 'overall') {
      state = missingFor(f.id) ? 'todo' : 'complete';
      marker = state === 'todo' ? 'To do' : f.id === 'overall' && values.overall ? gradeShortText(values.overall) : f.id === 'findings' ? `${wordCount(values.keyFindings)} words` : 'Done';
    } else if (f.id === 'lists') {
      const n = values.strengths.length + values.areas.length;
      state = n > 0 ? 'complete' : 'none';
      marker = n > 0 ? plural(n, 'item') : 'Optional';
    }
    steps.push({ id: f.id, kind: f.id, label: f.label, railLabel: f.label, state, marker });
  }
  return steps;
}

/** Sections graded or marked N/A, out of all. */
export function sectionsDone(template: TemplateDefinition, values: EditorValues): { done: number; total: number } {
  const done = template.sections.filter((s) => (values.sections[s.key]?.grade ?? null) !== null).length;
  return { done, total: template.sections.length };
}

/** Where a missing item or warning takes the user. */
export function stepForTarget(target: { kind: 'section'; section: string } | { kind: 'step'; step: string } | { kind: 'overall' } | { kind: 'feedback' }): string {
  if (target.kind === 'section') return target.section;
  if (target.kind === 'step') return target.step;
  return target.kind;
}
