import { useEffect, useId, useState } from 'react';
import type { BundleStatusView } from '../../../../shared/api/bundles';
import { can } from '../../../../shared/api/index';
import type { Role } from '../../../../shared/api/session';
import { call } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorBanner } from '../../components/ui';
import { deliver } from './saveFile';

/** On a submitted audit: export a bundle carrying it to the chosen moderator (for a team without a server). */
export function SendForModeration({ auditId }: { auditId: string }) {
  const id = useId();
  const me = useSession((s) => s.info?.person?.id ?? null);
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<BundleStatusView | null>(null);
  const [moderator, setModerator] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open && !status) call('bundles:status', {}).then(setStatus, (e: Error) => setError(e.message));
  }, [open, status]);
  const moderators = (status?.people ?? []).filter((p) => p.id !== me && can(p.role as Role, 'moderation:start'));
  const send = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await call('bundles:sendForModeration', { auditId, moderatorId: moderator });
      setDone(`Bundle for ${result.recipient.name} ready (${result.changes} changes). ${await deliver(result)} Send it to them by email or a shared drive.`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (!open) {
    return (
      <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>
        Send for moderation
      </button>
    );
  }
  return (
    <form
      className="send-moderation card"
      aria-label="Send for moderation"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-moderator`}>Moderator</label>
        <select id={`${id}-moderator`} value={moderator} onChange={(e) => setModerator(e.target.value)} required>
          <option value="">Choose a moderator…</option>
          {moderators.map((p) => (
            <option key={p.id} value={p.id} disabled={!p.canReceive}>
              {p.name}
              {p.canReceive ? '' : ' — not registered yet'}
            </option>
          ))}
        </select>
      </div>
      <div className="send-moderation-buttons">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy || !moderator}>
          {busy ? 'Exporting…' : 'Export bundle'}
        </button>
        <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
      {done ? (
        <p className="banner banner-ok" role="status">
          {done}
        </p>
      ) : null}
      <ErrorBanner error={error} />
    </form>
  );
}
