import { useState } from 'react';
import type { SyncStatus } from '../../../../shared/api/sync';
import { call } from '../../api/client';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { ukDateTime } from '../../format/dates';

/** What a change set, as people read it: "field: value" lines for a whole record (empty fields left out), else the value. */
function whatItSet(value: string | null): string[] {
  if (value === null || value === '') return ['(nothing: it removes the record or clears the field)'];
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.entries(parsed as Record<string, unknown>)
        .filter(([, v]) => v !== null && v !== '' && v !== '[]')
        .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    }
    return [typeof parsed === 'string' ? parsed : JSON.stringify(parsed)];
  } catch {
    return [value];
  }
}

/**
 * The change of this laptop's that the team server refused, beside the reason, and the way out
 * (decision 57): undo it by an ordinary edit, or keep it on this laptop only after confirming.
 */
export function RefusedChange({ status, onChanged }: { status: SyncStatus; onChanged: (s: SyncStatus) => void }) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const change = status.refused?.change;
  if (!change) return null;
  const withhold = async () => {
    setBusy(true);
    try {
      onChanged(await call('sync:withhold', { deviceSeq: change.deviceSeq, confirm: true }));
      setConfirming(false);
      setOpen(false);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>
        What was refused?
      </button>
      <Dialog open={open && !confirming} title="The team server refused a change" onClose={() => setOpen(false)}>
        <div className="dialog-body">
          <p>{status.refused?.message}</p>
          <dl className="refused-change">
            <dt>Change</dt>
            <dd>
              Number {change.deviceSeq}: {change.table} {change.key}
              {change.column ? `, ${change.column}` : ' (the whole record)'}
            </dd>
            <dt>Made on this laptop</dt>
            <dd>{ukDateTime(change.madeAt)}</dd>
            <dt>What it set</dt>
            <dd>
              <ul className="refused-fields">
                {whatItSet(change.value).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </dd>
          </dl>
          <p>
            Nothing after it can be sent until it is. Either change the record back where you edited it, or keep this change on this laptop only: it is
            not lost, but the team will not receive it.
          </p>
        </div>
        <div className="dialog-buttons">
          <button type="button" className="btn" autoFocus onClick={() => setOpen(false)}>
            Close
          </button>
          <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>
            Keep it on this laptop only…
          </button>
        </div>
      </Dialog>
      <ConfirmDialog
        open={confirming}
        title="Keep this change on this laptop only?"
        confirmLabel="Keep it here and send the rest"
        danger
        busy={busy}
        error={error}
        onConfirm={() => void withhold()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Change {change.deviceSeq} ({change.table}) will never be sent to the team server. It stays in this laptop&apos;s history, and your choice is recorded
          with your name and the server&apos;s reason.
        </p>
      </ConfirmDialog>
    </>
  );
}
