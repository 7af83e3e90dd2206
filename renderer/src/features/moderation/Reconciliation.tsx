import { useState } from 'react';
import { REASON_LABELS, type ModerationRow, type ModerationView, type ReasonCode } from '../../../../shared/api/moderation';
import type { GradeOrNA } from '../../../../shared/domain/grades';
import { call } from '../../api/client';
import { GradeBadge } from '../../components/ui';
import { GradeSelect, ReasonSelect } from './GradeControls';
import type { Act } from './ModerationPage';
import { EvidenceBlock } from './OpenModeration';
import { plural } from '../../format';

/** Side by side after blind grading: agree a grade, with a rationale and reason code, for every difference. */
export function Reconciliation({ view, act }: { view: ModerationView; act: Act }) {
  const [differencesOnly, setDifferencesOnly] = useState(true);
  const diffs = view.rows.filter((r) => r.difference);
  const done = diffs.filter((r) => r.reconciled).length;
  const rows = differencesOnly ? diffs : view.rows;
  return (
    <section className="card" aria-labelledby="rec-heading">
      <div className="mod-row-head">
        <h2 id="rec-heading">Reconciliation</h2>
        <label className="mod-check">
          <input type="checkbox" checked={differencesOnly} onChange={(e) => setDifferencesOnly(e.target.checked)} /> Differences only
        </label>
      </div>
      <p role="status" aria-live="polite" className="mod-progress">
        {diffs.length === 0 ? 'Your blind grades match the auditor\'s everywhere.' : `${plural(diffs.length, 'difference')}, ${done} agreed.`}
      </p>
      <div className="mod-rec-head" aria-hidden="true">
        <span>Section</span><span>Auditor</span><span>Moderator (blind)</span><span>Agreed</span>
      </div>
      {rows.map((row) => <RecRow key={row.section} auditId={view.audit.id} row={row} act={act} />)}
    </section>
  );
}

function RecRow({ auditId, row, act }: { auditId: string; row: ModerationRow; act: Act }) {
  const [editing, setEditing] = useState(!row.reconciled);
  const [grade, setGrade] = useState<GradeOrNA | null>(row.agreedGrade ?? row.moderatorGrade);
  const [rationale, setRationale] = useState(row.agreedRationale || row.moderatorRationale);
  const [reason, setReason] = useState<ReasonCode | null>(row.reasonCode ?? row.moderatorReason);
  const heading = row.number !== null ? `${row.number}. ${row.title}` : row.title;
  const isOverall = row.section === 'overall';
  const save = async () => {
    if (grade === null) return;
    const ok = await act(() => call('moderation:reconcile', { auditId, section: row.section, agreedGrade: grade, rationale, reasonCode: reason }));
    if (ok) setEditing(false);
  };
  return (
    <div className={`mod-rec-row${row.difference ? ' is-different' : ''}`} role="group" aria-labelledby={`rec-${row.section}`}>
      <div>
        <h3 id={`rec-${row.section}`}>{heading}</h3>
        {row.difference ? <span className="mod-tag mod-tag-diff">Different</span> : <span className="muted">Same grade</span>}
      </div>
      <div>
        <p className="mod-side-label">Auditor</p>
        <GradeBadge grade={row.auditorGrade} />
        <EvidenceBlock row={row} />
      </div>
      <div>
        <p className="mod-side-label">Moderator (blind)</p>
        <GradeBadge grade={row.moderatorGrade} />
        {row.moderatorRationale ? <p className="mod-evidence">{row.moderatorRationale}</p> : null}
      </div>
      <div>
        <p className="mod-side-label">Agreed</p>
        {!row.difference ? (
          <p><GradeBadge grade={row.auditorGrade} /> <span className="muted">agreed as graded</span></p>
        ) : editing ? (
          <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
            <GradeSelect id={`ag-${row.section}`} label={`Agreed grade, ${isOverall ? 'overall' : `section ${row.number}`}`} value={grade} allowNa={!isOverall} onChange={setGrade} />
            <div className="field">
              <label htmlFor={`ar-${row.section}`}>Rationale for the agreed grade</label>
              <textarea id={`ar-${row.section}`} value={rationale} onChange={(e) => setRationale(e.target.value)} />
            </div>
            <ReasonSelect id={`ac-${row.section}`} value={reason} onChange={setReason} />
            <button type="submit" className="btn btn-primary btn-small" disabled={grade === null}>Save agreed grade</button>
          </form>
        ) : (
          <>
            <p><GradeBadge grade={row.agreedGrade} /> <span className="mod-tag">{row.reasonCode ? REASON_LABELS[row.reasonCode] : 'No reason code'}</span></p>
            <p className="mod-evidence">{row.agreedRationale}</p>
            <button type="button" className="btn btn-small" onClick={() => setEditing(true)} aria-label={`Change the agreed grade for ${heading}`}>Change</button>
          </>
        )}
      </div>
    </div>
  );
}
