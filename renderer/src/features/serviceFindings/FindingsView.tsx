import { useState } from 'react';
import { SERVICE_LEVEL_LABELS, SERVICE_LEVELS, SERVICE_STATUS_LABELS, SERVICE_STATUSES, type ServiceLevel, type ServiceStatus } from '../../../../shared/api/serviceActions';
import { useCall } from '../../api/useCall';
import { ErrorBanner, Loading } from '../../components/ui';
import { plural } from '../../format';
import { FindingsList } from './FindingsList';
import './findings.css';

/** The Actions page's tab of service-level findings: every one, filtered, tracked like actions. */
export function FindingsView() {
  const [status, setStatus] = useState<ServiceStatus | ''>('open');
  const [level, setLevel] = useState<ServiceLevel | ''>('');
  const [team, setTeam] = useState('');
  const [overdue, setOverdue] = useState(false);
  const { data, error, loading, reload } = useCall('serviceActions:list', { status: status || undefined, level: level || undefined, team: team || undefined, overdue: overdue || undefined });
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section aria-labelledby="findings-heading">
      <h2 id="findings-heading">Service-level findings</h2>
      <p className="muted">What the service must improve, not one child. Raise them from an audit's moderation page or a programme's page.</p>
      <div className="filters findings-filters" role="group" aria-label="Filter service-level findings">
        <div className="field">
          <label htmlFor="findings-status">Status</label>
          <select id="findings-status" value={status} onChange={(e) => setStatus(e.target.value as ServiceStatus | '')}>
            <option value="">Any status</option>
            {SERVICE_STATUSES.map((s) => <option key={s} value={s}>{SERVICE_STATUS_LABELS[s]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="findings-level">Owned by</label>
          <select id="findings-level" value={level} onChange={(e) => setLevel(e.target.value as ServiceLevel | '')}>
            <option value="">A team or the whole service</option>
            {SERVICE_LEVELS.map((l) => <option key={l} value={l}>{SERVICE_LEVEL_LABELS[l]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="findings-team">Team</label>
          <select id="findings-team" value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">All teams</option>
            {(data?.teams ?? []).map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </div>
        <label className="checkbox" htmlFor="findings-overdue">
          <input id="findings-overdue" type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} /> Overdue only
        </label>
      </div>
      <ErrorBanner error={error} onRetry={reload} />
      {message ? <div className="banner banner-ok" role="status">{message}</div> : null}
      {loading && !data ? <Loading label="Loading service-level findings…" /> : null}
      {data ? (
        <>
          <p className="findings-count" aria-live="polite">{plural(data.rows.length, 'finding')}</p>
          <FindingsList rows={data.rows} empty="No service-level finding matches these filters." onChanged={(m) => { setMessage(m); reload(); }} />
        </>
      ) : null}
    </section>
  );
}
