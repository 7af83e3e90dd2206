import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/api/sync';
import { call } from '../../api/client';
import { syncText } from './format';
import { RefusedChange } from './RefusedChange';
import './sync.css';

const POLL_MS = 15_000;

/** Always in the top bar of a laptop that joined a team: the sync state, and "Sync now". */
export function SyncIndicator() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    try {
      setStatus(await call('sync:status', {}));
    } catch {
      // The indicator never gets in the way; the next poll tries again.
    }
  }, []);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  if (!status || status.state === 'not-joined') return null;
  const line = syncText(busy ? { ...status, state: 'syncing' } : status);
  const syncNow = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await call('sync:now', {});
      setStatus(result.status);
    } catch (e) {
      setError((e as Error).message);
      void refresh();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="sync-indicator">
      <span className={`sync-state sync-${line?.tone ?? 'ok'}`} role="status" aria-live="polite" title={error ?? status.refused?.message ?? status.server ?? undefined} data-testid="sync-state">
        {line?.text}
      </span>
      <RefusedChange status={status} onChanged={setStatus} />
      <button type="button" className="btn btn-small" onClick={() => void syncNow()} disabled={busy}>
        {busy ? 'Syncing…' : 'Sync now'}
      </button>
      {error ? <span className="visually-hidden" role="alert">{error}</span> : null}
    </div>
  );
}
