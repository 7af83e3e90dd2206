import { useEffect, useMemo, useState } from 'react';
import { AGE_BANDS, CASE_TYPES, type AgeBand, type CaseType, type SortKey } from '../../../../shared/api/cases';
import { useCall } from '../../api/useCall';
import { queryParams } from '../../app/router';
import { useCan } from '../../app/session';
import { EmptyState, ErrorBanner, GradeBadge, Loading, PageHeader } from '../../components/ui';
import { ageBandText, caseTypeShort, caseTypeText, plural, ukDate } from '../../format';

const PAGE_SIZE = 50;

interface Query {
  search: string;
  team: string;
  caseType: '' | CaseType;
  ageBand: '' | AgeBand;
  audited: '' | 'yes' | 'no';
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
}

const SORTS: SortKey[] = ['reference', 'team', 'worker', 'caseType', 'ageBand', 'lastAudited'];

function readQuery(path: string): Query {
  const q = queryParams(path);
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | '' => (allowed as readonly string[]).includes(q.get(name) ?? '') ? (q.get(name) as T) : '';
  return {
    search: q.get('search') ?? '',
    team: q.get('team') ?? '',
    caseType: pick('caseType', CASE_TYPES),
    ageBand: pick('ageBand', AGE_BANDS),
    audited: pick('audited', ['yes', 'no'] as const),
    sort: pick('sort', SORTS) || 'reference',
    dir: q.get('dir') === 'desc' ? 'desc' : 'asc',
    page: Math.max(0, Number(q.get('page') ?? 0) || 0),
  };
}

/** Keeps the register's state in the address, so Back from a case returns to the same view. */
function writeQuery(q: Query): void {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== '' && !(k === 'sort' && v === 'reference') && !(k === 'dir' && v === 'asc') && !(k === 'page' && v === 0)) params.set(k, String(v));
  const text = params.toString();
  window.history.replaceState(null, '', `#/cases${text ? `?${text}` : ''}`);
}

const COLUMNS: { key: SortKey | null; label: string; className?: string }[] = [
  { key: 'reference', label: 'Case reference' },
  { key: 'team', label: 'Team' },
  { key: 'worker', label: 'Allocated worker' },
  { key: 'caseType', label: 'Case type' },
  { key: 'ageBand', label: 'Age band' },
  { key: null, label: 'Opened' },
  { key: 'lastAudited', label: 'Last audited' },
];

export function CasesPage({ path }: { path: string }) {
  const [query, setQuery] = useState<Query>(() => readQuery(path));
  // Cases are the QA lead's to add and import; everyone else sees the cases in their scope.
  const canAdd = useCan('cases:create');
  const canImport = useCan('cases:import');
  const [searchText, setSearchText] = useState(query.search);
  const update = (patch: Partial<Query>) => setQuery((q) => ({ ...q, page: 0, ...patch }));

  useEffect(() => {
    const timer = setTimeout(() => setQuery((q) => (q.search === searchText.trim() ? q : { ...q, search: searchText.trim(), page: 0 })), 250);
    return () => clearTimeout(timer);
  }, [searchText]);
  useEffect(() => writeQuery(query), [query]);

  const input = useMemo(
    () => ({
      search: query.search,
      team: query.team || undefined,
      caseType: query.caseType || undefined,
      ageBand: query.ageBand || undefined,
      audited: query.audited || undefined,
      sort: query.sort,
      dir: query.dir,
      offset: query.page * PAGE_SIZE,
      limit: PAGE_SIZE,
    }),
    [query],
  );
  const { data, error, loading, reload } = useCall('cases:list', input);
  const filtered = !!(query.search || query.team || query.caseType || query.ageBand || query.audited);
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total === 0 ? 0 : query.page * PAGE_SIZE + 1;
  const last = Math.min(total, (query.page + 1) * PAGE_SIZE);

  useEffect(() => {
    if (data && data.total > 0 && query.page >= pages) setQuery((q) => ({ ...q, page: pages - 1 }));
  }, [data, pages, query.page]);

  const sortBy = (key: SortKey) => update({ sort: key, dir: query.sort === key && query.dir === 'asc' ? 'desc' : 'asc' });
  const clear = () => {
    setSearchText('');
    setQuery((q) => ({ ...q, search: '', team: '', caseType: '', ageBand: '', audited: '', page: 0 }));
  };

  return (
    <>
      <PageHeader
        title="Cases"
        subtitle={canAdd ? "The case register: every child's file that can be audited." : 'Your cases: allocated to you, audited by you, or in the teams you manage.'}
        actions={
          canAdd ? (
            <>
              {canImport ? <a className="btn cases-btn" href="#/cases/import">Import CSV</a> : null}
              <a className="btn btn-primary cases-btn" href="#/cases/new">Add case</a>
            </>
          ) : null
        }
      />
      <form className="cases-filters" role="search" aria-label="Find cases" onSubmit={(e) => e.preventDefault()}>
        <div className="field cases-search">
          <label htmlFor="cases-search">Search</label>
          <input id="cases-search" type="search" value={searchText} onChange={(e) => setSearchText(e.target.value)} aria-describedby="cases-search-hint" autoComplete="off" />
          <p className="field-hint" id="cases-search-hint">Start of a case reference, or part of a worker's name</p>
        </div>
        <div className="field">
          <label htmlFor="cases-team">Team</label>
          <select id="cases-team" value={query.team} onChange={(e) => update({ team: e.target.value })}>
            <option value="">All teams</option>
            {(data?.teams ?? (query.team ? [query.team] : [])).map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cases-type">Case type</label>
          <select id="cases-type" value={query.caseType} onChange={(e) => update({ caseType: e.target.value as Query['caseType'] })}>
            <option value="">All case types</option>
            {CASE_TYPES.map((t) => <option key={t} value={t}>{caseTypeText(t)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cases-age">Age band</label>
          <select id="cases-age" value={query.ageBand} onChange={(e) => update({ ageBand: e.target.value as Query['ageBand'] })}>
            <option value="">All ages</option>
            {AGE_BANDS.map((a) => <option key={a} value={a}>{ageBandText(a)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cases-audited">Audited</label>
          <select id="cases-audited" value={query.audited} onChange={(e) => update({ audited: e.target.value as Query['audited'] })}>
            <option value="">Audited or not</option>
            <option value="yes">Audited</option>
            <option value="no">Not yet audited</option>
          </select>
        </div>
        {filtered ? <button type="button" className="btn btn-link cases-clear" onClick={clear}>Clear filters</button> : null}
      </form>

      <ErrorBanner error={error} onRetry={reload} />
      <p className="cases-count" role="status" aria-live="polite">
        {data ? (total === 0 ? 'No cases' : `Showing ${first.toLocaleString('en-GB')}–${last.toLocaleString('en-GB')} of ${plural(total, 'case')}`) : ''}
        {loading && data ? <span className="muted"> · updating…</span> : null}
      </p>
      {loading && !data ? <Loading label="Loading cases…" /> : null}
      {data && total === 0 ? (
        filtered ? (
          <EmptyState title="No cases match">
            <button type="button" className="btn btn-link" onClick={clear}>Clear the search and filters</button>
          </EmptyState>
        ) : (
          canAdd ? (
            <EmptyState title="No cases yet">
              Add a case by hand with <a href="#/cases/new">Add case</a>, or bring in the register from your case management system with <a href="#/cases/import">Import CSV</a>.
            </EmptyState>
          ) : (
            <EmptyState title="No cases for you yet">
              You see the cases allocated to you, the cases you have audited and the cases of the teams you manage. Your QA lead allocates cases in a programme.
            </EmptyState>
          )
        )
      ) : null}
      {data && total > 0 ? (
        <div className="cases-table-wrap">
          <table className="data cases-table">
            <caption className="visually-hidden">Cases, sorted by {COLUMNS.find((c) => c.key === query.sort)?.label.toLowerCase()} ({query.dir === 'asc' ? 'ascending' : 'descending'})</caption>
            <thead>
              <tr>
                {COLUMNS.map((col) => (
                  <th key={col.label} scope="col" aria-sort={col.key && query.sort === col.key ? (query.dir === 'asc' ? 'ascending' : 'descending') : col.key ? 'none' : undefined}>
                    {col.key ? (
                      <button type="button" className="sort" onClick={() => sortBy(col.key!)}>
                        {col.label}
                        <span className="cases-sort-mark" aria-hidden="true">{query.sort === col.key ? (query.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
                      </button>
                    ) : (
                      col.label
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.id}>
                  <td><a href={`#/cases/${encodeURIComponent(r.id)}`} className="case-ref">{r.reference}</a></td>
                  <td className="cases-team">{r.team}</td>
                  <td>{r.worker || <span className="muted">Not recorded</span>}</td>
                  <td className="cases-nowrap">
                    {caseTypeShort(r.caseType) === caseTypeText(r.caseType) ? caseTypeText(r.caseType) : <abbr title={caseTypeText(r.caseType)}>{caseTypeShort(r.caseType)}</abbr>}
                  </td>
                  <td>{ageBandText(r.ageBand)}</td>
                  <td className="cases-nowrap">{ukDate(r.openedOn)}</td>
                  <td className="cases-nowrap">
                    {r.lastAuditedAt ? (
                      <>
                        {ukDate(r.lastAuditedAt)}
                        <span className="cases-grade"><GradeBadge grade={r.latestOverall} /></span>
                      </>
                    ) : r.auditCount > 0 ? (
                      <span className="muted">In progress</span>
                    ) : (
                      <span className="muted">Never</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && pages > 1 ? (
        <nav className="cases-pager" aria-label="Pages of cases">
          <button type="button" className="btn btn-small" disabled={query.page === 0} onClick={() => setQuery((q) => ({ ...q, page: 0 }))}>First</button>
          <button type="button" className="btn btn-small" disabled={query.page === 0} onClick={() => setQuery((q) => ({ ...q, page: q.page - 1 }))}>Previous</button>
          <span>Page {(query.page + 1).toLocaleString('en-GB')} of {pages.toLocaleString('en-GB')}</span>
          <button type="button" className="btn btn-small" disabled={query.page >= pages - 1} onClick={() => setQuery((q) => ({ ...q, page: q.page + 1 }))}>Next</button>
          <button type="button" className="btn btn-small" disabled={query.page >= pages - 1} onClick={() => setQuery((q) => ({ ...q, page: pages - 1 }))}>Last</button>
        </nav>
      ) : null}
    </>
  );
}
