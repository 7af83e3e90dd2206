import { useState } from 'react';
import type { QueueItem } from '../../../../shared/api/moderation';
import { call } from '../../api/client';

/**
 * The moderation share is a floor: below it an audit is agreed without moderation only by a QA lead
 * who records why (the reason is kept and shown in "Recently agreed").
 */
export function BelowSharePanel({ item, message, canOverride, onDone, onCancel }: { item: QueueItem; message: string; canOverride: boolean; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      await call('moderation:agreeBelowShare', { auditId: item.auditId, reason });
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section className="card mod-below-share" aria-labelledby="below-share-heading">
      <h2 id="below-share-heading">Below the moderation share: case {item.caseReference}</h2>
      <p role="alert">{message}</p>
      {canOverride ? (
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <div className="field">
            <label htmlFor="below-share-reason">Why agree it without moderation (kept with the audit)</label>
            <textarea id="below-share-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          {error ? <p className="field-error" role="alert">{error}</p> : null}
          <button type="submit" className="btn btn-danger" disabled={reason.trim().length < 10}>Agree without moderation and record why</button>{' '}
          <button type="button" className="btn" onClick={onCancel}>Cancel</button>
        </form>
      ) : (
        <p>Moderate it instead, or ask your QA lead. <button type="button" className="btn btn-small" onClick={onCancel}>Close</button></p>
      )}
    </section>
  );
}
