import { useCall } from '../../api/useCall';
import { ErrorBanner, Loading } from '../../components/ui';
import { plural, ukDate } from '../../format';
import { StartFollowUp } from './StartFollowUp';

/** Dashboard: follow-up re-audits scheduled for me, soonest first, with what is overdue. */
export function FollowUpsCard() {
  const { data, error, loading, reload } = useCall('actions:myFollowUps', {});
  const overdue = data?.items.filter((i) => i.overdue).length ?? 0;
  return (
    <section className="card reminders" aria-labelledby="my-follow-ups-heading">
      <h2 id="my-follow-ups-heading">
        Follow-up re-audits <span className="count">{data?.items.length ?? 0}</span>
      </h2>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? <Loading label="Checking your follow-up re-audits…" /> : null}
      {data && data.items.length === 0 ? <p className="muted">No follow-up re-audit is scheduled for you.</p> : null}
      {data && data.items.length > 0 ? (
        <>
          {overdue > 0 ? <p className="small"><span className="overdue-tag">{plural(overdue, 're-audit')} overdue</span></p> : null}
          <ul className="reminder-list">
            {data.items.map((f) => (
              <li key={f.actionId}>
                <strong>Case {f.caseReference}</strong> <span className="muted">({f.team})</span>
                <div className="small">
                  Due {ukDate(f.dueOn)}
                  {f.overdue ? <> · <span className="overdue-tag">{plural(f.daysOverdue, 'day')} overdue</span></> : null} · from the action “{f.actionTitle}” · scheduled by {f.scheduledBy}
                  {f.auditStatus ? ` · ${f.auditStatus === 'returned' ? 'returned to you' : 'started'}` : ''}
                </div>
                <StartFollowUp actionId={f.actionId} label={f.auditId ? `Continue the re-audit of case ${f.caseReference}` : `Start the re-audit of case ${f.caseReference}`} className="btn btn-small" />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
