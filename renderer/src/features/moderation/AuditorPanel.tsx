import type { AuditorSide } from '../../../../shared/api/moderation';
import { warningText } from './format';

interface Person { spokenTo?: 'yes' | 'no' | null; reason?: string; said?: string; view?: string | null }
const VIEW: Record<string, string> = { helpful: 'Helpful', mixed: 'Mixed', 'not-helpful': 'Not helpful', 'not-given': 'Not given' };

function PersonLine({ who, p }: { who: string; p: Person | undefined }) {
  if (!p) return null;
  return (
    <li>
      <strong>{who}:</strong>{' '}
      {p.spokenTo === 'yes' ? <>spoken to. “{p.said || '—'}” View of the help: {VIEW[p.view ?? ''] ?? 'not recorded'}.</> : p.spokenTo === 'no' ? <>not spoken to ({p.reason || 'no reason given'}).</> : 'not recorded.'}
    </li>
  );
}

/** What the auditor wrote beyond the grades: shown in open mode, and in blind mode only after blind grading. */
export function AuditorPanel({ side }: { side: AuditorSide }) {
  const feedback = (side.feedback ?? {}) as { child?: Person; parent?: Person };
  return (
    <section className="card mod-auditor" aria-labelledby="auditor-heading">
      <h2 id="auditor-heading">The auditor's findings</h2>
      <div className="grid-2">
        <div>
          <h3>Warnings at submission</h3>
          {side.warnings.length === 0 ? <p className="muted">No optimism warnings.</p> : (
            <ul className="mod-warnings">
              {side.warnings.map((w, i) => (
                <li key={i} className={w.blocking ? 'mod-warning is-blocking' : 'mod-warning'}>
                  <strong>{warningText(w.code)}{w.blocking ? ' (blocking)' : ''}:</strong> {w.message}
                </li>
              ))}
            </ul>
          )}
          <h3>Auditor's justification</h3>
          {side.justification ? <blockquote className="mod-justification">{side.justification}</blockquote> : <p className="muted">None given.</p>}
        </div>
        <div>
          <h3>Key findings</h3>
          <p className="mod-prewrap">{side.keyFindings || '—'}</p>
          <h3>Child and family feedback</h3>
          <ul className="mod-plain-list">
            <PersonLine who="Child" p={feedback.child} />
            <PersonLine who="Parent or carer" p={feedback.parent} />
          </ul>
          {side.strengths.length > 0 ? <><h3>Strengths</h3><ul>{side.strengths.map((s, i) => <li key={i}>{s}</li>)}</ul></> : null}
          {side.areas.length > 0 ? <><h3>Areas for improvement</h3><ul>{side.areas.map((s, i) => <li key={i}>{s}</li>)}</ul></> : null}
        </div>
      </div>
    </section>
  );
}
