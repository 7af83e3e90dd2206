import { useState } from 'react';
import type { Change } from '../../../../shared/api/audits';
import type { EditorValues } from './changes';
import { StepHeading } from './StepHeading';

type Edit = (c: Change, m: 'now' | 'text') => void;

function ListEditor({ kind, title, noun, itemName, items, edit }: { kind: 'strengths' | 'areas'; title: string; noun: string; itemName: string; items: string[]; edit: Edit }) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const text = draft.trim();
    if (!text) return;
    edit({ kind, items: [...items, text] }, 'now');
    setDraft('');
  };
  const headingId = `${kind}-heading`;
  return (
    <section className="list-editor card-inset" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {items.length === 0 ? <p className="muted">None yet.</p> : null}
      <ol className="list-items">
        {items.map((item, i) => (
          <li key={i}>
            <label className="visually-hidden" htmlFor={`${kind}-${i}`}>
              {itemName} {i + 1}
            </label>
            <input
              id={`${kind}-${i}`}
              type="text"
              value={item}
              onChange={(e) => edit({ kind, items: items.map((v, k) => (k === i ? e.target.value : v)) }, 'text')}
            />
            <button type="button" className="btn btn-small" onClick={() => edit({ kind, items: items.filter((_, k) => k !== i) }, 'now')}>
              Remove<span className="visually-hidden"> {itemName.toLowerCase()} {i + 1}</span>
            </button>
          </li>
        ))}
      </ol>
      <div className="list-add">
        <label htmlFor={`${kind}-new`}>Add {noun.toLowerCase()}</label>
        <div className="list-add-row">
          <input
            id={`${kind}-new`}
            type="text"
            value={draft}
            maxLength={500}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <button type="button" className="btn" onClick={add} disabled={!draft.trim()}>
            Add
          </button>
        </div>
      </div>
    </section>
  );
}

/** Strengths and areas for improvement: short lists, one point per line. */
export function ListsStep({ values, edit }: { values: EditorValues; edit: Edit }) {
  return (
    <>
      <StepHeading hint="One point per line. Press Enter to add.">Strengths and areas for improvement</StepHeading>
      <div className="lists">
        <ListEditor kind="strengths" title="Strengths" noun="A strength" itemName="Strength" items={values.strengths} edit={edit} />
        <ListEditor kind="areas" title="Areas for improvement" noun="An area for improvement" itemName="Area for improvement" items={values.areas} edit={edit} />
      </div>
    </>
  );
}
