import { useCallback, useEffect, useState } from 'react';
import { JUSTIFICATION_MIN_CHARS, type AuditDetail, type SubmitCheckResult } from '../../../../shared/api/audits';
import type { OptimismWarning } from '../../../../shared/domain/optimism';

import { ErrorBanner, Loading } from '../../components/ui';
import { stepHref } from './format';
import { stepForTarget } from './steps';
import { StepHeading } from './StepHeading';
import { useEditor } from './store';
import { ukDate } from '../../format';

const TARGET_LABEL: Record<string, string> = { overall: 'Go to the overall grade', feedback: 'Go to child and family feedback', findings: 'Go to key findings', lists: 'Go to strengths and areas', actions: 'Go to actions' };
const targetLabel = (step: string, audit: AuditDetail) => {
  const section = audit.template.sections.find((s) => s.key === step);
  return section ? `Go to section ${section.number}` : (TARGET_LABEL[step] ?? 'Go there');
};

function Warnings({ audit, warnings }: { audit: AuditDetail; warnings: OptimismWarning[] }) {
  if (warnings.length === 0) return <p className="muted">No optimism warnings: the grades are consistent with the evidence recorded.</p>;
  return (
    <ul className="warnings">
      {warnings.map((w, i) => {
        const step = stepForTarget(w.target);
        return (
          <li key={i} className={w.blocking ? 'warning warning-blocking' : 'warning'}>
            {w.blocking ? <span className="pill pill-returned">Needs a justification</span> : <span className="pill">Check</span>} <span>{w.message}</span>{' '}
            <a href={stepHref(audit.id, step)}>{targetLabel(step, audit)}</a>
          </li>
        );
      })}
    </ul>
  );
}

/** Submission: what is missing (each a link to the place), the optimism warnings, a justification when one blocks. */
export function SubmitStep({ audit }: { audit: AuditDetail }) {
  const checkSubmit = useEditor((s) => s.checkSubmit);
  const submit = useEditor((s) => s.submit);
  const [result, setResult] = useState<SubmitCheckResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [justification, setJustification] = useState('');
  const [busy, setBusy] = useState(false);
  const readOnly = !audit.canEdit;

  const run = useCallback(() => {
    setError(null);
    checkSubmit().then(setResult, (e: Error) => setError(e.message));
  }, [checkSubmit]);
  useEffect(() => {
    if (!readOnly) run();
  }, [readOnly, run]);

  if (readOnly) {
    return (
      <>
        <StepHeading>Submitted</StepHeading>
        <p>{audit.submittedAt ? `Submitted on ${ukDate(audit.submittedAt)}.` : 'Not submitted.'}</p>
        <h3>Optimism checks shown at submission</h3>
        <Warnings audit={audit} warnings={audit.submittedWarnings} />
        {audit.justification ? (
          <>
            <h3>Justification</h3>
            <blockquote className="justification">{audit.justification}</blockquote>
          </>
        ) : null}
      </>
    );
  }

  const onSubmit = async () => {
    setBusy(true);
    setError(null);
    try {
      await submit(justification);
    } catch (e) {
      setError((e as Error).message);
      run();
    } finally {
      setBusy(false);
    }
  };
  const chars = justification.trim().length;
  const blocked = !result || result.missing.length > 0 || (result.needsJustification && chars < JUSTIFICATION_MIN_CHARS);
  return (
    <>
      <StepHeading hint="Plumbline checks the audit is complete and looks for grades that may be more generous than the evidence.">Submit</StepHeading>
      <ErrorBanner error={error} onRetry={run} />
      {!result ? (
        <Loading label="Checking the audit…" />
      ) : (
        <>
          <section aria-labelledby="missing-heading" className="submit-block">
            <h3 id="missing-heading">{result.missing.length === 0 ? 'Complete' : `Still to do (${result.missing.length})`}</h3>
            {result.missing.length === 0 ? (
              <p>Every section is graded, the feedback, key findings and overall grade are recorded.</p>
            ) : (
              <ul className="missing">
                {result.missing.map((m, i) => (
                  <li key={i}>
                    <a href={stepHref(audit.id, stepForTarget(m.target))}>{m.message}</a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="warnings-heading" className="submit-block">
            <h3 id="warnings-heading">Optimism checks</h3>
            <Warnings audit={audit} warnings={result.warnings} />
          </section>
          {result.needsJustification ? (
            <div className="field">
              <label htmlFor="justification">Justification for the moderator (at least {JUSTIFICATION_MIN_CHARS} characters)</label>
              <p className="field-hint" id="justification-hint">
                Explain why the grade is right despite the warning marked “Needs a justification”. It is kept with the audit and shown to the moderator.
              </p>
              <textarea id="justification" rows={4} value={justification} aria-describedby="justification-hint" onChange={(e) => setJustification(e.target.value)} />
              <p className="word-count">{chars} characters</p>
            </div>
          ) : null}
          <div className="submit-row">
            <button type="button" className="btn btn-primary" disabled={blocked || busy} onClick={() => void onSubmit()}>
              {busy ? 'Submitting…' : 'Submit audit'}
            </button>
            <button type="button" className="btn" onClick={run} disabled={busy}>
              Check again
            </button>
            {result.missing.length > 0 ? <span className="muted">Complete the items above to submit.</span> : null}
            {result.missing.length === 0 && result.needsJustification && chars < JUSTIFICATION_MIN_CHARS ? <span className="muted">Write the justification to submit.</span> : null}
          </div>
        </>
      )}
    </>
  );
}
