import { useState } from 'react';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { navigate } from '../../app/router';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../components/ui';
import { caseTypeText, ukDate } from '../../format';

const CASE_TYPES = ['early-help', 'cin', 'cp', 'cla', 'care-leaver', 'pre-birth'];

/** Picking cases by hand from the register, with its filters. A recently audited case picked here is included on purpose. */
export function AddCasesPage({ params }: { params: Record<string, string> }) {
  const programme = useCall('programmes:get', { id: params.id });
  const [team, setTeam] = useState('');
  const [caseType, setCaseType] = useState('');
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const candidates = useCall('programmes:candidates', { programmeId: params.id, team: team || undefined, caseType: caseType || undefined, search: search || undefined });
  if (!programme.data) return programme.error ? <ErrorBanner error={programme.error} /> : <Loading />;
  const p = programme.data;
  const add = async () => {
    try {
      await call('programmes:addCases', { programmeId: params.id, caseIds: chosen });
      navigate(`/programmes/${params.id}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const today = p.today;
  const recent = (date: string | null) => !!date && date > `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  return (
    <>
      <PageHeader title="Add cases by hand" subtitle={<><a href={`#/programmes/${params.id}`}>{p.programme.name}</a> · from the case register</>} />
      <div className="card pg-filters-card">
        <div className="field">
          <label htmlFor="ac-team">Team</label>
          <select id="ac-team" value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">All teams</option>
            {p.registerTeams.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ac-type">Case type</label>
          <select id="ac-type" value={caseType} onChange={(e) => setCaseType(e.target.value)}>
            <option value="">All case types</option>
            {CASE_TYPES.map((t) => <option key={t} value={t}>{caseTypeText(t)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ac-search">Reference or worker</label>
          <input id="ac-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
      </div>
      <ErrorBanner error={error ?? candidates.error} />
      <div className="pg-buttons">
        <button type="button" className="btn btn-primary" disabled={chosen.length === 0} onClick={() => void add()}>
          Add {chosen.length === 1 ? '1 case' : `${chosen.length} cases`}
        </button>
      </div>
      {candidates.data && candidates.data.length === 0 ? <EmptyState title="No cases match">Change the filters.</EmptyState> : null}
      {candidates.data && candidates.data.length > 0 ? (
        <table className="data pg-table">
          <caption className="visually-hidden">Cases not yet in the programme</caption>
          <thead>
            <tr>
              <th scope="col"><span className="visually-hidden">Choose</span></th>
              <th scope="col">Case</th>
              <th scope="col">Team</th>
              <th scope="col">Type</th>
              <th scope="col">Age</th>
              <th scope="col">Worker</th>
              <th scope="col">Last audited</th>
            </tr>
          </thead>
          <tbody>
            {candidates.data.map((c) => (
              <tr key={c.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Add ${c.reference}`}
                    checked={chosen.includes(c.id)}
                    onChange={() => setChosen(chosen.includes(c.id) ? chosen.filter((x) => x !== c.id) : [...chosen, c.id])}
                  />
                </td>
                <th scope="row">{c.reference}</th>
                <td>{c.team}</td>
                <td>{caseTypeText(c.caseType)}</td>
                <td>{c.ageBand}</td>
                <td>{c.worker}</td>
                <td>
                  {ukDate(c.lastAuditedAt, 'Never')}
                  {recent(c.lastAuditedAt) ? <div className="pg-small pg-on-purpose">In the last 12 months: added on purpose</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
