import { useState, type FormEvent } from 'react';
import { PASSPHRASE_MIN } from '../../../../shared/api/session';
import { call } from '../../api/client';
import { ErrorBanner } from '../../components/ui';

/** After signing in with a one-time passphrase: choose your own before anything else (the core refuses other calls). */
export function MustChangePassphrase({ name, onDone, onSignOut }: { name: string; onDone: () => void; onSignOut: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next.length < PASSPHRASE_MIN) return setError(`Choose a passphrase of at least ${PASSPHRASE_MIN} characters.`);
    if (next !== again) return setError('The two new passphrases are not the same.');
    try {
      await call('session:changePassphrase', { current, next });
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <main className="onboarding">
      <div className="card onboarding-card">
        <h1>Choose your own passphrase</h1>
        <p>{name}, the passphrase you signed in with was set for one use only. Choose your own to carry on.</p>
        <ErrorBanner error={error} />
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="Choose your own passphrase">
          <div className="field">
            <label htmlFor="mc-current">One-time passphrase</label>
            <input id="mc-current" type="password" autoFocus autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="mc-next">New passphrase (at least {PASSPHRASE_MIN} characters)</label>
            <input id="mc-next" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="mc-again">New passphrase again</label>
            <input id="mc-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary">Save my passphrase</button>{' '}
          <button type="button" className="btn" onClick={onSignOut}>Sign out</button>
        </form>
      </div>
    </main>
  );
}
