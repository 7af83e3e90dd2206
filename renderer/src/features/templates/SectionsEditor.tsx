import { useFieldArray, useFormContext } from 'react-hook-form';
import type { FormValues } from './templateForm';
import { nextKey } from './templateForm';

function QuestionsEditor({ index, readOnly }: { index: number; readOnly: boolean }) {
  const { register, getValues } = useFormContext<FormValues>();
  const { fields, append, remove } = useFieldArray<FormValues, `sections.${number}.questions`>({ name: `sections.${index}.questions` });
  const add = () => {
    const sectionKey = getValues(`sections.${index}.key`);
    const used = getValues('sections').flatMap((s) => s.questions.map((q) => q.key));
    append({ key: nextKey(`${sectionKey}.q`, used), text: '' });
  };
  return (
    <div className="tp-questions">
      <h4>Questions</h4>
      <ol>
        {fields.map((q, qi) => (
          <li key={q.id} className="tp-question">
            <label className="visually-hidden" htmlFor={`tq-${index}-${qi}`}>Question {qi + 1} of section {index + 1}</label>
            <input id={`tq-${index}-${qi}`} type="text" {...register(`sections.${index}.questions.${qi}.text`)} readOnly={readOnly} />
            <code className="tp-key" title="Question key">{q.key}</code>
            {readOnly ? null : (
              <button type="button" className="btn btn-small" onClick={() => remove(qi)} aria-label={`Remove question ${qi + 1} of section ${index + 1}`}>Remove</button>
            )}
          </li>
        ))}
      </ol>
      {readOnly ? null : <button type="button" className="btn btn-small" onClick={add}>Add a question</button>}
    </div>
  );
}

/** Sections and their questions. Keys stay as they are, so versions can be compared and rules can refer to them. */
export function SectionsEditor({ readOnly }: { readOnly: boolean }) {
  const { register, getValues } = useFormContext<FormValues>();
  const { fields, append, remove } = useFieldArray<FormValues, 'sections'>({ name: 'sections' });
  const add = () => {
    const sections = getValues('sections');
    const number = Math.max(0, ...sections.map((s) => Number(s.number) || 0)) + 1;
    append({ key: nextKey('s', sections.map((s) => s.key)), number: String(number), title: '', appliesTo: '', questions: [] });
  };
  return (
    <section className="card" aria-labelledby="tp-sections-h">
      <h2 id="tp-sections-h">Sections ({fields.length})</h2>
      {fields.map((s, i) => (
        <fieldset key={s.id} className="tp-section">
          <legend>
            Section {getValues(`sections.${i}.number`)} <code className="tp-key">{s.key}</code>
          </legend>
          <div className="tp-section-row">
            <div className="field tp-number">
              <label htmlFor={`ts-num-${i}`}>Number</label>
              <input id={`ts-num-${i}`} type="number" min={1} {...register(`sections.${i}.number`)} readOnly={readOnly} />
            </div>
            <div className="field tp-title">
              <label htmlFor={`ts-title-${i}`}>Title</label>
              <input id={`ts-title-${i}`} type="text" {...register(`sections.${i}.title`)} readOnly={readOnly} />
            </div>
            <div className="field tp-applies">
              <label htmlFor={`ts-applies-${i}`}>Applies to (optional)</label>
              <input id={`ts-applies-${i}`} type="text" {...register(`sections.${i}.appliesTo`)} readOnly={readOnly} placeholder="e.g. CP cases" />
            </div>
            {readOnly ? null : (
              <button type="button" className="btn btn-small btn-danger tp-remove" onClick={() => remove(i)} aria-label={`Remove section ${s.key}`}>Remove section</button>
            )}
          </div>
          <QuestionsEditor index={i} readOnly={readOnly} />
        </fieldset>
      ))}
      {readOnly ? null : <button type="button" className="btn" onClick={add}>Add a section</button>}
    </section>
  );
}
