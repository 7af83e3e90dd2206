import { useState, type FormEvent } from 'react';
import type { ActionRow } from '../../../../shared/api/actions';
import { can } from '../../../../shared/api/index';
import type { Role } from '../../../../shared/api/session';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useSession } from '../../app/session';
import { ErrorBanner } from '../../components/ui';
import { DATE_HINT, DATE_MESSAGE, typedDate } from './format';
import { plural, ukDate } from '../../format';

export type Op = 'done' | 'cancel' | 'verify' | 'move' | 'follow-up' | 'spot-check' | 'spot-result';

export const OP_LABELS: Record<Op, string> = {
  done: 'Mark done',
  cancel: 'Cancel action',
  verify: 'Verify',
  move: 'Move due date',
  'follow-up': 'Schedule follow-up re-audit',
  'spot-check': 'Request spot-check',
  'spot-result': 'Record spot-check',
};

/** What can be done to an action now, by this person. */
export function availableOps(a: ActionRow, role: Role | undefined): Op[] {
  const ops: Op[] = [];
  if (a.status === 'open') ops.push('done', 'move', 'cancel');
  if (a.status === 'done' && can(role, 'actions:verify')) ops.push('verify');
  const graded34 = a.auditOverall === 3 || a.auditOverall === 4;
  if ((a.status === 'done' || a.status === 'verified') && graded34 && !a.spotCheck) ops.push('spot-check');
  if (a.spotCheck && !a.spotCheck.result) ops.push('spot-result');
  if (!a.followUpAuditId && a.status !== 'cancelled' && can(role, 'actions:scheduleFollowUp')) ops.push('follow-up');
  return ops;
}

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <p className="field-hint" id={`${id}-hint`}>{hint}</p> : null}
    </div>
  );
}

/** Who does a follow-up re-audit: active auditors and moderators, not those who manage the case's team. */
function AuditorField({ id, value, onChange, team }: { id: string; value: string; onChange: (id: string) => void; team: string }) {
  const facets = useCall('actions:facets', {});
  const auditors = (facets.data?.auditors ?? []).filter((a) => !a.teams.includes(team));
  return (
    <Field id={id} label="Auditor" hint={`People who manage ${team} are not listed: a re-audit is done from outside the team.`}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-hint`}>
        <option value="">{facets.loading ? 'Loading people…' : 'Choose an auditor'}</option>
        {auditors.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The form for one operation on one action; calls the contract and reports back. */
export function OpForm({ op, action, onDone, onClose }: { op: Op; action: ActionRow; onDone: (message: string) => void; onClose: () => void }) {
  const today = useSession((s) => s.info?.today) ?? '';
  const [text, setText] = useState('');
  const [date, setDate] = useState(op === 'done' ? ukDate(today) : op === 'follow-up' && action.followUp ? ukDate(action.followUp.dueOn) : '');
  const [auditorId, setAuditorId] = useState(op === 'follow-up' && action.followUp ? action.followUp.auditorId : '');
  const [lasted, setLasted] = useState<'yes' | 'no' | ''>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `op-${action.id}-${op}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (op === 'follow-up' && !auditorId) return setError('Choose who will do the follow-up re-audit.');
    const needsDate = op === 'done' || op === 'move' || op === 'follow-up';
    const iso = needsDate ? typedDate(date) : null;
    if (needsDate && !iso) return setError(DATE_MESSAGE);
    if (op === 'spot-result' && !lasted) return setError('Say whether the change has lasted.');
    setBusy(true);
    try {
      if (op === 'done') await call('actions:markDone', { id: action.id, note: text, doneOn: iso! });
      else if (op === 'cancel') await call('actions:cancel', { id: action.id, reason: text });
      else if (op === 'verify') await call('actions:verify', { id: action.id, note: text });
      else if (op === 'move') await call('actions:moveDue', { id: action.id, dueDate: iso!, reason: text });
      else if (op === 'spot-check') await call('actions:requestSpotCheck', { id: action.id, note: text });
      else if (op === 'spot-result') await call('actions:recordSpotCheck', { id: action.id, lasted: lasted === 'yes', note: text });
      else if (op === 'follow-up') {
        const row = await call('actions:scheduleFollowUp', { id: action.id, auditorId, dueOn: iso! });
        onDone(`Follow-up re-audit of case ${action.caseReference} scheduled for ${row.followUp?.auditorName ?? 'the auditor'}, due ${ukDate(row.followUp?.dueOn)}.`);
        return;
      }
      onDone(`${OP_LABELS[op]}: saved for '${action.title}'.`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const textLabel: Partial<Record<Op, string>> = {
    done: 'What was done',
    cancel: 'Why it is cancelled',
    verify: 'How you checked it (optional)',
    move: 'Why the due date is moving',
    'spot-check': 'What the spot-check should confirm',
    'spot-result': 'What the spot-check found',
  };
  return (
    <form className="op-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{OP_LABELS[op]}</h4>
      <ErrorBanner error={error} />
      {op === 'follow-up' ? (
        <>
          <p>
            The re-audit of case {action.caseReference} waits on the auditor's dashboard until its date. When they start it, it is linked to the audit that raised
            this action, so the case page and reports show the grade before and after.
          </p>
          <AuditorField id={`${id}-auditor`} value={auditorId} onChange={setAuditorId} team={action.team} />
        </>
      ) : null}
      {op === 'move' ? <p className="muted">Now due {ukDate(action.dueDate)}; moved {plural(action.dueDateMoves, 'time')} so far. Every move is kept with its reason.</p> : null}
      {op === 'done' || op === 'move' || op === 'follow-up' ? (
        <Field id={`${id}-date`} label={op === 'done' ? 'Date done' : op === 'follow-up' ? 'Re-audit due by' : 'New due date'} hint={DATE_HINT}>
          <input id={`${id}-date`} value={date} onChange={(e) => setDate(e.target.value)} aria-describedby={`${id}-date-hint`} autoComplete="off" />
        </Field>
      ) : null}
      {op === 'spot-result' ? (
        <fieldset className="field">
          <legend>Has the change lasted?</legend>
          <label className="radio"><input type="radio" name={`${id}-lasted`} checked={lasted === 'yes'} onChange={() => setLasted('yes')} /> Yes, it has lasted</label>
          <label className="radio"><input type="radio" name={`${id}-lasted`} checked={lasted === 'no'} onChange={() => setLasted('no')} /> No, it has not</label>
        </fieldset>
      ) : null}
      {textLabel[op] ? (
        <Field id={`${id}-text`} label={textLabel[op]!}>
          <textarea id={`${id}-text`} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
      ) : null}
      <div className="op-buttons">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : op === 'verify' ? 'Verify action' : op === 'follow-up' ? 'Schedule re-audit' : 'Save'}
        </button>
        <button type="button" className="btn" onClick={onClose}>Close</button>
      </div>
    </form>
  );
}
