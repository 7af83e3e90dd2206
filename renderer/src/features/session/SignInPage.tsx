import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { ErrorBanner } from '../../components/ui';

/**
 * Sign in with your email and passphrase. Keyboard only: the email field has focus, Enter signs in.
 * Errors say what to do, including how long to wait after repeated wrong passphrases.
 */
export function SignInPage({ onSignedIn, demo }: { onSignedIn: () => void; demo: boolean }) {
  const [login, setLogin] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!login.trim() || !passphrase) {
      setError(!login.trim() ? 'Enter your email address.' : 'Enter your passphrase.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call('session:signIn', { login, passphrase });
      setPassphrase('');
      onSignedIn();
    } catch (err) {
      setPassphrase('');
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="onboarding">
      <div className="card onboarding-card">
        <h1>Sign in to Plumbline</h1>
        <p>Every grade, change and export is recorded under your name.</p>
        {demo ? <p className="muted">Demo database: every demo person signs in with the passphrase <code>demo-passphrase-2026</code>, e.g. kit.demo-marlowe@demo.plumbline.test (QA lead).</p> : null}
        <ErrorBanner error={error} />
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="Sign in">
          <div className="field">
            <label htmlFor="signin-email">Email address</label>
            <input id="signin-email" type="email" autoFocus autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="signin-passphrase">Passphrase</label>
            <input id="signin-passphrase" type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="muted">Forgotten your passphrase? Your QA lead can set a one-time passphrase for you.</p>
      </div>
    </main>
  );
}
