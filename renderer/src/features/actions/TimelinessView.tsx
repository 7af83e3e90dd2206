import { useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TimelinessReport } from '../../../../shared/api/actions';
import { MONTHS_SHORT } from '../../../../shared/domain/dates';
import type { TimelinessFigures } from '../../../../shared/domain/drift';
import { useCall } from '../../api/useCall';
import { EmptyState, ErrorBanner, Loading } from '../../components/ui';
import { days } from './format';
import { percentText, plural, ukDate } from '../../format';

const ON_TIME = '#2f7d32';
const LATE = '#a4262c';
const LINE = '#1f4e79';

const monthLabel = (m: string) => `${MONTHS_SHORT[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;

function MonthChart({ report }: { report: TimelinessReport }) {
  const data = report.byMonth.map((m) => ({ month: monthLabel(m.month), onTime: m.doneOnTime, late: m.due - m.doneOnTime, pct: m.doneOnTimePct }));
  const summary = `Actions due per month: ${report.byMonth.map((m) => `${monthLabel(m.month)} ${m.due} due, ${percentText(m.doneOnTimePct)} done on time`).join('; ')}.`;
  return (
    <figure className="card timeliness-chart" aria-labelledby="timeliness-chart-title">
      <figcaption>
        <h2 id="timeliness-chart-title">Actions due each month: done on time, or late</h2>
      </figcaption>
      <div role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={280}>
          <ComposedChart data={data} margin={{ left: 0, right: 8, top: 8, bottom: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" tick={{ fontSize: 12 }} />
            <YAxis yAxisId="n" allowDecimals={false} label={{ value: 'Actions due', angle: -90, position: 'insideLeft', style: { fontSize: 12 } }} />
            <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} />
            <Tooltip formatter={(v, name) => (name === 'Done on time %' ? [percentText(Number(v)), name] : [v, name])} />
            <Legend />
            <Bar yAxisId="n" dataKey="onTime" name="Done on time" stackId="due" fill={ON_TIME} isAnimationActive={false} />
            <Bar yAxisId="n" dataKey="late" name="Late or still overdue" stackId="due" fill={LATE} isAnimationActive={false} />
            <Line yAxisId="pct" dataKey="pct" name="Done on time %" stroke={LINE} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p className="muted small">By the month the action was due. Cancelled actions and actions not yet due are left out.</p>
    </figure>
  );
}

function FiguresTable({ title, keyLabel, rows }: { title: string; keyLabel: string; rows: TimelinessFigures[] }) {
  const id = `timeliness-${keyLabel.toLowerCase()}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">No actions were due yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="data figures-table">
            <thead>
              <tr>
                <th scope="col">{keyLabel}</th>
                <th scope="col" className="num">Actions due</th>
                <th scope="col" className="num">Done on time</th>
                <th scope="col" className="num">Done on time %</th>
                <th scope="col" className="num">Median days late</th>
                <th scope="col" className="num">Open and overdue</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.key}</th>
                  <td className="num">{r.due}</td>
                  <td className="num">{r.doneOnTime}</td>
                  <td className="num">{percentText(r.doneOnTimePct)}</td>
                  <td className="num">{days(r.medianDaysLate)}</td>
                  <td className={r.openOverdue > 0 ? 'num overdue-count' : 'num'}>{r.openOverdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Timeliness of actions: a chart over months, and figures per team and per owner. */
export function TimelinessView() {
  const [team, setTeam] = useState('');
  const [programmeId, setProgrammeId] = useState('');
  const facets = useCall('actions:facets', {});
  const { data, error, loading, reload } = useCall('actions:timeliness', { team: team || undefined, programmeId: programmeId || undefined });
  const o = data?.overall;
  return (
    <>
      <form className="tracker-filters card" aria-label="Filter the figures" onSubmit={(e) => e.preventDefault()}>
        <div className="filter">
          <label htmlFor="t-team">Team</label>
          <select id="t-team" value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">All teams</option>
            {(facets.data?.teams ?? []).map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </div>
        {facets.data && facets.data.programmes.length > 0 ? (
          <div className="filter">
            <label htmlFor="t-programme">Programme</label>
            <select id="t-programme" value={programmeId} onChange={(e) => setProgrammeId(e.target.value)}>
              <option value="">All programmes</option>
              {facets.data.programmes.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </div>
        ) : null}
      </form>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? <Loading label="Working out the figures…" /> : null}
      {data && o ? (
        <>
          <div className="grid-4 timeliness-stats">
            <div className="card"><div className="stat">{o.due}</div><div className="stat-label">actions due by {ukDate(data.today)}</div></div>
            <div className="card"><div className="stat">{percentText(o.doneOnTimePct)}</div><div className="stat-label">done on time ({plural(o.doneOnTime, 'action')})</div></div>
            <div className="card"><div className="stat">{days(o.medianDaysLate)}</div><div className="stat-label">median days late</div></div>
            <div className="card"><div className="stat">{o.openOverdue}</div><div className="stat-label">open and overdue now</div></div>
          </div>
          {data.byMonth.length === 0 ? <EmptyState title="No actions were due yet" /> : <MonthChart report={data} />}
          <FiguresTable title="By team" keyLabel="Team" rows={data.byTeam} />
          <FiguresTable title="By owner" keyLabel="Owner" rows={data.byOwner} />
        </>
      ) : null}
    </>
  );
}
