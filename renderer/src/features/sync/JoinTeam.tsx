import { useState } from 'react';
import { call } from '../../api/client';
import { ErrorBanner } from '../../components/ui';

/**
 * First start, third choice: make this laptop a team member's. Signs in to the team server with
 * the person's own login and passphrase (`sync:join`), then the laptop pulls their work.
 */
export function JoinTeamSection({
  onDone,
  heading = 'Join a team',
  intro = 'Your QA lead runs a team server. Sign in to it with your own login; this laptop then keeps your work and syncs whenever the server can be reached.',
  level = 2,
}: {
  onDone: () => void;
  heading?: string;
  intro?: string;
  /** 3 inside another card (Settings, "Move to a team server"). */
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const [server, setServer] = useState('');
  const [login, setLogin] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('sync:join', { server, login, passphrase });
      // The first pull brought this person (and their passphrase's hash) here: sign them straight in.
      await call('session:signIn', { login, passphrase }).catch(() => undefined);
      setPassphrase('');
      onDone();
    } catch (err) {
      setError((err as Error).message);
      setPassphrase('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="join-heading" className="first-start-join">
      <Heading id="join-heading">{heading}</Heading>
      <p>{intro}</p>
      <ErrorBanner error={error} />
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={heading}>
        <div className="field">
          <label htmlFor="join-server">Team server address</label>
          <input id="join-server" type="url" inputMode="url" spellCheck={false} autoComplete="url" placeholder="https://plumbline.council.example" value={server} onChange={(e) => setServer(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="join-login">Your login (email address)</label>
          <input id="join-login" type="email" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="join-passphrase">Your passphrase</label>
          <input id="join-passphrase" type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Joining…' : 'Join the team'}</button>
      </form>
    </section>
  );
}
