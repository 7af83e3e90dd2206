import { useState, type FormEvent } from 'react';
import { PRIORITY_LABELS } from '../../../../shared/api/actions';
import { SERVICE_LEVEL_LABELS, SERVICE_STATUS_LABELS, type ServiceFinding } from '../../../../shared/api/serviceActions';
import { call } from '../../api/client';
import { useSession } from '../../app/session';
import { EmptyState, ErrorBanner } from '../../components/ui';
import { dateInput, plural, ukDate } from '../../format';

type Op = 'done' | 'move' | 'cancel';
const OP_LABELS: Record<Op, string> = { done: 'Mark done', move: 'Move due date', cancel: 'Cancel finding' };

const owner = (f: ServiceFinding) => (f.level === 'team' ? `${SERVICE_LEVEL_LABELS.team}: ${f.team}` : SERVICE_LEVEL_LABELS.service);
const raisedFrom = (f: ServiceFinding) => [f.caseReference ? `the audit of case ${f.caseReference}` : '', f.programmeName ? `programme ${f.programmeName}` : ''].filter(Boolean).join(' and ');

/** Service-level findings as a table; each open one can be marked done, moved (with a reason) or cancelled. */
export function FindingsList({ rows, empty, onChanged }: { rows: ServiceFinding[]; empty: string; onChanged: (message: string) => void }) {
  const [open, setOpen] = useState<string | null>(null);
  if (rows.length === 0) return <EmptyState title="No service-level findings">{empty}</EmptyState>;
  return (
    <table className="data findings-table">
      <caption className="visually-hidden">Service-level findings</caption>
      <thead>
        <tr>
          <th scope="col">Owned by</th>
          <th scope="col">What the service must improve</th>
          <th scope="col">Owner</th>
          <th scope="col">Due</th>
          <th scope="col">Priority</th>
          <th scope="col">Status</th>
          <th scope="col"><span className="visually-hidden">Update</span></th>
        </tr>
      </thead>
      <tbody>
        {rows.map((f) => (
          <FindingRow key={f.id} f={f} expanded={open === f.id} onToggle={() => setOpen(open === f.id ? null : f.id)} onChanged={(m) => { setOpen(null); onChanged(m); }} />
        ))}
      </tbody>
    </table>
  );
}

function FindingRow({ f, expanded, onToggle, onChanged }: { f: ServiceFinding; expanded: boolean; onToggle: () => void; onChanged: (message: string) => void }) {
  return (
    <>
      <tr>
        <td>{owner(f)}</td>
        <td>
          {f.title}
          <div className="muted small">Raised from {raisedFrom(f)} by {f.createdBy}, {ukDate(f.createdAt)}</div>
          {f.doneNote ? <div className="small"><strong>What was done:</strong> {f.doneNote}</div> : null}
          {f.cancelReason ? <div className="small"><strong>Why cancelled:</strong> {f.cancelReason}</div> : null}
        </td>
        <td>{f.ownerName}<div className="muted small">{f.ownerRole}</div></td>
        <td>
          {ukDate(f.dueDate)}
          {f.dueDateMoves > 0 ? <div className="muted small">moved {plural(f.dueDateMoves, 'time')}</div> : null}
        </td>
        <td>{PRIORITY_LABELS[f.priority]}</td>
        <td>
          <span className="pill">{SERVICE_STATUS_LABELS[f.status]}</span>
          {f.overdue ? <div><span className="overdue-tag">{plural(f.daysOverdue, 'day')} overdue</span></div> : null}
          {f.drifting ? <div><span className="drift-tag">Drifting</span></div> : null}
          {f.doneOn ? <div className="muted small">on {ukDate(f.doneOn)}</div> : null}
        </td>
        <td>
          {f.status === 'open' ? (
            <button type="button" className="btn btn-small" aria-expanded={expanded} aria-label={`${expanded ? 'Hide' : 'Update'} '${f.title}'`} onClick={onToggle}>
              {expanded ? 'Hide' : 'Update'}
            </button>
          ) : null}
        </td>
      </tr>
      {expanded ? (
        <tr className="detail-row">
          <td colSpan={7}>
            <FindingOps f={f} onChanged={onChanged} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function FindingOps({ f, onChanged }: { f: ServiceFinding; onChanged: (message: string) => void }) {
  const today = useSession((s) => s.info?.today) ?? '';
  const [op, setOp] = useState<Op | null>(null);
  const [text, setText] = useState('');
  const [date, setDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = `finding-${f.id}-${op ?? 'none'}`;
  const choose = (o: Op) => {
    setOp(o);
    setText('');
    setDate(o === 'done' ? ukDate(today) : '');
    setError(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const iso = op === 'cancel' ? null : dateInput(date);
    if (op !== 'cancel' && !iso) return setError('Enter a real date, for example 7 Dec 2026 or 07/12/2026.');
    try {
      if (op === 'done') await call('serviceActions:markDone', { id: f.id, note: text, doneOn: iso! });
      else if (op === 'move') await call('serviceActions:moveDue', { id: f.id, dueDate: iso!, reason: text });
      else if (op === 'cancel') await call('serviceActions:cancel', { id: f.id, reason: text });
      onChanged(`${OP_LABELS[op!]}: saved for '${f.title}'.`);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const textLabel: Record<Op, string> = { done: 'What was done', move: 'Why the due date is moving', cancel: 'Why it is cancelled' };
  return (
    <div className="finding-ops">
      <div className="op-choices" role="group" aria-label={`What to do with '${f.title}'`}>
        {(['done', 'move', 'cancel'] as Op[]).map((o) => (
          <button key={o} type="button" className={op === o ? 'btn btn-small btn-primary' : 'btn btn-small'} aria-pressed={op === o} onClick={() => choose(o)}>
            {OP_LABELS[o]}
          </button>
        ))}
      </div>
      {op ? (
        <form className="op-form" onSubmit={submit} noValidate aria-label={OP_LABELS[op]}>
          <ErrorBanner error={error} />
          {op === 'move' ? <p className="muted">Now due {ukDate(f.dueDate)}; moved {plural(f.dueDateMoves, 'time')} so far. Every move is kept with its reason.</p> : null}
          {op !== 'cancel' ? (
            <div className="field">
              <label htmlFor={`${id}-date`}>{op === 'done' ? 'Date done' : 'New due date'}</label>
              <input id={`${id}-date`} value={date} onChange={(e) => setDate(e.target.value)} autoComplete="off" aria-describedby={`${id}-date-hint`} />
              <p className="field-hint" id={`${id}-date-hint`}>For example 7 Dec 2026 or 07/12/2026.</p>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-text`}>{textLabel[op]}</label>
            <textarea id={`${id}-text`} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary">Save</button>
        </form>
      ) : null}
    </div>
  );
}
