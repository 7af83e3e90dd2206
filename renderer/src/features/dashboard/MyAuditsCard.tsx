import type { ReactNode } from 'react';
import type { AuditSummary } from '../../../../shared/api/audits';

import { useCall } from '../../api/useCall';
import { EmptyState, ErrorBanner, GradeBadge, Loading, StatusPill } from '../../components/ui';
import { ukDate } from '../../format';

const day = (iso: string | null) => (iso ? ukDate(iso) : '');
const href = (a: AuditSummary) => `#/audits/${encodeURIComponent(a.id)}`;

function AuditList({ title, items, empty, render }: { title: string; items: AuditSummary[]; empty: string; render: (a: AuditSummary) => ReactNode }) {
  const id = `my-audits-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="my-audits-group" aria-labelledby={id}>
      <h3 id={id}>
        {title} <span className="count">{items.length}</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="audit-list">
          {items.map((a) => (
            <li key={a.id}>
              <a href={href(a)} className="audit-link">
                Case {a.caseReference}
              </a>
              <span className="muted"> · {a.team}</span>
              <div className="audit-line">{render(a)}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The current user's audits: in progress, returned with the moderator's reasons, recently submitted. */
export function MyAuditsCard() {
  const { data, error, loading, reload } = useCall('audits:mine', {});
  return (
    <section className="card" aria-labelledby="my-audits-heading">
      <h2 id="my-audits-heading">My audits</h2>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? <Loading label="Loading your audits…" /> : null}
      {data && data.inProgress.length + data.returned.length + data.submitted.length === 0 ? (
        <EmptyState title="No audits yet">Start one from a case, or with its reference below.</EmptyState>
      ) : null}
      {data && data.inProgress.length + data.returned.length + data.submitted.length > 0 ? (
        <div className="my-audits">
          <AuditList
            title="In progress"
            items={data.inProgress}
            empty="Nothing in progress."
            render={(a) => (
              <>
                {a.sectionsDone} of {a.sectionsTotal} sections · last saved {day(a.updatedAt)}
              </>
            )}
          />
          <AuditList
            title="Returned to you"
            items={data.returned}
            empty="Nothing returned."
            render={(a) => (
              <>
                <span className="returned-reason">
                  <strong>Reason:</strong> {a.returnedReason || 'none recorded.'}
                </span>
              </>
            )}
          />
          <AuditList
            title="Submitted"
            items={data.submitted}
            empty="Nothing submitted yet."
            render={(a) => (
              <>
                <StatusPill status={a.status} /> <GradeBadge grade={a.overall} /> <span className="muted">submitted {day(a.submittedAt)}</span>
                {a.status === 'agreed' ? (
                  <>
                    {' · '}
                    <a href={`#/moderation/${encodeURIComponent(a.id)}`}>
                      See the agreed grades<span className="visually-hidden"> for case {a.caseReference}</span>
                    </a>
                  </>
                ) : null}
              </>
            )}
          />
        </div>
      ) : null}
    </section>
  );
}
