import { useState } from 'react';
import type { Person } from '../../../../shared/api/session';
import { call } from '../../api/client';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { oneTimePassphrase } from './format';

/** The new passphrase, shown this once: the person must choose their own when they next sign in. */
export function PassphraseShownOnce({ name, passphrase, onDone }: { name: string; passphrase: string | null; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(passphrase ?? '');
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Dialog open={passphrase !== null} title={`One-time passphrase for ${name}`} onClose={onDone} describedBy="otp-explain">
      <div className="dialog-body">
        <p id="otp-explain">Give it to {name} in person or by phone, not by email. It is shown only this once. When they sign in with it, Plumbline asks them to choose their own passphrase before anything else.</p>
        <p className="otp-value" data-testid="one-time-passphrase" aria-label="One-time passphrase">
          <code>{passphrase}</code>
        </p>
        <p className="visually-hidden" role="status">{copied ? 'Copied to the clipboard.' : ''}</p>
      </div>
      <div className="dialog-buttons">
        <button type="button" className="btn" onClick={() => void copy()}>{copied ? 'Copied' : 'Copy'}</button>
        <button type="button" className="btn btn-primary" autoFocus onClick={onDone}>I have given it to them</button>
      </div>
    </Dialog>
  );
}

/** "Set a one-time passphrase" for someone who forgot theirs: confirm, make it, show it once. */
export function OneTimePassphraseFlow({ person, onClose }: { person: Person; onClose: (changed: boolean) => void }) {
  const [stage, setStage] = useState<'confirm' | 'busy' | 'shown'>('confirm');
  const [passphrase, setPassphrase] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setStage('busy');
    setError(null);
    const next = oneTimePassphrase();
    try {
      await call('people:setOneTimePassphrase', { id: person.id, passphrase: next });
      setPassphrase(next);
      setStage('shown');
    } catch (e) {
      setError((e as Error).message);
      setStage('confirm');
    }
  };
  if (stage === 'shown') return <PassphraseShownOnce name={person.name} passphrase={passphrase} onDone={() => onClose(true)} />;
  return (
    <ConfirmDialog open title={`Set a one-time passphrase for ${person.name}?`} confirmLabel="Make a one-time passphrase" busy={stage === 'busy'} error={error} onConfirm={() => void confirm()} onCancel={() => onClose(false)}>
      <p>Use this when {person.name} has forgotten their passphrase. Their current passphrase stops working at once.</p>
      <p>Plumbline makes a new passphrase and shows it to you once. They sign in with it and must then choose their own. The change is recorded in the history.</p>
    </ConfirmDialog>
  );
}
