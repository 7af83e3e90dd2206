import { useCallback, useEffect, useId, useState } from 'react';
import type { BundleImportView, BundleStatusView, InvitationView } from '../../../../shared/api/bundles';
import { ROLE_LABELS, type Role } from '../../../../shared/api/session';
import { call } from '../../api/client';
import { useCan, useSession } from '../../app/session';
import { ErrorBanner } from '../../components/ui';
import { plural, ukDateTime } from '../../format';
import { ImportOutcome } from './ImportReport';
import { importBundleFile } from './importFile';
import { deliver } from './saveFile';

const roleText = (role: string): string => ROLE_LABELS[role as Role] ?? role;

/** Settings → Exchange: send a bundle to a person, import one, and (QA lead) invite a new laptop. */
export function ExchangePanel() {
  const mayInvite = useCan('bundles:invite');
  const [status, setStatus] = useState<BundleStatusView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    call('bundles:status', {}).then(setStatus, (e: Error) => setError(e.message));
  }, []);
  useEffect(load, [load]);

  return (
    <section className="card exchange" aria-labelledby="exchange-heading">
      <h2 id="exchange-heading">Exchange</h2>
      <p>
        Without a team server, changes travel between laptops as bundles: one file, signed by this laptop and readable only by the person it is for. Send it by
        email or a shared drive; they import it here or by dropping it on the Plumbline window.
      </p>
      <ErrorBanner error={error} />
      {status ? (
        <>
          <dl className="facts">
            <dt>This laptop's key</dt>
            <dd>
              <code>{status.deviceFingerprint ?? 'made with the first bundle'}</code>{' '}
              {status.registered ? '(registered with the team)' : '(not yet registered: a QA lead registers it from your first bundle to them)'}
            </dd>
          </dl>
          <SendForm status={status} onSent={load} />
          <ImportForm onImported={load} />
          {mayInvite ? <InviteForm status={status} /> : null}
          <Received status={status} />
        </>
      ) : null}
    </section>
  );
}

function SendForm({ status, onSent }: { status: BundleStatusView; onSent: () => void }) {
  const id = useId();
  const me = useSession((s) => s.info?.person?.id ?? null);
  const people = status.people.filter((p) => p.id !== me);
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = people.find((p) => p.id === to);
  const send = async () => {
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      const result = await call('bundles:export', { toPersonId: to });
      const where = await deliver(result);
      setDone(`${plural(result.changes, 'change')} for ${result.recipient.name}. ${where}`);
      onSent();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="exchange-block"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h3>Send a bundle</h3>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)} required>
          <option value="">Choose a person…</option>
          {people.map((p) => (
            <option key={p.id} value={p.id} disabled={!p.canReceive}>
              {p.name} ({roleText(p.role)}){p.canReceive ? '' : ' — not registered yet'}
            </option>
          ))}
        </select>
        <p className="field-hint">
          {chosen?.lastSent
            ? `Last sent ${ukDateTime(chosen.lastSent)}: the new bundle holds only what they have not received from this laptop.`
            : 'The bundle holds everything they may see that they have not received from this laptop.'}
        </p>
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy || !to}>
        {busy ? 'Exporting…' : 'Export bundle'}
      </button>
      {done ? (
        <p className="banner banner-ok" role="status">
          {done}
        </p>
      ) : null}
      <ErrorBanner error={error} />
    </form>
  );
}

function ImportForm({ onImported }: { onImported: () => void }) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<BundleImportView | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setReport(null);
    setRefusal(null);
    try {
      setReport(await importBundleFile(file));
      onImported();
    } catch (e) {
      setRefusal((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="exchange-block">
      <h3>Import a bundle</h3>
      <div className="field">
        <label htmlFor={`${id}-file`}>Bundle file (.plb)</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".plb"
          disabled={busy}
          onChange={(e) => {
            void onFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <p className="field-hint">Everything in it is checked first; if anything is wrong, nothing is imported. You can also drop the file on the window.</p>
      </div>
      {busy ? <p className="banner banner-info">Checking and importing…</p> : null}
      <ImportOutcome report={report} refusal={refusal} />
    </div>
  );
}

function InviteForm({ status }: { status: BundleStatusView }) {
  const id = useId();
  const me = useSession((s) => s.info?.person?.id ?? null);
  const [who, setWho] = useState('');
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<{ view: InvitationView; where: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const invite = async () => {
    setBusy(true);
    setError(null);
    setMade(null);
    try {
      const view = await call('bundles:invite', { personId: who });
      setMade({ view, where: await deliver(view) });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="exchange-block"
      onSubmit={(e) => {
        e.preventDefault();
        void invite();
      }}
    >
      <h3>Set up a laptop for someone</h3>
      <div className="field">
        <label htmlFor={`${id}-who`}>Person</label>
        <select id={`${id}-who`} value={who} onChange={(e) => setWho(e.target.value)} required>
          <option value="">Choose a person…</option>
          {status.people
            .filter((p) => p.id !== me)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({roleText(p.role)})
              </option>
            ))}
        </select>
        <p className="field-hint">Makes an invitation file and a one-time code. Send the file; give the code another way (by phone or on paper).</p>
      </div>
      <button type="submit" className="btn" disabled={busy || !who}>
        {busy ? 'Making the invitation…' : 'Make invitation'}
      </button>
      {made ? (
        <div className="banner banner-ok" role="status">
          <span>
            Invitation for {made.view.person.name}, valid until {ukDateTime(made.view.expiresAt)}. {made.where} Code (shown once):{' '}
            <strong className="invite-code">{made.view.code}</strong>
          </span>
        </div>
      ) : null}
      <ErrorBanner error={error} />
    </form>
  );
}

function Received({ status }: { status: BundleStatusView }) {
  if (status.received.length === 0) return null;
  return (
    <div className="exchange-block">
      <h3>Bundles imported here</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">Made</th>
            <th scope="col">Imported</th>
            <th scope="col">Applied</th>
            <th scope="col">Already here</th>
            <th scope="col">Conflicts</th>
          </tr>
        </thead>
        <tbody>
          {status.received.map((r) => (
            <tr key={`${r.from}-${r.seq}-${r.importedAt}`}>
              <td>
                {r.from} (bundle {r.seq})
              </td>
              <td>{ukDateTime(r.createdAt)}</td>
              <td>{ukDateTime(r.importedAt)}</td>
              <td>{r.applied}</td>
              <td>{r.alreadyHad}</td>
              <td>{r.conflicts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
