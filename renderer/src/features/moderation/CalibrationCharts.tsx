import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ModerationFigures } from '../../../../shared/api/moderation';
import { CALIBRATION_MIN_SHIFT } from '../../../../shared/domain/optimism';
import { shift } from './format';
import { percentText } from '../../format';

const BRAND = '#1f4e79';
const DANGER = '#a4262c';
const SOFT = '#7fa7cf';
const AFTER = '#8a5300';

function ChartCard({ id, title, summary, note, children }: { id: string; title: string; summary: string; note?: string | null; children: ReactNode }) {
  return (
    <figure className="card mod-chart" aria-labelledby={id}>
      <figcaption>
        <h2 id={id}>{title}</h2>
      </figcaption>
      <div role="img" aria-label={summary} className="mod-chart-area">
        {children}
      </div>
      {note ? <p className="mod-small muted">{note}</p> : null}
    </figure>
  );
}

const star = (reliable: boolean) => (reliable ? '' : ' *');

export function ShiftChart({ f }: { f: ModerationFigures }) {
  const data = f.byAuditor.map((a) => ({ name: `${a.name}${star(a.reliable)}`, shift: a.meanShift ?? 0, n: a.n }));
  const summary = `Mean shift per auditor: ${f.byAuditor.map((a) => `${a.name} ${shift(a.meanShift)} over ${a.n} pairs`).join('; ')}.`;
  const unreliable = f.byAuditor.some((a) => !a.reliable);
  // Half-grade steps from at least −0.5 to +1, widened to fit the data.
  const lo = Math.min(-0.5, ...data.map((d) => Math.floor(d.shift * 2) / 2));
  const hi = Math.max(1, ...data.map((d) => Math.ceil(d.shift * 2) / 2));
  const ticks = Array.from({ length: Math.round((hi - lo) * 2) + 1 }, (_, i) => lo + i / 2);
  return (
    <ChartCard id="chart-shift" title="Mean shift per auditor" summary={summary} note={`Agreed − auditor grade; positive means the auditor was too generous. The dashed line is the tolerance (${CALIBRATION_MIN_SHIFT}).${unreliable ? ' * Fewer than 10 pairs: unreliable.' : ''}`}>
      <ResponsiveContainer width="100%" height={Math.max(180, 34 * data.length + 50)}>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[lo, hi]} ticks={ticks} tickFormatter={(v: number) => (v > 0 ? `+${v.toFixed(1)}` : v < 0 ? `−${Math.abs(v).toFixed(1)}` : '0')} />
          <YAxis type="category" dataKey="name" width={170} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => [shift(Number(v)), 'Mean shift']} />
          <ReferenceLine x={0} stroke="#5f6b7f" />
          <ReferenceLine x={CALIBRATION_MIN_SHIFT} stroke={DANGER} strokeDasharray="5 4" />
          <Bar dataKey="shift" name="Mean shift" isAnimationActive={false}>
            {data.map((d) => <Cell key={d.name} fill={d.shift >= CALIBRATION_MIN_SHIFT ? DANGER : BRAND} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function AgreementChart({ f }: { f: ModerationFigures }) {
  const data = f.bySection.map((s) => ({
    name: s.section === 'overall' ? 'Overall' : s.section.replace(/^s/, ''),
    title: s.title,
    exact: s.exactAgreement ?? 0,
    within: s.withinOne ?? 0,
    reliable: s.reliable,
  }));
  const summary = `Agreement per section: ${f.bySection.map((s) => `${s.title} exact ${percentText(s.exactAgreement)}, within one ${percentText(s.withinOne)}`).join('; ')}.`;
  const unreliable = f.bySection.filter((s) => !s.reliable).map((s) => (s.section === 'overall' ? 'overall' : s.section.replace(/^s/, 'section ')));
  return (
    <ChartCard id="chart-agreement" title="Agreement per section" summary={summary} note={unreliable.length ? `Fewer than 10 pairs (unreliable): ${unreliable.join(', ')}.` : null}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ left: 0, right: 8, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} />
          <Tooltip labelFormatter={(_, p) => (p?.[0]?.payload as { title?: string } | undefined)?.title ?? ''} formatter={(v, n) => [percentText(Number(v)), n]} />
          <Legend itemSorter={null} />
          <Bar dataKey="exact" name="Exact agreement" fill={BRAND} isAnimationActive={false} />
          <Bar dataKey="within" name="Within one grade" fill={SOFT} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function DistributionChart({ f }: { f: ModerationFigures }) {
  const data = f.distribution.map((d) => ({ name: `${d.grade} ${d.label}`, before: d.before, after: d.after }));
  const summary = `Grades before and after moderation: ${f.distribution.map((d) => `${d.grade} ${d.label}: ${d.before} before, ${d.after} after`).join('; ')}.`;
  return (
    <ChartCard id="chart-distribution" title="Grade distribution before and after moderation" summary={summary} note="Before: the auditor's grade. After: the agreed grade. Overall grades unless a section is chosen.">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ left: 0, right: 8, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend itemSorter={null} />
          <Bar dataKey="before" name="Before (auditor)" fill={SOFT} isAnimationActive={false} />
          <Bar dataKey="after" name="After (agreed)" fill={AFTER} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
