import { useState } from 'react';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { ErrorBanner } from '../../components/ui';

/** The scheduled auditor starts (or goes back to) a follow-up re-audit: the editor opens on its draft. */
export function StartFollowUp({ actionId, label = 'Start follow-up re-audit', className = 'btn btn-small btn-primary' }: { actionId: string; label?: string; className?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      {' '}
      <button
        type="button"
        className={className}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const { auditId } = await call('actions:startFollowUp', { id: actionId });
            navigate(`/audits/${encodeURIComponent(auditId)}`);
          } catch (e) {
            setError((e as Error).message);
            setBusy(false);
          }
        }}
      >
        {busy ? 'Starting…' : label}
      </button>
      <ErrorBanner error={error} />
    </>
  );
}
