import { useState } from 'react';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { navigate } from '../../app/router';
import { EmptyState, ErrorBanner, GradeBadge, Loading, PageHeader, StatusPill } from '../../components/ui';
import { FollowUpGrades } from '../actions/FollowUpGrades';
import { ageBandText, caseTypeText, ukDate } from '../../format';

/** One case: its facts and every audit of it, with a way to start the next one. */
export function CasePage({ params }: { params: Record<string, string> }) {
  const { data, error, loading, reload } = useCall('cases:get', { id: params.id });
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);

  const start = async () => {
    setStarting(true);
    setStartError(null);
    try {
      const audit = await call('audits:start', { caseId: params.id });
      navigate(`/audits/${encodeURIComponent(audit.id)}`);
    } catch (e) {
      setStartError((e as Error).message);
      setStarting(false);
    }
  };

  if (loading && !data) return <Loading label="Loading the case…" />;
  if (!data) {
    return (
      <>
        <p className="cases-crumbs"><a href="#/cases">Cases</a></p>
        <ErrorBanner error={error ?? 'This case could not be found.'} onRetry={reload} />
      </>
    );
  }
  const c = data.case;
  const draft = data.audits.find((a) => a.status === 'draft' || a.status === 'returned');
  return (
    <>
      <p className="cases-crumbs"><a href="#/cases">Cases</a></p>
      <PageHeader
        title={`Case ${c.reference}`}
        subtitle={`${caseTypeText(c.caseType)} · ${c.team}`}
        actions={
          <>
            <a className="btn cases-btn" href={`#/cases/${encodeURIComponent(c.id)}/edit`}>Edit case</a>
            <button type="button" className="btn btn-primary" onClick={() => void start()} disabled={starting}>
              {starting ? 'Opening…' : draft ? 'Continue audit' : 'Start audit'}
            </button>
          </>
        }
      />
      <ErrorBanner error={startError} />
      <div className="case-layout">
        <section className="card" aria-labelledby="case-facts-heading">
          <h2 id="case-facts-heading">About this case</h2>
          <dl className="facts">
            <dt>Case reference</dt>
            <dd>{c.reference}</dd>
            <dt>Team</dt>
            <dd>{c.team}</dd>
            <dt>Allocated worker</dt>
            <dd>{c.worker || <span className="muted">Not recorded</span>}</dd>
            <dt>Case type</dt>
            <dd>{caseTypeText(c.caseType)}</dd>
            <dt>Age band</dt>
            <dd>{ageBandText(c.ageBand)}</dd>
            <dt>Opened on</dt>
            <dd>{ukDate(c.openedOn, 'Not recorded')}</dd>
            <dt>Closed on</dt>
            <dd>{c.closedOn ? ukDate(c.closedOn) : <span className="muted">Open</span>}</dd>
            <dt>Added</dt>
            <dd>{ukDate(c.createdAt)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="case-audits-heading">
          <h2 id="case-audits-heading">Audits of this case</h2>
          {data.audits.length === 0 ? (
            <EmptyState title="Not audited yet">Start the first audit with the button above.</EmptyState>
          ) : (
            <table className="data">
              <caption className="visually-hidden">Audits of case {c.reference}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Auditor</th>
                  <th scope="col">Status</th>
                  <th scope="col">Submitted</th>
                  <th scope="col">Overall grade</th>
                  <th scope="col">Template</th>
                  <th scope="col"><span className="visually-hidden">Report</span></th>
                </tr>
              </thead>
              <tbody>
                {data.audits.map((a) => (
                  <tr key={a.id}>
                    <td><a href={`#/audits/${encodeURIComponent(a.id)}`}>{ukDate(a.createdAt)}<span className="visually-hidden">: open this audit</span></a></td>
                    <td>{a.auditorName}</td>
                    <td><StatusPill status={a.status} /></td>
                    <td>{ukDate(a.submittedAt)}</td>
                    <td><GradeBadge grade={a.overall} /></td>
                    <td>{a.templateName}</td>
                    <td>
                      {a.status === 'draft' ? null : (
                        <a href={`#/reports?audit=${encodeURIComponent(a.id)}`}>
                          Report (PDF)<span className="visually-hidden"> of the audit started {ukDate(a.createdAt)}</span>
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <FollowUpGrades caseId={c.id} />
      </div>
    </>
  );
}
