import { useMemo, useState } from 'react';
import { useCall } from '../../api/useCall';
import { EmptyState, ErrorBanner, Loading } from '../../components/ui';
import { BulkBar } from './BulkBar';
import { TrackerFilters, type Filters } from './TrackerFilters';
import { TrackerTable, type SortState } from './TrackerTable';
import { plural } from '../../format';

const PAGE = 100;

/** The action tracker: filters, a sortable table with overdue and drift reasons, bulk update for one owner. */
export function TrackerView({ initial }: { initial: Filters }) {
  const [filters, setFilters] = useState<Filters>(initial);
  const [sort, setSort] = useState<SortState>({ sort: 'overdue', dir: 'desc' });
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const { data, error, loading, reload } = useCall('actions:list', { ...filters, ...sort, limit: PAGE, offset });
  const selectedRows = useMemo(() => (data?.rows ?? []).filter((r) => selected.has(r.id)), [data, selected]);
  const changed = (m: string) => {
    setMessage(m);
    setSelected(new Set());
    reload();
  };
  const change = (f: Filters) => {
    setFilters(f);
    setOffset(0);
    setSelected(new Set());
  };

  return (
    <>
      <TrackerFilters filters={filters} onChange={change} />
      <p className="visually-hidden" role="status" aria-live="polite">{message ?? ''}</p>
      {message ? <div className="banner banner-ok" role="status">{message}<button type="button" className="btn btn-small" onClick={() => setMessage(null)}>Dismiss</button></div> : null}
      <ErrorBanner error={error} onRetry={reload} />
      <BulkBar selected={selectedRows} onDone={changed} onClear={() => setSelected(new Set())} />
      {loading && !data ? <Loading label="Loading actions…" /> : null}
      {data ? (
        <section aria-labelledby="tracker-count" className={loading ? 'is-loading' : undefined}>
          <h2 id="tracker-count" className="tracker-count">
            {plural(data.total, 'action')}
            {data.total > PAGE ? <span className="muted"> · showing {offset + 1}–{Math.min(offset + PAGE, data.total)}</span> : null}
          </h2>
          {data.total === 0 ? (
            <EmptyState title="No actions match">Clear a filter, or add actions from an audit's Actions step.</EmptyState>
          ) : (
            <TrackerTable rows={data.rows} sort={sort} onSort={setSort} selected={selected} onSelect={setSelected} onChanged={changed} />
          )}
          {data.total > PAGE ? (
            <div className="pager">
              <button type="button" className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>← Previous</button>
              <button type="button" className="btn" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>Next →</button>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
