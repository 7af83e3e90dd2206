import { useState } from 'react';
import { REASON_LABELS, type ModerationRecord, type ModerationView } from '../../../../shared/api/moderation';
import { call } from '../../api/client';
import { GradeBadge } from '../../components/ui';
import type { Act } from './ModerationPage';
import { RuleJustification } from './RuleJustification';
import { ukDate } from '../../format';

/** Agree the grades, or return the audit to its auditor with reasons. */
export function OutcomePanel({ view, act, onDone }: { view: ModerationView; act: Act; onDone: () => void }) {
  const [reasons, setReasons] = useState('');
  const [why, setWhy] = useState('');
  const auditId = view.audit.id;
  const stored = view.moderation?.ruleJustification ?? { moderator: '', agreed: '' };
  const list = reasons.split('\n').map((r) => r.trim()).filter(Boolean);
  return (
    <section className="card" aria-labelledby="outcome-heading">
      <h2 id="outcome-heading">Finish the moderation</h2>
      <div className="grid-2">
        <div>
          <h3>Agree</h3>
          <p>The agreed grades are recorded beside the auditor's and yours; nothing is overwritten.</p>
          <RuleJustification
            id="agree-justification"
            whose={view.limits.agreed.length > 0 ? 'The agreed overall grade' : 'Your overall grade'}
            broken={view.limits.agreed.length > 0 ? view.limits.agreed : view.limits.moderator}
            value={why}
            stored={view.limits.agreed.length > 0 ? stored.agreed : stored.moderator}
            onChange={setWhy}
          />
          <button type="button" className="btn btn-primary" onClick={() => void act(() => call('moderation:agree', { auditId, justification: why || undefined })).then((ok) => ok && onDone())}>
            Agree grades
          </button>
        </div>
        <form onSubmit={(e) => { e.preventDefault(); void act(() => call('moderation:return', { auditId, reasons: list })).then((ok) => ok && onDone()); }}>
          <h3>Return to the auditor</h3>
          <div className="field">
            <label htmlFor="return-reasons">Reasons for returning (one per line)</label>
            <textarea id="return-reasons" value={reasons} onChange={(e) => setReasons(e.target.value)} aria-describedby="return-hint" />
            <p id="return-hint" className="field-hint">The auditor sees these reasons, revises the audit and submits it again.</p>
          </div>
          <button type="submit" className="btn btn-danger" disabled={list.length === 0}>Return to auditor</button>
        </form>
      </div>
    </section>
  );
}

/** The agreed record: all three grades and both texts, for ever. */
export function RecordTable({ view }: { view: ModerationView }) {
  return (
    <section className="card" aria-labelledby="record-heading">
      <h2 id="record-heading">Moderation record</h2>
      <table className="data mod-record">
        <caption className="visually-hidden">Auditor, moderator and agreed grades with rationales</caption>
        <colgroup>
          <col className="mod-col-section" />
          <col className="mod-col-grade" />
          <col className="mod-col-grade" />
          <col className="mod-col-grade" />
          <col className="mod-col-text" />
          <col className="mod-col-text" />
          <col className="mod-col-code" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Section</th>
            <th scope="col">Auditor</th>
            <th scope="col">Moderator</th>
            <th scope="col">Agreed</th>
            <th scope="col">Moderator's rationale</th>
            <th scope="col">Agreed rationale</th>
            <th scope="col">Reason code</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((r) => (
            <tr key={r.section} className={r.agreedGrade !== r.auditorGrade ? 'is-different' : undefined}>
              <th scope="row">{r.number !== null ? `${r.number}. ${r.title}` : r.title}</th>
              <td><GradeBadge grade={r.auditorGrade} /></td>
              <td>{r.moderatorGrade === null ? <span className="muted">Not changed</span> : <GradeBadge grade={r.moderatorGrade} />}</td>
              <td><GradeBadge grade={r.agreedGrade} /></td>
              <td>{r.moderatorRationale || <span className="muted">—</span>}</td>
              <td>{r.agreedRationale || <span className="muted">—</span>}</td>
              <td>{r.reasonCode ? REASON_LABELS[r.reasonCode] : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.moderation?.ruleJustification.moderator ? (
        <p className="mod-rationale"><strong>The moderator's overall grade breaks a limiting rule; justification:</strong> {view.moderation.ruleJustification.moderator}</p>
      ) : null}
      {view.moderation?.ruleJustification.agreed ? (
        <p className="mod-rationale"><strong>The agreed overall grade breaks a limiting rule; justification:</strong> {view.moderation.ruleJustification.agreed}</p>
      ) : null}
    </section>
  );
}

export function PreviousModerations({ list }: { list: ModerationRecord[] }) {
  if (list.length === 0) return null;
  return (
    <section className="card" aria-labelledby="previous-heading">
      <h2 id="previous-heading">Earlier moderations</h2>
      <ul className="mod-plain-list">
        {list.map((m) => (
          <li key={m.id}>
            {m.mode === 'blind' ? 'Blind' : 'Open'} moderation by {m.moderatorName}, {m.status === 'returned' ? `returned ${ukDate(m.finishedAt)}` : m.status}
            {m.returnReasons.length > 0 ? <ul>{m.returnReasons.map((r, i) => <li key={i}>{r}</li>)}</ul> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
