import { useState } from 'react';
import { PROGRESS_LABELS, type MyProgrammeCase } from '../../../../shared/api/programmes';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorBanner } from '../../components/ui';
import { caseTypeText, ukDate } from '../../format';

function StartButton({ c }: { c: MyProgrammeCase }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (c.auditId) return <a className="btn btn-small" href={`#/audits/${c.auditId}`}>Open audit</a>;
  const start = async () => {
    setBusy(true);
    try {
      const audit = await call('audits:start', { caseId: c.caseId, programmeId: c.programmeId });
      navigate(`/audits/${audit.id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => void start()} aria-label={`Start audit of ${c.reference}`}>
        Start audit
      </button>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
    </>
  );
}

function Cases() {
  const { data, error, reload } = useCall('programmes:mine', {});
  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (!data) return <p className="muted">Loading…</p>;
  if (data.length === 0) return <p className="muted">No programme cases are allocated to you.</p>;
  const byProgramme = new Map<string, MyProgrammeCase[]>();
  for (const c of data) byProgramme.set(c.programmeId, [...(byProgramme.get(c.programmeId) ?? []), c]);
  return (
    <>
      {[...byProgramme.values()].map((cases) => {
        const first = cases[0]!;
        return (
          <div key={first.programmeId} className="pg-mine-group">
            <h3>
              <a href={`#/programmes/${first.programmeId}`}>{first.programmeName}</a>
              <span className="muted pg-small"> · due {ukDate(first.dueDate, 'no due date')} · {cases.length} {cases.length === 1 ? 'case' : 'cases'}</span>
            </h3>
            <table className="data pg-table pg-mine">
              <caption className="visually-hidden">Your cases in {first.programmeName}</caption>
              <thead>
                <tr><th scope="col">Case</th><th scope="col">Team</th><th scope="col">Type</th><th scope="col">Audit</th><th scope="col"><span className="visually-hidden">Action</span></th></tr>
              </thead>
              <tbody>
                {cases.map((c) => (
                  <tr key={c.caseId}>
                    <th scope="row">{c.reference}</th>
                    <td>{c.team}</td>
                    <td>{caseTypeText(c.caseType)}</td>
                    <td>{PROGRESS_LABELS[c.stage]}{c.overdue ? <span className="pg-overdue-text"> · overdue</span> : null}</td>
                    <td><StartButton c={c} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </>
  );
}

/** Dashboard card: the signed-in auditor's cases in planned and open programmes, with Start audit. */
export function MyProgrammeCasesCard() {
  const userId = useSession((s) => s.info?.person?.id);
  return (
    <section className="card" aria-labelledby="pg-mine-h">
      <h2 id="pg-mine-h">My programme cases</h2>
      <Cases key={userId} />
    </section>
  );
}
