import { FEEDBACK_VIEWS, type Change } from '../../../../shared/api/audits';
import type { FeedbackView, PersonFeedback } from '../../../../shared/domain/optimism';
import type { EditorValues } from './changes';
import { RadioGroup } from './RadioGroup';
import { StepHeading } from './StepHeading';

const VIEW_LABELS: Record<FeedbackView, string> = { helpful: 'Helpful', mixed: 'Mixed', 'not-helpful': 'Not helpful', 'not-given': 'Not given' };
const PEOPLE = [
  { who: 'child', title: 'The child', name: 'the child' },
  { who: 'parent', title: 'Parent or carer', name: 'the parent or carer' },
] as const;

type Edit = (change: Change, mode: 'now' | 'text') => void;

function Person({ who, title, name, person, edit }: { who: 'child' | 'parent'; title: string; name: string; person: PersonFeedback; edit: Edit }) {
  return (
    <fieldset className="person card-inset">
      <legend className="person-legend">{title}</legend>
      <RadioGroup<'yes' | 'no'>
        name={`spoken-${who}`}
        legend={`Was ${name} spoken to?`}
        options={[
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ]}
        value={person.spokenTo}
        onChange={(value) => edit({ kind: 'feedback-spoken', who, value }, 'now')}
      />
      {person.spokenTo === 'no' ? (
        <div className="field">
          <label htmlFor={`reason-${who}`}>Why was {name} not spoken to?</label>
          <textarea id={`reason-${who}`} rows={2} value={person.reason} onChange={(e) => edit({ kind: 'feedback-text', who, field: 'reason', text: e.target.value }, 'text')} />
        </div>
      ) : null}
      {person.spokenTo === 'yes' ? (
        <>
          <div className="field">
            <label htmlFor={`said-${who}`}>What {name} said</label>
            <textarea id={`said-${who}`} rows={3} value={person.said} onChange={(e) => edit({ kind: 'feedback-text', who, field: 'said', text: e.target.value }, 'text')} />
          </div>
          <RadioGroup<FeedbackView>
            name={`view-${who}`}
            legend={`${name.charAt(0).toUpperCase()}${name.slice(1)}’s view of the help`}
            options={FEEDBACK_VIEWS.map((v) => ({ value: v, label: VIEW_LABELS[v] }))}
            value={person.view}
            onChange={(value) => edit({ kind: 'feedback-view', who, value }, 'now')}
          />
        </>
      ) : null}
    </fieldset>
  );
}

/** Child and family feedback: for the child and a parent or carer, whether they were spoken to and what they said. */
export function FeedbackStep({ values, edit }: { values: EditorValues; edit: Edit }) {
  return (
    <>
      <StepHeading hint="Record what the child and their family told you about the help they get. If someone was not spoken to, say why.">
        Child and family feedback
      </StepHeading>
      <div className="people">
        {PEOPLE.map((p) => (
          <Person key={p.who} who={p.who} title={p.title} name={p.name} person={values.feedback[p.who]} edit={edit} />
        ))}
      </div>
    </>
  );
}
