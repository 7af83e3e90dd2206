import { useState } from 'react';
import './agreement.css';
import { AGREEMENT_LABELS, OVERALL_KEY, type ModerationView, type ReasonCode } from '../../../../shared/api/moderation';
import type { GradeOrNA } from '../../../../shared/domain/grades';
import { call } from '../../api/client';
import { ukDateTime } from '../../format';
import { GradeSelect, ReasonSelect } from './GradeControls';
import type { Act } from './ModerationPage';
import { RuleJustification } from './RuleJustification';

/**
 * "Both agree": when each side agreed; the auditor acknowledges the agreed grades or asks the
 * moderator to reconsider (once, with a reason); the moderator answers (keep, or change some).
 */
export function AgreementPanel({ view, act }: { view: ModerationView; act: Act }) {
  const m = view.moderation;
  const a = view.agreement;
  if (!m || !a) return null;
  const r = m.reconsider;
  return (
    <section className="card" aria-labelledby="agreement-heading">
      <h2 id="agreement-heading">Both agree</h2>
      <p className={`agreement-stage agreement-${a.stage}`} role="status">
        <strong>{AGREEMENT_LABELS[a.stage]}</strong>
      </p>
      <dl className="facts">
        <dt>Moderator agreed</dt>
        <dd>{m.moderatorName}, {ukDateTime(m.moderatorAgreedAt ?? m.finishedAt)}</dd>
        {r ? (
          <>
            <dt>Asked to reconsider</dt>
            <dd>
              {view.audit.auditorName}, {ukDateTime(r.requestedAt)}: “{r.reason}”
            </dd>
            <dt>Moderator's answer</dt>
            <dd>{r.answeredAt ? `${r.answer === 'changed' ? 'Changed the agreed grades' : 'Kept the agreed grades'}, ${ukDateTime(r.answeredAt)}: “${r.answerRationale}”` : 'Not answered yet'}</dd>
          </>
        ) : null}
        <dt>Auditor acknowledged</dt>
        <dd>{m.auditorAgreedAt ? `${view.audit.auditorName}, ${ukDateTime(m.auditorAgreedAt)}` : 'Not yet'}</dd>
      </dl>
      {a.canAcknowledge ? <AuditorChoice view={view} act={act} /> : null}
      {a.canAnswer ? <AnswerForm view={view} act={act} /> : null}
    </section>
  );
}

function AuditorChoice({ view, act }: { view: ModerationView; act: Act }) {
  const [reason, setReason] = useState('');
  const auditId = view.audit.id;
  const can = view.agreement!.canReconsider;
  return (
    <div className="grid-2 agreement-choice">
      <div>
        <h3>Acknowledge</h3>
        <p>You have read the agreed grades and rationales in the moderation record below. Acknowledging makes the audit final.</p>
        <button type="button" className="btn btn-primary" onClick={() => void act(() => call('moderation:acknowledge', { auditId }))}>
          Acknowledge the agreed grades
        </button>
      </div>
      {can ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => call('moderation:reconsider', { auditId, reason }));
          }}
        >
          <h3>Ask the moderator to reconsider</h3>
          <div className="field">
            <label htmlFor="reconsider-reason">Why should the moderator reconsider?</label>
            <textarea id="reconsider-reason" value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="reconsider-hint" />
            <p id="reconsider-hint" className="field-hint">You can ask once. Name the sections and the evidence; at least 10 characters.</p>
          </div>
          <button type="submit" className="btn" disabled={reason.trim().length < 10}>
            Ask to reconsider
          </button>
        </form>
      ) : (
        <p className="muted">You have already asked the moderator to reconsider once; acknowledge the grades as they now stand.</p>
      )}
    </div>
  );
}

function AnswerForm({ view, act }: { view: ModerationView; act: Act }) {
  const [decision, setDecision] = useState<'keep' | 'change'>('keep');
  const [rationale, setRationale] = useState('');
  const [why, setWhy] = useState('');
  const [grades, setGrades] = useState<Record<string, { grade: GradeOrNA | null; reason: ReasonCode | null }>>(() =>
    Object.fromEntries(view.rows.map((r) => [r.section, { grade: r.agreedGrade, reason: r.reasonCode }])),
  );
  const auditId = view.audit.id;
  const changes = view.rows
    .filter((r) => grades[r.section]?.grade !== null && grades[r.section]?.grade !== r.agreedGrade)
    .map((r) => ({ section: r.section, agreedGrade: grades[r.section].grade as GradeOrNA, reasonCode: grades[r.section].reason }));
  return (
    <form
      className="agreement-answer"
      onSubmit={(e) => {
        e.preventDefault();
        void act(() => call('moderation:answerReconsider', { auditId, decision, rationale, changes: decision === 'change' ? changes : [], justification: why || undefined }));
      }}
    >
      <h3>Answer the request to reconsider</h3>
      <fieldset className="mod-grades">
        <legend>Your answer</legend>
        <label htmlFor="answer-keep" className={`mod-grade-option${decision === 'keep' ? ' is-checked' : ''}`}>
          <input id="answer-keep" type="radio" name="answer" checked={decision === 'keep'} onChange={() => setDecision('keep')} />
          Keep the agreed grades
        </label>
        <label htmlFor="answer-change" className={`mod-grade-option${decision === 'change' ? ' is-checked' : ''}`}>
          <input id="answer-change" type="radio" name="answer" checked={decision === 'change'} onChange={() => setDecision('change')} />
          Change agreed grades
        </label>
      </fieldset>
      {decision === 'change' ? (
        <table className="data">
          <caption className="visually-hidden">New agreed grades</caption>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col">Agreed grade</th>
              <th scope="col">Reason code (where it differs from the auditor's)</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => {
              const g = grades[r.section];
              const title = r.number !== null ? `${r.number}. ${r.title}` : r.title;
              const differs = g.grade !== null && g.grade !== r.auditorGrade;
              return (
                <tr key={r.section}>
                  <th scope="row">{title}</th>
                  <td>
                    <GradeSelect
                      id={`answer-grade-${r.section}`}
                      label={`Agreed grade for ${title}`}
                      value={g.grade}
                      allowNa={r.section !== OVERALL_KEY}
                      onChange={(grade) => setGrades({ ...grades, [r.section]: { ...g, grade } })}
                    />
                  </td>
                  <td>
                    {differs ? (
                      <ReasonSelect id={`answer-reason-${r.section}`} label={`Reason code for ${title}`} value={g.reason} onChange={(reason) => setGrades({ ...grades, [r.section]: { ...g, reason } })} />
                    ) : (
                      <span className="muted">The auditor's grade: none needed</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <div className="field">
        <label htmlFor="answer-rationale">{decision === 'keep' ? 'Why the agreed grades stand' : 'Why the grades change'}</label>
        <textarea id="answer-rationale" value={rationale} onChange={(e) => setRationale(e.target.value)} aria-describedby="answer-hint" />
        <p id="answer-hint" className="field-hint">The auditor and the audit pack see this. At least 10 characters.</p>
      </div>
      {decision === 'change' ? (
        <RuleJustification id="answer-justification" whose="The agreed overall grade" broken={view.limits.agreed} value={why} stored={view.moderation?.ruleJustification.agreed ?? ''} onChange={setWhy} />
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={rationale.trim().length < 10 || (decision === 'change' && changes.length === 0)}>
        Send the answer
      </button>
    </form>
  );
}
