import { useState } from 'react';
import type { VerifyReport } from '../../../../shared/api/system';
import { call } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorBanner, PageHeader } from '../../components/ui';
import { ExchangePanel } from '../bundles/ExchangePanel';

export function SettingsPage() {
  const info = useSession((s) => s.info);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    try {
      setReport(await call('system:verify', {}));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title="Settings" />
      <section className="card">
        <h2>This device</h2>
        <dl className="facts">
          <dt>Device</dt>
          <dd><code>{info?.deviceId}</code></dd>
          <dt>Running as</dt>
          <dd>{info?.transport === 'electron' ? 'Desktop app' : 'Browser preview (this computer only)'}</dd>
        </dl>
      </section>
      <ExchangePanel />
      <section className="card">
        <h2>Check the audit trail</h2>
        <p>Plumbline records every change in a history that cannot be edited. Checking walks the whole chain and the database file.</p>
        <button type="button" className="btn" onClick={() => void verify()} disabled={busy}>
          {busy ? 'Checking…' : 'Check now'}
        </button>
        <ErrorBanner error={error} />
        {report ? (
          <div className={report.ok ? 'banner banner-ok' : 'banner banner-error'} role="status">
            {report.ok
              ? `Sound: ${report.rows.toLocaleString('en-GB')} history rows, head hash ${report.headHash.slice(0, 16)}…`
              : `Not sound: ${report.brokenAt ? `row ${report.brokenAt.seq}: ${report.brokenAt.reason}` : report.integrity}`}
          </div>
        ) : null}
      </section>
    </>
  );
}
