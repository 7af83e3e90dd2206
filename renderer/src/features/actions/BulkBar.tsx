import { useState, type FormEvent } from 'react';
import type { ActionRow } from '../../../../shared/api/actions';

import { call } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorBanner } from '../../components/ui';
import { DATE_HINT, DATE_MESSAGE, typedDate } from './format';
import { plural, ukDate } from '../../format';

/** Bulk update of status for one owner's selected open actions: done together (with what and when) or cancelled together (with why). */
export function BulkBar({ selected, onDone, onClear }: { selected: ActionRow[]; onDone: (message: string) => void; onClear: () => void }) {
  const today = useSession((s) => s.info?.today) ?? '';
  const [status, setStatus] = useState<'done' | 'cancelled'>('done');
  const [note, setNote] = useState('');
  const [date, setDate] = useState(ukDate(today));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (selected.length === 0) return null;
  const owners = [...new Set(selected.map((a) => a.ownerName.toLowerCase()))];
  const notOpen = selected.filter((a) => a.status !== 'open');
  const owner = selected[0].ownerName;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const doneOn = status === 'done' ? typedDate(date) : null;
    if (status === 'done' && !doneOn) return setError(DATE_MESSAGE);
    setBusy(true);
    try {
      const { updated } = await call('actions:bulkStatus', { ownerName: owner, ids: selected.map((a) => a.id), status, note, doneOn: doneOn ?? undefined });
      setNote('');
      onDone(`${plural(updated, 'action')} of ${owner} marked ${status === 'done' ? 'done' : 'cancelled'}.`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="bulk-bar card" aria-labelledby="bulk-heading">
      <h2 id="bulk-heading">
        {plural(selected.length, 'action')} selected
        <button type="button" className="btn-link bulk-clear" onClick={onClear}>Clear selection</button>
      </h2>
      {owners.length > 1 ? (
        <p className="banner banner-info">A bulk update is for one owner at a time: choose the actions of one owner (filter by owner to see them together).</p>
      ) : notOpen.length > 0 ? (
        <p className="banner banner-info">Only open actions can be updated together; {plural(notOpen.length, 'selected action is', 'selected actions are')} not open.</p>
      ) : (
        <form className="bulk-form" onSubmit={submit} noValidate aria-label={`Update ${owner}'s actions`}>
          <ErrorBanner error={error} />
          <p>
            Update all {selected.length} for <strong>{owner}</strong>:
          </p>
          <fieldset className="field">
            <legend className="visually-hidden">New status</legend>
            <label className="radio"><input type="radio" name="bulk-status" checked={status === 'done'} onChange={() => setStatus('done')} /> Mark done</label>
            <label className="radio"><input type="radio" name="bulk-status" checked={status === 'cancelled'} onChange={() => setStatus('cancelled')} /> Cancel</label>
          </fieldset>
          <div className="bulk-fields">
            <div className="field">
              <label htmlFor="bulk-note">{status === 'done' ? 'What was done' : 'Why they are cancelled'}</label>
              <input id="bulk-note" value={note} onChange={(e) => setNote(e.target.value)} autoComplete="off" />
            </div>
            {status === 'done' ? (
              <div className="field">
                <label htmlFor="bulk-date">Date done</label>
                <input id="bulk-date" value={date} onChange={(e) => setDate(e.target.value)} aria-describedby="bulk-date-hint" autoComplete="off" />
                <p className="field-hint" id="bulk-date-hint">{DATE_HINT}</p>
              </div>
            ) : null}
            <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : `Update ${selected.length}`}</button>
          </div>
        </form>
      )}
    </section>
  );
}
