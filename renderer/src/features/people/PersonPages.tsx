import { useState } from 'react';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useFlash } from '../../app/flash';
import { navigate } from '../../app/router';
import { ErrorBanner, Loading, PageHeader } from '../../components/ui';
import { oneTimePassphrase } from './format';
import { PassphraseShownOnce } from './OneTimePassphrase';
import { PersonForm } from './PersonForm';
import './people.css';

const Crumbs = () => <p className="cases-crumbs"><a href="#/people">People</a></p>;

export function NewPersonPage() {
  const flash = useFlash((s) => s.show);
  const [withPassphrase, setWithPassphrase] = useState(true);
  const [added, setAdded] = useState<{ name: string; passphrase: string } | null>(null);
  return (
    <>
      <Crumbs />
      <PageHeader title="Add a person" subtitle="They sign in with their email address and their own passphrase." />
      <PersonForm
        submitLabel="Add person"
        cancelHref="#/people"
        onSave={async (fields) => {
          const passphrase = withPassphrase ? oneTimePassphrase() : undefined;
          const person = await call('people:add', { ...fields, passphrase });
          if (passphrase) setAdded({ name: person.name, passphrase });
          else {
            flash(`Added ${person.name}. Set a one-time passphrase for them before they first sign in.`);
            navigate('/people');
          }
        }}
      >
        <div className="field">
          <label className="person-check">
            <input type="checkbox" checked={withPassphrase} onChange={(e) => setWithPassphrase(e.target.checked)} aria-describedby="person-otp-hint" />
            Make a one-time passphrase so they can sign in
          </label>
          <p className="field-hint" id="person-otp-hint">Shown to you once after adding. They choose their own passphrase when they first sign in.</p>
        </div>
      </PersonForm>
      <PassphraseShownOnce
        name={added?.name ?? ''}
        passphrase={added?.passphrase ?? null}
        onDone={() => {
          flash(`Added ${added?.name}. They must choose their own passphrase when they first sign in.`);
          setAdded(null);
          navigate('/people');
        }}
      />
    </>
  );
}

export function EditPersonPage({ params }: { params: Record<string, string> }) {
  const flash = useFlash((s) => s.show);
  const { data, error, reload } = useCall('people:list', {});
  const person = data?.find((p) => p.id === params.id);
  return (
    <>
      <Crumbs />
      <PageHeader title={person ? `Edit ${person.name}` : 'Edit a person'} subtitle="Changes are recorded in the history with your name." />
      <ErrorBanner error={error} onRetry={reload} />
      {data && !person ? <ErrorBanner error="There is nobody with this id. They may have been removed from the list; go back to People." /> : null}
      {person ? (
        <PersonForm
          initial={person}
          submitLabel="Save changes"
          cancelHref="#/people"
          onSave={async (fields) => {
            const saved = await call('people:update', { id: person.id, ...fields });
            flash(`Saved the changes to ${saved.name}.`);
            navigate('/people');
          }}
        />
      ) : !data && !error ? (
        <Loading />
      ) : null}
    </>
  );
}
