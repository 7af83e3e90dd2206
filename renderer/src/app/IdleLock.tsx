import { useState } from 'react';
import { create } from 'zustand';
import { ApiError, call } from '../api/client';
import { Dialog } from '../components/Dialog';
import { plural } from '../format';
import { useIdle } from './idle';
import './lock.css';

interface LockStore {
  locked: boolean;
  lock(): void;
  unlock(): void;
}

/** Whether this window is locked. Kept apart from the page so that locking never unmounts it. */
export const useLock = create<LockStore>((set) => ({
  locked: false,
  lock: () => set({ locked: true }),
  unlock: () => set({ locked: false }),
}));

const minutesText = (n: number) => (n >= 1 ? plural(Math.round(n), 'minute') : plural(Math.round(n * 60), 'second'));

/**
 * After `minutes` without keyboard or mouse use, covers the app and asks for the passphrase again
 * (`session:unlock`). The page underneath stays mounted, so what was typed and not yet saved is
 * still there afterwards; the native modal dialog makes it inert and hidden from screen readers
 * while locked, and the opaque backdrop keeps children's records off the screen.
 */
export function IdleLock({ name, minutes, onSignOut }: { name: string; minutes: number; onSignOut: () => void }) {
  const { locked, lock, unlock } = useLock();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useIdle(locked ? null : minutes * 60_000, lock);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!passphrase) return setError('Enter your passphrase.');
    setBusy(true);
    setError(null);
    try {
      await call('session:unlock', { passphrase });
      setPassphrase('');
      unlock();
    } catch (err) {
      // The core's wording speaks of the sign-in form; here only the passphrase was asked for.
      const message = (err as Error).message;
      const wait = /Wait .*$/.exec(message)?.[0];
      const wrong = err instanceof ApiError && err.code === 'PASSPHRASE';
      setError(wrong ? `That is not your passphrase. ${wait ?? 'Try again; after five wrong tries in a row Plumbline makes you wait before the next.'}` : message);
      setPassphrase('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={locked} title="Plumbline is locked" onClose={null} className="lock-dialog" describedBy="lock-explain">
      <p id="lock-explain">
        Locked after {minutesText(minutes)} without use. <strong>{name}</strong>, enter your passphrase to carry on where you left off: everything you typed is kept.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Unlock">
        <div className="field">
          <label htmlFor="lock-passphrase">Passphrase</label>
          <input id="lock-passphrase" type="password" autoComplete="current-password" autoFocus value={passphrase} onChange={(e) => setPassphrase(e.target.value)} aria-invalid={!!error} aria-describedby={error ? 'lock-error' : undefined} />
          {error ? <p className="field-error" id="lock-error" role="alert">{error}</p> : null}
        </div>
        <div className="dialog-buttons lock-buttons">
          <button type="button" className="btn btn-link" onClick={onSignOut} disabled={busy}>Not {name}? Sign out</button>
          <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Checking…' : 'Unlock'}</button>
        </div>
      </form>
    </Dialog>
  );
}
