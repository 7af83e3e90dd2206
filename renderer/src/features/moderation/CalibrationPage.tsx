import { useState } from 'react';
import type { InputOf } from '../../../../shared/api/index';
import type { ModerationFigures } from '../../../../shared/api/moderation';
import { parseUkDate } from '../../../../shared/domain/dates';
import { useCall } from '../../api/useCall';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../components/ui';
import { AgreementChart, DistributionChart, ShiftChart } from './CalibrationCharts';
import { kappa, shift } from './format';
import { AuditorTable, TrainingNeeds } from './TrainingNeeds';
import { percentText, ukDate } from '../../format';

interface FilterText {
  from: string;
  to: string;
  team: string;
  auditorId: string;
  section: string;
  programmeId: string;
}
const EMPTY: FilterText = { from: '', to: '', team: '', auditorId: '', section: '', programmeId: '' };

/** Dates typed as 23/11/2026 or 2026-11-23; a bad one is reported and left out of the filter. */
function toInput(f: FilterText): { input: InputOf<'moderation:figures'>; problems: string[] } {
  const problems: string[] = [];
  const date = (label: string, text: string) => {
    if (text.trim() === '') return undefined;
    const iso = parseUkDate(text);
    if (!iso) problems.push(`${label} "${text}" is not a date: write it as 23/11/2026.`);
    return iso ?? undefined;
  };
  const from = date('From', f.from);
  const to = date('To', f.to);
  if (from && to && from > to) problems.push('The start of the period must be on or before its end.');
  const ok = problems.length === 0;
  return { input: { from: ok ? from : undefined, to: ok ? to : undefined, team: f.team, auditorId: f.auditorId, section: f.section, programmeId: f.programmeId }, problems };
}

export function CalibrationPage() {
  const [text, setText] = useState<FilterText>(EMPTY);
  const { input, problems } = toInput(text);
  const { data, error, loading, reload } = useCall('moderation:figures', input);
  const set = (patch: Partial<FilterText>) => setText((t) => ({ ...t, ...patch }));
  return (
    <>
      <PageHeader title="Calibration" subtitle="How far auditors' grades sit from the agreed grades after moderation." actions={<a className="btn" href="#/moderation">Moderation queue</a>} />
      <section className="card" aria-label="Filters">
        <div className="mod-filters">
          <div className="field">
            <label htmlFor="c-from">From</label>
            <input id="c-from" placeholder="e.g. 01/04/2026" value={text.from} onChange={(e) => set({ from: e.target.value })} aria-invalid={problems.some((p) => p.startsWith('From')) || undefined} />
          </div>
          <div className="field">
            <label htmlFor="c-to">To</label>
            <input id="c-to" placeholder="e.g. 31/03/2027" value={text.to} onChange={(e) => set({ to: e.target.value })} aria-invalid={problems.some((p) => p.startsWith('To')) || undefined} />
          </div>
          <Select id="c-team" label="Team" value={text.team} all="All teams" options={data?.options.teams.map((t) => ({ value: t, label: t }))} onChange={(v) => set({ team: v })} />
          <Select id="c-auditor" label="Auditor" value={text.auditorId} all="All auditors" options={data?.options.auditors.map((a) => ({ value: a.id, label: a.name }))} onChange={(v) => set({ auditorId: v })} />
          <Select id="c-section" label="Section" value={text.section} all="All sections and overall" options={data?.options.sections.map((s) => ({ value: s.key, label: s.title }))} onChange={(v) => set({ section: v })} />
          <Select id="c-programme" label="Programme" value={text.programmeId} all="All programmes" options={data?.options.programmes.map((p) => ({ value: p.id, label: p.name }))} onChange={(v) => set({ programmeId: v })} />
          <button type="button" className="btn-link" onClick={() => setText(EMPTY)}>Clear filters</button>
        </div>
        {problems.map((p) => <p key={p} className="field-error" role="alert">{p}</p>)}
      </section>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? <Loading label="Working out the figures…" /> : null}
      {data ? <Figures f={data} /> : null}
    </>
  );
}

function Select({ id, label, value, all, options, onChange }: { id: string; label: string; value: string; all: string; options?: { value: string; label: string }[]; onChange: (v: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{all}</option>
        {options?.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="mod-stat">
      <div className="stat">{value}</div>
      <div className="stat-label">{label}</div>
      {hint ? <div className="mod-small muted">{hint}</div> : null}
    </div>
  );
}

/** "Esme Demo-Hartley · Overall · from 1 Apr 2026": what the figures on screen answer. */
function describe(f: ModerationFigures): string {
  const parts: string[] = [];
  const o = f.options;
  if (f.filter.auditorId) parts.push(o.auditors.find((a) => a.id === f.filter.auditorId)?.name ?? 'one auditor');
  if (f.filter.team) parts.push(f.filter.team);
  if (f.filter.section) parts.push(o.sections.find((s) => s.key === f.filter.section)?.title ?? f.filter.section);
  if (f.filter.programmeId) parts.push(o.programmes.find((p) => p.id === f.filter.programmeId)?.name ?? 'one programme');
  if (f.filter.from) parts.push(`from ${ukDate(f.filter.from)}`);
  if (f.filter.to) parts.push(`to ${ukDate(f.filter.to)}`);
  return parts.length ? parts.join(' · ') : 'All moderated audits';
}

function Figures({ f }: { f: ModerationFigures }) {
  const scope = <p className="mod-scope" data-testid="figures-scope">Showing: {describe(f)}</p>;
  if (f.audits === 0) {
    return (
      <>
        {scope}
        <EmptyState title="No moderated audits match these filters">Figures appear once audits have been moderated and agreed.</EmptyState>
      </>
    );
  }
  return (
    <>
      <section className="card" aria-labelledby="headline-heading">
        <h2 id="headline-heading">All grade pairs</h2>
        {scope}
        {f.note ? <p className="banner banner-warning mod-unreliable" role="note">{f.note}</p> : null}
        <div className="mod-stats">
          <Stat label="Moderated audits" value={String(f.audits)} hint={`${f.n} grade pairs (N/A left out)`} />
          <Stat label="Exact agreement" value={percentText(f.exactAgreement)} />
          <Stat label="Within one grade" value={percentText(f.withinOne)} />
          <Stat label="Mean shift" value={shift(f.meanShift)} hint="agreed − auditor; positive = too generous" />
          <Stat label="Moderated down (overall)" value={percentText(f.movedDown)} />
          <Stat label="Kappa (quadratic)" value={kappa(f.kappaQuadratic)} hint={`based on ${f.n} pairs`} />
        </div>
      </section>
      <div className="grid-2">
        <ShiftChart f={f} />
        <AgreementChart f={f} />
      </div>
      <DistributionChart f={f} />
      <AuditorTable f={f} />
      <TrainingNeeds f={f} />
    </>
  );
}
