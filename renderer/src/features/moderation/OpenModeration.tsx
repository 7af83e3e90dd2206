import { useState } from 'react';
import { REASON_LABELS, type ModerationRow, type ModerationView, type ReasonCode } from '../../../../shared/api/moderation';
import type { GradeOrNA } from '../../../../shared/domain/grades';
import { call } from '../../api/client';
import { GradeBadge } from '../../components/ui';
import { GradeSelect, ReasonSelect } from './GradeControls';
import type { Act } from './ModerationPage';
import { plural } from '../../format';

/** Open moderation: the auditor's grades and evidence in view; the moderator changes only what they disagree with. */
export function OpenModeration({ view, act }: { view: ModerationView; act: Act }) {
  const changed = view.rows.filter((r) => r.difference).length;
  return (
    <section aria-labelledby="open-heading">
      <div className="card">
        <h2 id="open-heading">Open moderation</h2>
        <p>Read the auditor's grades and evidence. Where you disagree, set your grade with a rationale and a reason code; everything else is agreed as the auditor graded it.</p>
        <p role="status" aria-live="polite" className="mod-progress">{changed === 0 ? 'No grades changed yet.' : `${plural(changed, 'grade')} changed.`}</p>
      </div>
      {view.rows.map((row) => <OpenRow key={row.section} auditId={view.audit.id} row={row} act={act} />)}
    </section>
  );
}

export function EvidenceBlock({ row }: { row: ModerationRow }) {
  if (row.auditorEvidence === null) return null;
  return (
    <>
      <p className="mod-evidence">{row.auditorEvidence || <span className="muted">No evidence written.</span>}</p>
      {row.answers && row.answers.length > 0 ? (
        <details className="mod-questions">
          <summary>The auditor's answers</summary>
          <ul>{row.answers.map((a, i) => <li key={i}>{a.question} <strong>{a.answer}</strong></li>)}</ul>
        </details>
      ) : null}
    </>
  );
}

function OpenRow({ auditId, row, act }: { auditId: string; row: ModerationRow; act: Act }) {
  const [editing, setEditing] = useState(false);
  const [grade, setGrade] = useState<GradeOrNA | null>(row.moderatorGrade ?? row.auditorGrade);
  const [rationale, setRationale] = useState(row.moderatorRationale);
  const [reason, setReason] = useState<ReasonCode | null>(row.moderatorReason);
  const isOverall = row.section === 'overall';
  const heading = row.number !== null ? `${row.number}. ${row.title}` : row.title;
  const differs = grade !== row.auditorGrade;
  const save = async () => {
    const ok = await act(() => call('moderation:grade', { auditId, section: row.section, grade: differs ? grade : null, rationale: differs ? rationale : '', reasonCode: differs ? reason : null }));
    if (ok) setEditing(false);
  };
  return (
    <section className={`card mod-section${isOverall ? ' mod-overall' : ''}${row.difference ? ' is-different' : ''}`} aria-labelledby={`h-${row.section}`}>
      <div className="mod-row-head">
        <h3 id={`h-${row.section}`}>{heading}</h3>
        <span>Auditor: <GradeBadge grade={row.auditorGrade} /></span>
        {row.difference ? <span>Your grade: <GradeBadge grade={row.moderatorGrade} /></span> : null}
      </div>
      <EvidenceBlock row={row} />
      {row.difference && !editing ? (
        <p className="mod-rationale"><strong>Your rationale ({row.moderatorReason ? REASON_LABELS[row.moderatorReason] : 'no reason code'}):</strong> {row.moderatorRationale}</p>
      ) : null}
      {editing ? (
        <form className="mod-edit" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <GradeSelect id={`g-${row.section}`} label="Your grade" value={grade} allowNa={!isOverall} onChange={setGrade} />
          {differs ? (
            <>
              <div className="field">
                <label htmlFor={`r-${row.section}`}>Rationale</label>
                <textarea id={`r-${row.section}`} value={rationale} onChange={(e) => setRationale(e.target.value)} />
              </div>
              <ReasonSelect id={`c-${row.section}`} value={reason} onChange={setReason} />
            </>
          ) : <p className="muted">Same as the auditor: saving keeps the auditor's grade.</p>}
          <button type="submit" className="btn btn-primary btn-small">Save</button>{' '}
          <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>Cancel</button>
        </form>
      ) : (
        <button type="button" className="btn btn-small" onClick={() => setEditing(true)} aria-label={`${row.difference ? 'Edit your grade' : 'Change the grade'} for ${heading}`}>
          {row.difference ? 'Edit your grade' : 'Change the grade'}
        </button>
      )}
    </section>
  );
}
