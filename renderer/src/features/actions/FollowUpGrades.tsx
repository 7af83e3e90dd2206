import { useCall } from '../../api/useCall';
import { ErrorBanner, GradeBadge } from '../../components/ui';
import { ukDate } from '../../format';

/**
 * The grade before and after each follow-up re-audit of a case, for the case page and reports:
 * `<FollowUpGrades caseId={id} />`. Renders nothing when the case has no follow-up.
 */
export function FollowUpGrades({ caseId }: { caseId: string }) {
  const { data, error } = useCall('actions:followUps', { caseId });
  if (error) return <ErrorBanner error={error} />;
  if (!data || data.length === 0) return null;
  return (
    <section className="card follow-ups" aria-labelledby="follow-ups-heading">
      <h2 id="follow-ups-heading">Follow-up audits: grade before and after</h2>
      <ul className="follow-up-list">
        {data.map((f) => (
          <li key={f.afterAuditId} className="grade-before-after">
            <a href={`#/audits/${encodeURIComponent(f.beforeAuditId)}`}>Audit {ukDate(f.beforeDate, 'not submitted')}</a> <GradeBadge grade={f.gradeBefore} /> <span aria-hidden="true">→</span>
            <span className="visually-hidden">then</span> <a href={`#/audits/${encodeURIComponent(f.afterAuditId)}`}>follow-up {f.afterDate ? ukDate(f.afterDate) : `(${f.afterStatus})`}</a>{' '}
            {f.gradeAfter ? <GradeBadge grade={f.gradeAfter} /> : <span className="muted">not graded yet</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
