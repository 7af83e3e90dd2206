import { useState } from 'react';
import { STRATA_LABELS, STRATA_OPTIONS, type SampleOptionsInput, type SamplePreview } from '../../../../shared/api/programmes';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { navigate } from '../../app/router';
import { ErrorBanner, Loading, PageHeader } from '../../components/ui';
import { SamplePreviewView } from './SamplePreviewView';
import { caseTypeText } from '../../format';

type Mode = 'perStratum' | 'share' | 'total';
const MODE_LABELS: Record<Mode, string> = { perStratum: 'A count per stratum', share: 'A share of each stratum (%)', total: 'A total, spread over strata' };
const CASE_TYPES = ['early-help', 'cin', 'cp', 'cla', 'care-leaver', 'pre-birth'];
const newSeed = (): number => Math.floor(Math.random() * 1_000_000);
const toggle = (list: string[], v: string): string[] => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

/** Stratified random sample: choose strata and counts, preview with a seed, then fix it. */
export function SamplePage({ params }: { params: Record<string, string> }) {
  const loaded = useCall('programmes:get', { id: params.id });
  const [seed, setSeed] = useState(() => String(newSeed()));
  const [strataBy, setStrataBy] = useState<string[]>(['team', 'caseType']);
  const [mode, setMode] = useState<Mode>('perStratum');
  const [amount, setAmount] = useState('2');
  const [teams, setTeams] = useState<string[]>([]);
  const [caseTypes, setCaseTypes] = useState<string[]>([]);
  const [included, setIncluded] = useState<string[]>([]);
  const [preview, setPreview] = useState<SamplePreview | null>(null);
  const [previewed, setPreviewed] = useState<SampleOptionsInput | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!loaded.data) return loaded.error ? <ErrorBanner error={loaded.error} /> : <Loading />;
  const programme = loaded.data.programme;

  const options = (inc = included): SampleOptionsInput | string => {
    const n = Number(amount);
    if (!/^\d+$/.test(seed.trim())) return 'The seed must be a whole number of 0 or more.';
    if (amount.trim() === '' || !Number.isFinite(n) || n < 0) return 'Say how many cases: a number of 0 or more.';
    if (mode === 'share' && n > 100) return 'A share cannot be more than 100%.';
    if (mode !== 'share' && !Number.isInteger(n)) return 'The count must be a whole number.';
    const how = mode === 'perStratum' ? { perStratum: n } : mode === 'share' ? { share: n / 100 } : { total: n };
    return { programmeId: programme.id, seed: Number(seed), strataBy: strataBy as SampleOptionsInput['strataBy'], teams, caseTypes, includeRecentlyAudited: inc, ...how };
  };
  const run = async (inc = included) => {
    const o = options(inc);
    if (typeof o === 'string') return setError(o);
    setBusy(true);
    try {
      setPreview(await call('programmes:samplePreview', o));
      setPreviewed(o);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  /** Fixes exactly what was previewed, whatever has been typed since. */
  const fix = async () => {
    const o = previewed;
    if (!o) return;
    setBusy(true);
    try {
      await call('programmes:fixSample', { ...o, replace: programme.sample !== null });
      navigate(`/programmes/${programme.id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  const toggleIncluded = (id: string) => {
    const next = toggle(included, id);
    setIncluded(next);
    void run(next);
  };

  return (
    <>
      <PageHeader title="Sample cases" subtitle={<><a href={`#/programmes/${programme.id}`}>{programme.name}</a> · stratified random sample</>} />
      <form className="card pg-sample-form" onSubmit={(e) => { e.preventDefault(); void run(); }} noValidate>
        <div className="pg-sample-grid">
          <div className="field">
            <label htmlFor="sm-seed">Random seed</label>
            <div className="pg-inline">
              <input id="sm-seed" type="number" min={0} value={seed} onChange={(e) => setSeed(e.target.value)} aria-describedby="sm-seed-hint" />
              <button type="button" className="btn btn-small" onClick={() => setSeed(String(newSeed()))}>New seed</button>
            </div>
            <p className="field-hint" id="sm-seed-hint">Recorded with the sample: the same seed on the same register gives the same cases.</p>
          </div>
          <fieldset className="field">
            <legend>Strata</legend>
            {STRATA_OPTIONS.map((d) => (
              <label key={d} className="radio"><input type="checkbox" checked={strataBy.includes(d)} onChange={() => setStrataBy(toggle(strataBy, d))} /> {STRATA_LABELS[d]}</label>
            ))}
          </fieldset>
          <fieldset className="field">
            <legend>How many</legend>
            {(Object.keys(MODE_LABELS) as Mode[]).map((m) => (
              <label key={m} className="radio"><input type="radio" name="sm-mode" checked={mode === m} onChange={() => setMode(m)} /> {MODE_LABELS[m]}</label>
            ))}
            <label htmlFor="sm-amount" className="visually-hidden">{MODE_LABELS[mode]}</label>
            <input id="sm-amount" className="pg-amount" type="number" min={0} value={amount} onChange={(e) => setAmount(e.target.value)} />
          </fieldset>
        </div>
        <details className="pg-narrow">
          <summary>Narrow the register{teams.length + caseTypes.length ? ` (${teams.length + caseTypes.length} filters)` : ''}</summary>
          <fieldset className="field">
            <legend>Teams (none ticked: all)</legend>
            {loaded.data.registerTeams.map((t) => <label key={t} className="radio"><input type="checkbox" checked={teams.includes(t)} onChange={() => setTeams(toggle(teams, t))} /> {t}</label>)}
          </fieldset>
          <fieldset className="field">
            <legend>Case types (none ticked: all)</legend>
            {CASE_TYPES.map((t) => <label key={t} className="radio"><input type="checkbox" checked={caseTypes.includes(t)} onChange={() => setCaseTypes(toggle(caseTypes, t))} /> {caseTypeText(t)}</label>)}
          </fieldset>
        </details>
        <ErrorBanner error={error} />
        <div className="pg-buttons">
          <button type="submit" className="btn" disabled={busy}>Preview sample</button>
          <button type="button" className="btn btn-primary" disabled={busy || !previewed} onClick={() => void fix()}>
            {programme.sample ? 'Replace the fixed sample' : 'Fix sample'}
          </button>
          {programme.sample ? <span className="muted pg-small">A sample with seed {programme.sample.seed} is already fixed; its cases nobody has started will be replaced.</span> : null}
        </div>
      </form>
      {preview ? <SamplePreviewView preview={preview} included={included} onToggleIncluded={toggleIncluded} /> : null}
    </>
  );
}
