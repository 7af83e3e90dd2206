import { useState } from 'react';
import { can } from '../../../../shared/api/index';
import type { Role } from '../../../../shared/api/session';
import { call } from '../../api/client';
import { plural } from '../../format';

const minutesText = (n: number) => plural(n, 'minute');

/** How long the app waits without use before it locks; set for this database by whoever may (the contract says who). */
export function IdleLockSetting({ role, minutes, onSaved }: { role: Role; minutes: number; onSaved: (minutes: number) => void }) {
  const editable = can(role, 'session:setIdleLock');
  const [value, setValue] = useState(String(minutes));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  if (!editable) {
    return <p>Plumbline locks after {minutesText(minutes)} without use and asks for your passphrase again. Your QA lead sets this for everyone.</p>;
  }
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < 1 || n > 240) return setError('Enter a whole number of minutes from 1 to 240.');
    setBusy(true);
    setError(null);
    try {
      const result = await call('session:setIdleLock', { minutes: n });
      setSaved(result.idleLockMinutes);
      onSaved(result.idleLockMinutes);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void save(e)} noValidate aria-label="Idle lock">
      <div className="field">
        <label htmlFor="idle-minutes">Lock after this many minutes without use</label>
        <input id="idle-minutes" type="number" inputMode="numeric" min={1} max={240} value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={!!error} aria-describedby={error ? 'idle-minutes-hint idle-minutes-error' : 'idle-minutes-hint'} className="settings-minutes" />
        <p className="field-hint" id="idle-minutes-hint">For everyone using this database. The app covers the screen and asks for the passphrase again; nothing typed is lost. 15 minutes is usual.</p>
        {error ? <p className="field-error" id="idle-minutes-error">{error}</p> : null}
      </div>
      <button type="submit" className="btn" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
      {saved !== null ? <p className="banner banner-ok" role="status">Plumbline now locks after {minutesText(saved)} without use.</p> : null}
    </form>
  );
}
