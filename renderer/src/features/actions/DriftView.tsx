import { useState } from 'react';
import { useCall } from '../../api/useCall';
import { EmptyState, ErrorBanner, Loading } from '../../components/ui';
import { DRIFT_LABELS } from './format';
import { plural, ukDate } from '../../format';

/** Drifting cases, each with every reason (overdue > 28 days, all still open at the next programme, moved twice). */
export function DriftView() {
  const [team, setTeam] = useState('');
  const facets = useCall('actions:facets', {});
  const { data, error, loading, reload } = useCall('actions:drift', { team: team || undefined });
  return (
    <>
      <div className="drift-intro card">
        <p>
          A case drifts when an action is overdue by more than 28 days, when an audit graded 3 or 4 still has all its actions open as the next programme starts, or
          when an action's due date has been moved twice or more.
        </p>
        <div className="filter">
          <label htmlFor="drift-team">Team</label>
          <select id="drift-team" value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">All teams</option>
            {(facets.data?.teams ?? []).map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </div>
      </div>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? <Loading label="Finding drifting cases…" /> : null}
      {data ? (
        <section aria-labelledby="drift-count">
          <h2 id="drift-count">
            {plural(data.cases.length, 'drifting case')} <span className="muted">on {ukDate(data.today)}</span>
          </h2>
          {data.cases.length === 0 ? <EmptyState title="No case is drifting">Every action is on time or less than 29 days overdue.</EmptyState> : null}
          <ul className="drift-list">
            {data.cases.map((c) => (
              <li key={c.caseId} className="card drift-case">
                <div className="drift-case-head">
                  <h3>
                    <a href={`#/cases/${encodeURIComponent(c.caseId)}`}>Case {c.caseReference}</a>
                  </h3>
                  <span className="muted">
                    {c.team}
                    {c.worker ? ` · ${c.worker}` : ''}
                  </span>
                  <a className="btn btn-small" href={`#/actions?caseId=${encodeURIComponent(c.caseId)}`}>Its actions</a>
                </div>
                <ul className="drift-reasons">
                  {c.reasons.map((r) => (
                    <li key={`${r.code}-${r.actionId ?? r.auditId}`}>
                      <span className="drift-tag">{DRIFT_LABELS[r.code]}</span> {r.message}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
