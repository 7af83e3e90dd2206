import { useState } from 'react';
import type { VerifyReport } from '../../../../shared/api/system';
import { call } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorBanner, PageHeader } from '../../components/ui';
import { ExchangePanel } from '../bundles/ExchangePanel';
import { MoveToTeamServer } from '../sync/MoveToTeamServer';
import { ChangePassphraseForm } from './ChangePassphraseForm';
import { IdleLockSetting } from './IdleLockSetting';
import './settings.css';

export function SettingsPage() {
  const info = useSession((s) => s.info);
  const reloadSession = useSession((s) => s.load);
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
      {info?.person ? (
        <div className="grid-2 settings-grid">
          <section className="card" aria-labelledby="settings-passphrase">
            <h2 id="settings-passphrase">Your passphrase</h2>
            <p className="muted">You sign in as {info.person.email}. Change your passphrase here; nobody else, including your QA lead, can see it.</p>
            <ChangePassphraseForm onChanged={() => undefined} />
          </section>
          <section className="card" aria-labelledby="settings-idle">
            <h2 id="settings-idle">Idle lock</h2>
            <IdleLockSetting role={info.person.role} minutes={info.idleLockMinutes} onSaved={() => void reloadSession()} />
          </section>
        </div>
      ) : null}
      <section className="card">
        <h2>This device</h2>
        <dl className="facts">
          <dt>Device</dt>
          <dd><code>{info?.deviceId}</code></dd>
          <dt>Running as</dt>
          <dd>{info?.transport === 'electron' ? 'Desktop app' : 'Browser preview (this computer only)'}</dd>
        </dl>
      </section>
      {/* The command line opens the file with its key file: the preview's, not the desktop app's sealed key (decision 66). */}
      {info?.person?.role === 'qa-lead' && !info.demo && info.transport === 'preview' ? <MoveToTeamServer onJoined={() => void reloadSession()} /> : null}
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
