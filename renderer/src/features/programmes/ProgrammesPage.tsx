import { PROGRAMME_STATUSES, type ProgrammeStatus } from '../../../../shared/api/programmes';
import { useCall } from '../../api/useCall';
import { useCan } from '../../app/session';
import { EmptyState, ErrorBanner, Loading, PageHeader, StatusPill } from '../../components/ui';
import { useState } from 'react';
import { ProgressStrip } from './ProgressStrip';
import { period, programmeKind, progressText } from './format';
import { ukDate } from '../../format';

const FILTER_LABELS: Record<ProgrammeStatus | 'all', string> = { all: 'All', planned: 'Planned', open: 'Open', closed: 'Closed' };

export function ProgrammesPage() {
  const mayEdit = useCan('programmes:create');
  const [status, setStatus] = useState<ProgrammeStatus | 'all'>('all');
  const { data, error, loading, reload } = useCall('programmes:list', status === 'all' ? {} : { status });
  return (
    <>
      <PageHeader
        title="Programmes"
        subtitle="Rounds of audits: monthly, thematic and multi-agency."
        actions={mayEdit ? <a className="btn btn-primary" href="#/programmes/new">New programme</a> : null}
      />
      <div className="pg-filters" role="group" aria-label="Show programmes">
        {(['all', ...PROGRAMME_STATUSES] as const).map((s) => (
          <button key={s} type="button" className={status === s ? 'btn btn-small pg-filter-on' : 'btn btn-small'} aria-pressed={status === s} onClick={() => setStatus(s)}>
            {FILTER_LABELS[s]}
          </button>
        ))}
      </div>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? <Loading /> : null}
      {data && data.length === 0 ? (
        <EmptyState title="No programmes yet">{mayEdit ? <a href="#/programmes/new">Create the first programme</a> : 'Your QA lead plans programmes here.'}</EmptyState>
      ) : null}
      {data && data.length > 0 ? (
        <table className="data pg-table">
          <caption className="visually-hidden">Programmes</caption>
          <thead>
            <tr>
              <th scope="col">Programme</th>
              <th scope="col">Period</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
            </tr>
          </thead>
          <tbody>
            {data.map((p) => (
              <tr key={p.id}>
                <td>
                  <a href={`#/programmes/${p.id}`}>{p.name}</a>
                  <div className="muted pg-small">{programmeKind(p)} · {p.templateName}, version {p.templateVersion}</div>
                </td>
                <td className="pg-nowrap">{period(p)}</td>
                <td className="pg-nowrap">
                  {ukDate(p.dueDate)}
                  {p.overdue > 0 ? <div className="pg-overdue-text">{p.overdue} overdue</div> : null}
                </td>
                <td><StatusPill status={p.status} /></td>
                <td className="pg-progress-cell">
                  <ProgressStrip counts={p.progress} compact />
                  <div className="muted pg-small">
                    {p.progress.total} cases: {progressText(p.progress)}
                    {p.unallocated > 0 ? ` · ${p.unallocated} without an auditor` : ''}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
