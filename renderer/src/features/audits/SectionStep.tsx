import type { Change } from '../../../../shared/api/audits';
import { isGrade, type GradeOrNA } from '../../../../shared/domain/grades';
import { findConcernWords } from '../../../../shared/domain/optimism';
import { ANSWER_LABELS, ANSWERS, type Answer, type TemplateSection } from '../../../../shared/domain/template';
import type { EditorValues } from './changes';
import { ConcernWords } from './ConcernWords';
import { RadioGroup, SECTION_GRADE_OPTIONS } from './RadioGroup';
import { StepHeading } from './StepHeading';

const ANSWER_OPTIONS = ANSWERS.map((a) => ({ value: a, label: ANSWER_LABELS[a] }));

interface Props {
  section: TemplateSection;
  values: EditorValues;
  concernWords: string[];
  edit: (change: Change, mode: 'now' | 'text') => void;
}

/** One template section: its questions, its grade and the evidence for it. */
export function SectionStep({ section, values, concernWords, edit }: Props) {
  const state = values.sections[section.key] ?? { grade: null, evidence: '' };
  const good = state.grade === 1 || state.grade === 2;
  const concern = good && findConcernWords(state.evidence, concernWords).length > 0;
  const evidenceId = `evidence-${section.key}`;
  return (
    <>
      <StepHeading hint={section.appliesTo ? `Applies to ${section.appliesTo}. Choose N/A for the grade when it does not apply to this case.` : undefined}>
        Section {section.number}: {section.title}
      </StepHeading>
      <div className="questions">
        <h3 className="questions-title">Questions</h3>
        {section.questions.map((q) => (
          <RadioGroup<Answer>
            key={q.key}
            name={`q-${q.key}`}
            legend={q.text}
            className="question"
            options={ANSWER_OPTIONS}
            value={values.answers[q.key] ?? null}
            onChange={(answer) => edit({ kind: 'answer', question: q.key, answer }, 'now')}
          />
        ))}
      </div>
      <RadioGroup<GradeOrNA>
        name={`grade-${section.key}`}
        legend={`Grade for section ${section.number}`}
        className="grade-group"
        options={SECTION_GRADE_OPTIONS}
        value={state.grade}
        onChange={(grade) => edit({ kind: 'section-grade', section: section.key, grade }, 'now')}
      />
      <div className="field">
        <label htmlFor={evidenceId}>Evidence for section {section.number}</label>
        <p className="field-hint" id={`${evidenceId}-hint`}>
          What on the file supports the grade: dates, documents, what happened for the child.
        </p>
        <textarea
          id={evidenceId}
          rows={5}
          value={state.evidence}
          aria-describedby={`${evidenceId}-hint${concern ? ` concern-${section.key}` : ''}`}
          onChange={(e) => edit({ kind: 'section-evidence', section: section.key, text: e.target.value }, 'text')}
        />
      </div>
      {concern && isGrade(state.grade) ? <ConcernWords id={`concern-${section.key}`} text={state.evidence} words={concernWords} grade={state.grade} /> : null}
    </>
  );
}
