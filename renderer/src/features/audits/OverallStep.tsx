import type { Change } from '../../../../shared/api/audits';
import { GRADES, gradeText, type Grade } from '../../../../shared/domain/grades';
import { evaluateLimitingRules, overallViolations } from '../../../../shared/domain/grading';
import type { Answer, TemplateDefinition } from '../../../../shared/domain/template';
import { GradeBadge } from '../../components/ui';
import type { EditorValues } from './changes';
import { RadioGroup } from './RadioGroup';
import { StepHeading } from './StepHeading';

const AUDIT_ANSWER_OPTIONS: { value: Answer; label: string }[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

/** Audit-level questions (asked once, read by the limiting rules) and the overall grade, with the template's limiting rules worked out live from the section grades. */
export function OverallStep({ template, values, edit }: { template: TemplateDefinition; values: EditorValues; edit: (c: Change, m: 'now' | 'text') => void }) {
  const sectionGrades = Object.fromEntries(Object.entries(values.sections).map(([k, s]) => [k, s.grade]));
  const input = { sectionGrades, answers: values.answers };
  const limiting = evaluateLimitingRules(template, input);
  const broken = overallViolations(template, { ...input, overall: values.overall });
  const cap = limiting.cap;
  const options = GRADES.map((g) => ({
    value: g,
    label: gradeText(g),
    note: cap !== null && g < cap ? 'Better than the limiting rules allow' : undefined,
    className: `grade-option grade-option-${g}${cap !== null && g < cap ? ' breaks-cap' : ''}`,
  }));
  const auditQuestions = template.auditQuestions ?? [];
  return (
    <>
      <StepHeading hint="The child's experience and progress overall. The limiting rules come from the template and update as you grade the sections.">Overall grade</StepHeading>
      <div className="overall-layout">
        <div>
          {auditQuestions.length > 0 ? (
            <div className="questions audit-questions">
              <h3 className="questions-title">Asked once for the whole audit</h3>
              {auditQuestions.map((q) => (
                <RadioGroup<Answer>
                  key={q.key}
                  name={`q-${q.key}`}
                  legend={q.text}
                  className="question"
                  options={AUDIT_ANSWER_OPTIONS}
                  value={values.answers[q.key] ?? null}
                  onChange={(answer) => edit({ kind: 'answer', question: q.key, answer }, 'now')}
                />
              ))}
            </div>
          ) : null}
          <RadioGroup<Grade>
            name="overall"
            legend="Overall grade"
            className="grade-group overall-options"
            options={options}
            value={values.overall}
            describedBy="limiting-rules-text"
            onChange={(grade) => edit({ kind: 'overall', grade }, 'now')}
          />
          <div role="status" aria-live="polite">
            {broken.length > 0 ? (
              <div className="banner banner-warning-inline">
                <p>
                  <strong>{gradeText(values.overall)} breaks a limiting rule.</strong> {[...broken].sort((a, b) => b.cap - a.cap)[0].message} You can still submit it, but you
                  will need to write a justification for the moderator.
                </p>
              </div>
            ) : null}
          </div>
        </div>
        <div className="overall-side">
          <section className="limiting card-inset" aria-labelledby="limiting-heading">
            <h3 id="limiting-heading">Limiting rules</h3>
            <div id="limiting-rules-text">
              {limiting.reasons.length === 0 ? (
                <p className="muted">No limiting rule applies to the section grades given so far.</p>
              ) : (
                <>
                  <ul className="limiting-reasons">
                    {limiting.reasons.map((r) => (
                      <li key={r.ruleId}>{r.message}</li>
                    ))}
                  </ul>
                  <p>
                    <strong>Best overall grade allowed: {gradeText(cap)}.</strong>
                  </p>
                </>
              )}
            </div>
          </section>
          <section className="section-summary card-inset" aria-labelledby="summary-heading">
            <h3 id="summary-heading">Section grades</h3>
            <ul>
              {template.sections.map((s) => (
                <li key={s.key}>
                  <span>
                    {s.number}. {s.title}
                  </span>
                  <GradeBadge grade={values.sections[s.key]?.grade ?? null} />
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </>
  );
}
