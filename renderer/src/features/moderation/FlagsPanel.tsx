import { useState } from 'react';
import type { FlagItem } from '../../../../shared/api/moderation';
import { call } from '../../api/client';
import { ErrorBanner } from '../../components/ui';
import { ukDate } from '../../format';

/** Audits agreed without moderation whose auditor has since fallen outside tolerance. */
export function FlagsPanel({ flags, canResolve, onChanged }: { flags: FlagItem[]; canResolve: boolean; onChanged: () => void }) {
  return (
    <section className="card mod-flags" aria-labelledby="flags-heading">
      <h2 id="flags-heading">Flagged for review ({flags.length})</h2>
      <p className="muted">Agreed without moderation while their auditor was outside tolerance: apply the finding to the whole run, not just the sample.</p>
      <ul className="mod-plain-list">
        {flags.map((f) => <FlagRow key={f.id} flag={f} canResolve={canResolve} onChanged={onChanged} />)}
      </ul>
    </section>
  );
}

function FlagRow({ flag, canResolve, onChanged }: { flag: FlagItem; canResolve: boolean; onChanged: () => void }) {
  const [note, setNote] = useState('');
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `flag-note-${flag.id}`;
  const resolve = async () => {
    try {
      await call('moderation:resolveFlag', { flagId: flag.id, note });
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <li className="mod-flag">
      <div>
        <strong>Case {flag.caseReference}</strong> ({flag.team}), {flag.auditorName}, flagged {ukDate(flag.raisedAt)}
        <p className="mod-flag-text">{flag.message}</p>
      </div>
      {canResolve ? (
        open ? (
          <form className="mod-inline-form" onSubmit={(e) => { e.preventDefault(); void resolve(); }}>
            <div className="field">
              <label htmlFor={id}>What did the review find?</label>
              <input id={id} value={note} onChange={(e) => setNote(e.target.value)} />
            </div>
            <button type="submit" className="btn btn-small">Mark reviewed</button>
            <ErrorBanner error={error} />
          </form>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => setOpen(true)} aria-label={`Review case ${flag.caseReference}`}>Review</button>
        )
      ) : null}
    </li>
  );
}
