import type { AuditDetail, AuditFeedback, Change, SectionState } from '../../../../shared/api/audits';
import { gradeText, type Grade } from '../../../../shared/domain/grades';
import { ANSWER_LABELS, type Answer, type TemplateDefinition } from '../../../../shared/domain/template';

/** The editable part of an audit, as the editor holds it between saves. */
export interface EditorValues {
  sections: Record<string, SectionState>;
  answers: Record<string, Answer>;
  feedback: AuditFeedback;
  keyFindings: string;
  strengths: string[];
  areas: string[];
  overall: Grade | null;
}

export const valuesOf = (audit: AuditDetail): EditorValues => ({
  sections: audit.sections,
  answers: audit.answers,
  feedback: audit.feedback,
  keyFindings: audit.keyFindings,
  strengths: audit.strengths,
  areas: audit.areas,
  overall: audit.overall,
});

/** Changes with the same key replace each other in the save queue (the later one wins). */
export function changeKey(change: Change): string {
  switch (change.kind) {
    case 'section-grade':
    case 'section-evidence':
      return `${change.kind}:${change.section}`;
    case 'answer':
      return `answer:${change.question}`;
    case 'feedback-spoken':
    case 'feedback-view':
      return `${change.kind}:${change.who}`;
    case 'feedback-text':
      return `feedback-text:${change.who}:${change.field}`;
    default:
      return change.kind;
  }
}

/** The values after one change, without touching the ones given (new objects along the path). */
export function applyChange(values: EditorValues, change: Change): EditorValues {
  switch (change.kind) {
    case 'section-grade':
    case 'section-evidence': {
      const old = values.sections[change.section] ?? { grade: null, evidence: '' };
      const next = change.kind === 'section-grade' ? { ...old, grade: change.grade } : { ...old, evidence: change.text };
      return { ...values, sections: { ...values.sections, [change.section]: next } };
    }
    case 'answer': {
      const answers = { ...values.answers };
      if (change.answer === null) delete answers[change.question];
      else answers[change.question] = change.answer;
      return { ...values, answers };
    }
    case 'feedback-spoken':
    case 'feedback-view':
    case 'feedback-text': {
      const person = { ...values.feedback[change.who] };
      if (change.kind === 'feedback-spoken') person.spokenTo = change.value;
      else if (change.kind === 'feedback-view') person.view = change.value;
      else person[change.field] = change.text;
      return { ...values, feedback: { ...values.feedback, [change.who]: person } };
    }
    case 'key-findings':
      return { ...values, keyFindings: change.text };
    case 'strengths':
      return { ...values, strengths: change.items };
    case 'areas':
      return { ...values, areas: change.items };
    case 'overall':
      return { ...values, overall: change.grade };
  }
}

const VIEW_LABELS: Record<string, string> = { helpful: 'Helpful', mixed: 'Mixed', 'not-helpful': 'Not helpful', 'not-given': 'Not given' };
const WHO: Record<'child' | 'parent', string> = { child: 'Child', parent: 'Parent or carer' };

/** A change in words, so a person can copy what was not saved: "Section 3 (Assessment) evidence: …". */
export function describeChange(template: TemplateDefinition, change: Change): { label: string; value: string } {
  const section = (key: string) => {
    const s = template.sections.find((x) => x.key === key);
    return s ? `Section ${s.number} (${s.title})` : key;
  };
  switch (change.kind) {
    case 'section-grade':
      return { label: `${section(change.section)} grade`, value: change.grade === null ? 'Not graded' : gradeText(change.grade) };
    case 'section-evidence':
      return { label: `${section(change.section)} evidence`, value: change.text };
    case 'answer': {
      const q = template.sections.flatMap((s) => s.questions).find((x) => x.key === change.question);
      return { label: q?.text ?? change.question, value: change.answer ? ANSWER_LABELS[change.answer] : 'No answer' };
    }
    case 'feedback-spoken':
      return { label: `${WHO[change.who]}: spoken to`, value: change.value === null ? 'Not recorded' : change.value === 'yes' ? 'Yes' : 'No' };
    case 'feedback-view':
      return { label: `${WHO[change.who]}: view of the help`, value: change.value ? VIEW_LABELS[change.value] : 'Not recorded' };
    case 'feedback-text':
      return { label: `${WHO[change.who]}: ${change.field === 'said' ? 'what they said' : 'why not spoken to'}`, value: change.text };
    case 'key-findings':
      return { label: 'Key findings', value: change.text };
    case 'strengths':
      return { label: 'Strengths', value: change.items.map((i) => `• ${i}`).join('\n') };
    case 'areas':
      return { label: 'Areas for improvement', value: change.items.map((i) => `• ${i}`).join('\n') };
    case 'overall':
      return { label: 'Overall grade', value: change.grade === null ? 'Not graded' : gradeText(change.grade) };
  }
}
