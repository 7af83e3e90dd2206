import { useFieldArray, useFormContext } from 'react-hook-form';
import { GRADE_LABELS, GRADES } from '../../../../shared/domain/grades';
import { ANSWER_LABELS, ANSWERS } from '../../../../shared/domain/template';
import { nextKey, type FormValues } from './templateForm';

function GradeSelect({ id, name, readOnly }: { id: string; name: `rules.${number}.grade` | `rules.${number}.cap`; readOnly: boolean }) {
  const { register } = useFormContext<FormValues>();
  return (
    <select id={id} {...register(name)} disabled={readOnly}>
      {GRADES.map((g) => <option key={g} value={String(g)}>{g} {GRADE_LABELS[g]}</option>)}
    </select>
  );
}

/** Limiting rules: "the overall grade may not be better than …", as data the QA lead can change. */
export function RulesEditor({ readOnly }: { readOnly: boolean }) {
  const { register, watch, getValues } = useFormContext<FormValues>();
  const { fields, append, remove } = useFieldArray<FormValues, 'rules'>({ name: 'rules' });
  const rules = watch('rules');
  const questionKeys = [...watch('sections').flatMap((s) => s.questions.map((q) => q.key)), ...(watch('auditQuestions') ?? []).map((q) => q.key)];
  const add = () =>
    append({ id: nextKey('r', getValues('rules').map((r) => r.id)), kind: 'section-grade', sections: '', grade: '4', cap: '3', questionKey: '', answer: 'yes', steps: '1', description: '' });
  return (
    <section className="card" aria-labelledby="tp-rules-h">
      <h2 id="tp-rules-h">Limiting rules ({fields.length})</h2>
      <p className="muted">The overall grade may not be better than the cap when the rule applies. Sections are named by key, e.g. s2, s4.</p>
      {fields.map((r, i) => {
        const kind = rules[i]?.kind ?? r.kind;
        return (
          <fieldset key={r.id} className="tp-rule">
            <legend>Rule <code className="tp-key">{rules[i]?.id ?? r.id}</code></legend>
            <div className="tp-rule-row">
              <div className="field">
                <label htmlFor={`tr-kind-${i}`}>Kind</label>
                <select id={`tr-kind-${i}`} {...register(`rules.${i}.kind`)} disabled={readOnly}>
                  <option value="section-grade">A section has a grade</option>
                  <option value="worst-plus">Worst section grade plus steps</option>
                </select>
              </div>
              {kind === 'section-grade' ? (
                <>
                  <div className="field">
                    <label htmlFor={`tr-sections-${i}`}>When section(s)</label>
                    <input id={`tr-sections-${i}`} type="text" {...register(`rules.${i}.sections`)} readOnly={readOnly} placeholder="s2, s4" />
                  </div>
                  <div className="field">
                    <label htmlFor={`tr-grade-${i}`}>is graded</label>
                    <GradeSelect id={`tr-grade-${i}`} name={`rules.${i}.grade`} readOnly={readOnly} />
                  </div>
                  <div className="field">
                    <label htmlFor={`tr-q-${i}`}>and question (optional)</label>
                    <select id={`tr-q-${i}`} {...register(`rules.${i}.questionKey`)} disabled={readOnly}>
                      <option value="">No question</option>
                      {[...new Set([...questionKeys, rules[i]?.questionKey ?? ''])].filter(Boolean).map((k) => <option key={k} value={k}>{k}</option>)}
                    </select>
                  </div>
                  {rules[i]?.questionKey ? (
                    <div className="field">
                      <label htmlFor={`tr-a-${i}`}>is answered</label>
                      <select id={`tr-a-${i}`} {...register(`rules.${i}.answer`)} disabled={readOnly}>
                        {ANSWERS.map((a) => <option key={a} value={a}>{ANSWER_LABELS[a]}</option>)}
                      </select>
                    </div>
                  ) : null}
                  <div className="field">
                    <label htmlFor={`tr-cap-${i}`}>overall no better than</label>
                    <GradeSelect id={`tr-cap-${i}`} name={`rules.${i}.cap`} readOnly={readOnly} />
                  </div>
                </>
              ) : (
                <div className="field">
                  <label htmlFor={`tr-steps-${i}`}>Steps better than the worst section</label>
                  <input id={`tr-steps-${i}`} type="number" min={0} max={3} {...register(`rules.${i}.steps`)} readOnly={readOnly} />
                </div>
              )}
            </div>
            <div className="field">
              <label htmlFor={`tr-desc-${i}`}>Description (shown to auditors)</label>
              <input id={`tr-desc-${i}`} type="text" {...register(`rules.${i}.description`)} readOnly={readOnly} />
            </div>
            {readOnly ? null : <button type="button" className="btn btn-small btn-danger" onClick={() => remove(i)}>Remove rule</button>}
          </fieldset>
        );
      })}
      {readOnly ? null : <button type="button" className="btn" onClick={add}>Add a rule</button>}
    </section>
  );
}
