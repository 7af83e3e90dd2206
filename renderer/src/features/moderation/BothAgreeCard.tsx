import { useCall } from '../../api/useCall';
import { ErrorBanner, Loading } from '../../components/ui';
import { plural, ukDate } from '../../format';

const link = (auditId: string) => `#/moderation/${encodeURIComponent(auditId)}`;

/** Dashboard: agreed grades waiting for my acknowledgement, and requests to reconsider waiting for my answer. */
export function BothAgreeCard() {
  const { data, error, loading, reload } = useCall('moderation:bothAgree', {});
  return (
    <section className="card reminders" aria-labelledby="both-agree-heading">
      <h2 id="both-agree-heading">Moderation outcomes to agree</h2>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? <Loading label="Checking moderation outcomes…" /> : null}
      {data ? (
        <div className="reminders-grid">
          <section aria-labelledby="to-acknowledge-heading">
            <h3 id="to-acknowledge-heading">
              Agreed grades to acknowledge <span className="count">{data.toAcknowledge.length}</span>
            </h3>
            {data.toAcknowledge.length === 0 ? (
              <p className="muted">No agreed grades are waiting for you.</p>
            ) : (
              <ul className="reminder-list">
                {data.toAcknowledge.map((x) => (
                  <li key={x.auditId}>
                    <a href={link(x.auditId)}>Case {x.caseReference}</a> <span className="muted">({x.team})</span>
                    <div className="muted small">
                      Agreed by {x.moderatorName} on {ukDate(x.moderatorAgreedAt)} · {x.changed === 0 ? 'no grade changed' : `${plural(x.changed, 'grade')} changed`}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="to-answer-heading">
            <h3 id="to-answer-heading">
              Requests to reconsider <span className="count">{data.toAnswer.length}</span>
            </h3>
            {data.toAnswer.length === 0 ? (
              <p className="muted">No auditor has asked you to reconsider.</p>
            ) : (
              <ul className="reminder-list">
                {data.toAnswer.map((x) => (
                  <li key={x.auditId}>
                    <a href={link(x.auditId)}>Case {x.caseReference}</a> <span className="muted">({x.team})</span>
                    <div className="muted small">
                      {x.auditorName} asked on {ukDate(x.requestedAt)}: “{x.reason}”
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      ) : null}
    </section>
  );
}
