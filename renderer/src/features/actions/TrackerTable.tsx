import { Fragment, useState } from 'react';
import type { ActionRow, TrackerSort } from '../../../../shared/api/actions';
import { StatusPill } from '../../components/ui';
import { ActionDetail } from './ActionDetail';
import { DRIFT_LABELS, dueText, priorityText } from './format';
import { plural, ukDate } from '../../format';

export interface SortState {
  sort: TrackerSort;
  dir: 'asc' | 'desc';
}

function SortHeader({ label, by, state, onSort }: { label: string; by: TrackerSort; state: SortState; onSort: (s: SortState) => void }) {
  const active = state.sort === by;
  const aria = active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={aria}>
      <button type="button" className="sort" onClick={() => onSort({ sort: by, dir: active && state.dir === 'asc' ? 'desc' : 'asc' })}>
        {label}
        <span aria-hidden="true">{active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
}

/** The tracker's table: sortable columns, a checkbox per row for bulk updates, and a detail panel per row. */
export function TrackerTable({ rows, sort, onSort, selected, onSelect, onChanged }: {
  rows: ActionRow[];
  sort: SortState;
  onSort: (s: SortState) => void;
  selected: Set<string>;
  onSelect: (ids: Set<string>) => void;
  onChanged: (message: string) => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const allChecked = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  return (
    <div className="table-wrap">
      <table className="data tracker-table">
        <thead>
          <tr>
            <th scope="col" className="col-check">
              <input type="checkbox" aria-label="Select every action shown" checked={allChecked} onChange={() => onSelect(allChecked ? new Set() : new Set(rows.map((r) => r.id)))} />
            </th>
            <SortHeader label="Case" by="case" state={sort} onSort={onSort} />
            <th scope="col">What must happen</th>
            <SortHeader label="Owner" by="owner" state={sort} onSort={onSort} />
            <SortHeader label="Team" by="team" state={sort} onSort={onSort} />
            <SortHeader label="Due" by="due" state={sort} onSort={onSort} />
            <SortHeader label="Overdue" by="overdue" state={sort} onSort={onSort} />
            <SortHeader label="Priority" by="priority" state={sort} onSort={onSort} />
            <SortHeader label="Status" by="status" state={sort} onSort={onSort} />
            <th scope="col"><span className="visually-hidden">Details</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => {
            const late = dueText(a);
            const expanded = open === a.id;
            return (
              <Fragment key={a.id}>
                <tr className={a.driftReasons.length ? 'row-drifting' : a.overdue ? 'row-overdue' : undefined} data-action-id={a.id}>
                  <td className="col-check">
                    <input type="checkbox" aria-label={`Select '${a.title}' (${a.ownerName})`} checked={selected.has(a.id)} onChange={() => toggle(a.id)} />
                  </td>
                  <td className="nowrap">
                    <a href={`#/cases/${encodeURIComponent(a.caseId)}`}>{a.caseReference}</a>
                  </td>
                  <td className="col-title">
                    <span className="action-title">{a.title}</span>
                    {a.driftReasons.length ? (
                      <ul className="drift-tags" aria-label="Why this is drifting">
                        {[...new Set(a.driftReasons.map((r) => r.code))].map((code) => (
                          <li key={code} className="drift-tag" title={a.driftReasons.filter((r) => r.code === code).map((r) => r.message).join(' ')}>
                            {DRIFT_LABELS[code]}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  <td className="col-owner">
                    {a.ownerName}
                    <div className="muted small">{a.ownerRole}</div>
                  </td>
                  <td>{a.team}</td>
                  <td className="nowrap">
                    {ukDate(a.dueDate)}
                    {a.dueDateMoves > 0 ? <div className="muted small">moved {a.dueDateMoves}×</div> : null}
                  </td>
                  <td className="nowrap">{a.overdue ? <span className="overdue-tag" aria-label={late ?? undefined}>{plural(a.daysOverdue, 'day')}</span> : <span className="muted">—</span>}</td>
                  <td><span className={`priority priority-${a.priority}`}>{priorityText(a.priority)}</span></td>
                  <td><StatusPill status={a.status} /></td>
                  <td>
                    <button type="button" className="btn btn-small" aria-expanded={expanded} aria-controls={`detail-${a.id}`} aria-label={`${expanded ? 'Hide' : 'Update'} '${a.title}' (${a.caseReference})`} onClick={() => setOpen(expanded ? null : a.id)}>
                      {expanded ? 'Hide' : 'Update'}
                    </button>
                  </td>
                </tr>
                {expanded ? (
                  <tr className="detail-row" id={`detail-${a.id}`}>
                    <td colSpan={10}>
                      <ActionDetail action={a} onChanged={onChanged} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
