import { useState } from 'react';
import type { ModerationRow, ModerationView } from '../../../../shared/api/moderation';
import type { GradeOrNA } from '../../../../shared/domain/grades';
import { call } from '../../api/client';
import { GradeRadios } from './GradeControls';
import type { Act } from './ModerationPage';
import { RuleJustification } from './RuleJustification';

/** Blind grading: the moderator grades every section and the overall grade, seeing nothing of the auditor's. */
export function BlindGrading({ view, act }: { view: ModerationView; act: Act }) {
  const graded = view.rows.filter((r) => r.moderatorGrade !== null).length;
  const total = view.rows.length;
  const [why, setWhy] = useState('');
  return (
    <section aria-labelledby="blind-heading">
      <div className="card mod-blind-intro">
        <h2 id="blind-heading">Blind grading</h2>
        <p>
          The auditor's grades, findings and warnings are hidden until you have graded the whole file. Grade each section from the case file,
          then the overall grade. Your notes are kept as your rationale.
        </p>
        <p className="mod-progress" role="status" aria-live="polite">{graded} of {total} graded</p>
      </div>
      {view.rows.map((row) => <BlindRow key={row.section} auditId={view.audit.id} row={row} act={act} />)}
      <div className="card mod-sticky-actions">
        <RuleJustification id="blind-justification" whose="Your overall grade" broken={view.limits.moderator} value={why} stored={view.moderation?.ruleJustification.moderator ?? ''} onChange={setWhy} />
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void act(() => call('moderation:finishGrading', { auditId: view.audit.id, justification: why || undefined }))}
        >
          Finish blind grading and compare
        </button>
        <span className="muted"> Your blind grades are then locked; differences are agreed in the reconciliation.</span>
      </div>
    </section>
  );
}

function BlindRow({ auditId, row, act }: { auditId: string; row: ModerationRow; act: Act }) {
  const [notes, setNotes] = useState(row.moderatorRationale);
  const save = (grade: GradeOrNA | null, rationale: string) =>
    act(() => call('moderation:grade', { auditId, section: row.section, grade, rationale }));
  const heading = row.number !== null ? `${row.number}. ${row.title}` : row.title;
  const isOverall = row.section === 'overall';
  return (
    <section className={`card mod-section${isOverall ? ' mod-overall' : ''}`} aria-labelledby={`h-${row.section}`}>
      <h3 id={`h-${row.section}`}>{heading}</h3>
      {row.questions.length > 0 ? (
        <details className="mod-questions">
          <summary>What to look for</summary>
          <ul>{row.questions.map((q, i) => <li key={i}>{q}</li>)}</ul>
        </details>
      ) : null}
      <GradeRadios
        name={`blind-${row.section}`}
        legend={`Your grade for ${isOverall ? 'the overall grade' : `section ${row.number}`}`}
        value={row.moderatorGrade}
        allowNa={!isOverall}
        onChange={(g) => void save(g, notes)}
      />
      <div className="field">
        <label htmlFor={`notes-${row.section}`}>Your notes (optional)</label>
        <textarea
          id={`notes-${row.section}`}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          onBlur={() => {
            if (row.moderatorGrade !== null && notes !== row.moderatorRationale) void save(row.moderatorGrade, notes);
          }}
        />
      </div>
    </section>
  );
}
