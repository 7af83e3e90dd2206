import { useEffect, useState } from 'react';
import { PROGRAMME_STATUSES, PROGRESS_LABELS, STRATA_LABELS, type AllocationSummary, type ProgrammePage as PageData, type ProgrammeStatus, type SampleRecord } from '../../../../shared/api/programmes';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useCan } from '../../app/session';
import { FindingsPanel } from '../serviceFindings/FindingsPanel';
import { EmptyState, ErrorBanner, Loading, PageHeader, StatusPill } from '../../components/ui';
import { ProgrammeCasesTable } from './ProgrammeCasesTable';
import { ProgressStrip } from './ProgressStrip';
import { period, programmeKind } from './format';
import { percentText, ukDate } from '../../format';

const STATUS_LABELS: Record<ProgrammeStatus, string> = { planned: 'Planned', open: 'Open', closed: 'Closed' };

function sampleSummary(s: SampleRecord): string {
  const how = s.perStratum !== undefined ? `${s.perStratum} per stratum` : s.share !== undefined ? `${percentText(s.share * 100)} of each stratum` : `${s.total} in all`;
  const by = s.strataBy.length ? s.strataBy.map((d) => STRATA_LABELS[d as keyof typeof STRATA_LABELS].toLowerCase()).join(' and ') : 'none';
  return `Random sample fixed on ${ukDate(s.fixedAt)} with seed ${s.seed}: ${how}, strata by ${by}.`;
}

function AllocationResult({ result }: { result: AllocationSummary }) {
  return (
    <div className={result.unassigned.length ? 'banner banner-error' : 'banner banner-ok'} role="status">
      <div>
        {result.allocated === 1 ? '1 case allocated.' : `${result.allocated} cases allocated.`}
        {result.unassigned.length ? (
          <ul className="pg-list">
            {result.unassigned.map((u) => <li key={u.caseId}>{u.reference}: {u.reason}</li>)}
          </ul>
        ) : ' Every case has an auditor.'}
      </div>
    </div>
  );
}

/** One programme: its cases and auditors, progress, overdue audits, and (for the QA lead) sampling and allocation. */
export function ProgrammePage({ params }: { params: Record<string, string> }) {
  const loaded = useCall('programmes:get', { id: params.id });
  const [page, setPage] = useState<PageData | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [allocation, setAllocation] = useState<AllocationSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const mayFindings = useCan('serviceActions:add');
  useEffect(() => setPage(loaded.data), [loaded.data]);
  if (loaded.error && !page) return <ErrorBanner error={loaded.error} onRetry={loaded.reload} />;
  if (!page) return <Loading />;
  const p = page.programme;
  const editable = page.canEdit && p.status !== 'closed';

  const allocate = async () => {
    setBusy(true);
    try {
      setAllocation(await call('programmes:allocate', { programmeId: p.id }));
      setPage(await call('programmes:get', { id: p.id }));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const setStatus = async (status: ProgrammeStatus) => {
    try {
      await call('programmes:update', { id: p.id, status });
      setPage(await call('programmes:get', { id: p.id }));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <>
      <PageHeader
        title={p.name}
        subtitle={<><a href="#/programmes">Programmes</a> · {programmeKind(p)} · {p.templateName}, version {p.templateVersion}</>}
        actions={
          editable ? (
            <>
              <a className="btn" href={`#/programmes/${p.id}/sample`}>Sample cases</a>
              <a className="btn" href={`#/programmes/${p.id}/add`}>Add cases by hand</a>
              <button type="button" className="btn btn-primary" onClick={() => void allocate()} disabled={busy || page.cases.length === 0}>
                {busy ? 'Allocating…' : 'Allocate'}
              </button>
            </>
          ) : null
        }
      />
      <ErrorBanner error={error} />
      {allocation ? <AllocationResult result={allocation} /> : null}
      <div className="pg-top">
        <section className="card" aria-labelledby="pg-progress-h">
          <h2 id="pg-progress-h">Progress</h2>
          <ProgressStrip counts={page.progress} />
          <dl className="facts pg-facts">
            <dt>Period</dt>
            <dd>{period(p)}</dd>
            <dt>Due</dt>
            <dd>{ukDate(p.dueDate, 'No due date')}</dd>
            <dt>Status</dt>
            <dd>
              {page.canEdit ? (
                <select aria-label="Programme status" value={p.status} onChange={(e) => void setStatus(e.target.value as ProgrammeStatus)}>
                  {PROGRAMME_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
                </select>
              ) : <StatusPill status={p.status} />}
            </dd>
          </dl>
          {p.sample ? (
            <div className="pg-sample-note">
              <p>{sampleSummary(p.sample)}</p>
              {p.sample.strata.filter((s) => s.message).map((s) => <p key={s.label} className="pg-short">{s.message}</p>)}
            </div>
          ) : null}
        </section>
        <section className="card" aria-labelledby="pg-overdue-h">
          <h2 id="pg-overdue-h">Overdue audits {page.overdue.length ? <span className="pg-count-badge">{page.overdue.length}</span> : null}</h2>
          {page.overdue.length === 0 ? (
            <p className="muted">{p.dueDate ? (p.dueDate < page.today ? 'None: every audit was submitted in time.' : `None yet. Audits are due by ${ukDate(p.dueDate)}.`) : 'Set a due date to track overdue audits.'}</p>
          ) : (
            <ul className="pg-list pg-overdue">
              {page.overdue.map((o) => (
                <li key={o.caseId}>
                  <strong>{o.reference}</strong> — {o.auditorName ?? 'not allocated'} · {PROGRESS_LABELS[o.stage]} · {o.daysOverdue} {o.daysOverdue === 1 ? 'day' : 'days'} overdue
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="pg-cases-h">
        <h2 id="pg-cases-h">Cases ({page.cases.length})</h2>
        {page.cases.length === 0 ? (
          <EmptyState title="No cases yet">{editable ? 'Sample cases at random or add them by hand.' : null}</EmptyState>
        ) : (
          <ProgrammeCasesTable page={page} onChange={setPage} />
        )}
      </section>
      <section className="card" aria-labelledby="pg-auditors-h">
        <h2 id="pg-auditors-h">Auditors</h2>
        <table className="data pg-table">
          <thead>
            <tr>
              <th scope="col">Auditor</th>
              <th scope="col">Manages</th>
              <th scope="col">Cases here</th>
              <th scope="col">Open elsewhere</th>
            </tr>
          </thead>
          <tbody>
            {page.auditors.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.name}<div className="muted pg-small">{a.jobTitle}</div></th>
                <td>{a.managesTeams.join(', ') || '—'}</td>
                <td>{a.here}</td>
                <td>{a.openElsewhere}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {mayFindings ? <FindingsPanel programmeId={p.id} /> : null}
    </>
  );
}
