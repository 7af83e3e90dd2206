import { ACTION_PRIORITIES, ACTION_STATUSES, type ActionPriority, type ActionStatus } from '../../../../shared/api/actions';
import { useCall } from '../../api/useCall';
import { priorityText, statusText } from './format';

export interface Filters {
  team?: string;
  owner?: string;
  status?: ActionStatus;
  priority?: ActionPriority;
  caseId?: string;
  caseRef?: string;
  programmeId?: string;
  overdue?: boolean;
  drifting?: boolean;
}

/** Filters from the address (#/actions?owner=…&overdue=1), so the dashboard and other pages can link here. */
export function filtersFromQuery(q: URLSearchParams): Filters {
  const f: Filters = {};
  for (const key of ['team', 'owner', 'caseId', 'caseRef', 'programmeId'] as const) {
    const v = q.get(key);
    if (v) f[key] = v;
  }
  const status = q.get('status');
  if (status && (ACTION_STATUSES as readonly string[]).includes(status)) f.status = status as ActionStatus;
  const priority = q.get('priority');
  if (priority && (ACTION_PRIORITIES as readonly string[]).includes(priority)) f.priority = priority as ActionPriority;
  if (q.get('overdue') === '1') f.overdue = true;
  if (q.get('drifting') === '1') f.drifting = true;
  return f;
}

function Select({ id, label, value, options, onChange }: { id: string; label: string; value: string | undefined; options: { value: string; label: string }[]; onChange: (v: string | undefined) => void }) {
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">All</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

/** The tracker's filter bar: team, owner, status, priority, case, programme, overdue, drifting. */
export function TrackerFilters({ filters, onChange }: { filters: Filters; onChange: (f: Filters) => void }) {
  const facets = useCall('actions:facets', {});
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => onChange({ ...filters, [key]: value });
  const active = Object.values(filters).some((v) => v !== undefined);
  return (
    <form className="tracker-filters card" role="search" aria-label="Filter actions" onSubmit={(e) => e.preventDefault()}>
      <Select id="f-team" label="Team" value={filters.team} options={(facets.data?.teams ?? []).map((t) => ({ value: t, label: t }))} onChange={(v) => set('team', v)} />
      <Select id="f-owner" label="Owner" value={filters.owner} options={(facets.data?.owners ?? []).map((o) => ({ value: o, label: o }))} onChange={(v) => set('owner', v)} />
      <Select id="f-status" label="Status" value={filters.status} options={ACTION_STATUSES.map((s) => ({ value: s, label: statusText(s) }))} onChange={(v) => set('status', v as ActionStatus | undefined)} />
      <Select id="f-priority" label="Priority" value={filters.priority} options={ACTION_PRIORITIES.map((p) => ({ value: p, label: priorityText(p) }))} onChange={(v) => set('priority', v as ActionPriority | undefined)} />
      {facets.data && facets.data.programmes.length > 0 ? (
        <Select id="f-programme" label="Programme" value={filters.programmeId} options={facets.data.programmes.map((p) => ({ value: p.id, label: p.name }))} onChange={(v) => set('programmeId', v)} />
      ) : null}
      <div className="filter">
        <label htmlFor="f-case">Case reference</label>
        <input id="f-case" type="search" value={filters.caseRef ?? ''} onChange={(e) => set('caseRef', e.target.value || undefined)} placeholder="e.g. 10070" />
      </div>
      <div className="filter filter-checks">
        <label className="check">
          <input type="checkbox" checked={filters.overdue === true} onChange={(e) => set('overdue', e.target.checked || undefined)} /> Overdue only
        </label>
        <label className="check">
          <input type="checkbox" checked={filters.drifting === true} onChange={(e) => set('drifting', e.target.checked || undefined)} /> Drifting only
        </label>
      </div>
      {filters.caseId ? (
        <p className="filter-note">
          Showing one case. <button type="button" className="btn-link" onClick={() => set('caseId', undefined)}>Show every case</button>
        </p>
      ) : null}
      {active ? (
        <button type="button" className="btn btn-small filter-clear" onClick={() => onChange({})}>
          Clear filters
        </button>
      ) : null}
    </form>
  );
}
