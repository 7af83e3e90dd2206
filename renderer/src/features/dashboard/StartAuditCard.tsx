import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { navigate } from '../../app/router';

/** Start (or reopen) an audit from a case reference. */
export function StartAuditCard() {
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!reference.trim()) {
      setError('Enter the case reference, for example DEMO-10002.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { id } = await call('audits:start', { caseReference: reference.trim() });
      navigate(`/audits/${encodeURIComponent(id)}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="start-audit-heading">
      <h2 id="start-audit-heading">Start an audit</h2>
      <form onSubmit={(e) => void start(e)} noValidate>
        <div className="field">
          <label htmlFor="start-reference">Case reference</label>
          <p className="field-hint" id="start-reference-hint">
            Your unfinished audit of the same case opens instead of a new one.
          </p>
          <input
            id="start-reference"
            type="text"
            value={reference}
            autoComplete="off"
            aria-describedby={`start-reference-hint${error ? ' start-reference-error' : ''}`}
            aria-invalid={!!error}
            onChange={(e) => setReference(e.target.value)}
          />
          {error ? (
            <p className="field-error" id="start-reference-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Starting…' : 'Start audit'}
        </button>
      </form>
    </section>
  );
}
