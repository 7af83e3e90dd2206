import { useState } from 'react';
import type { DrawSummary, QueueResult } from '../../../../shared/api/moderation';
import { call } from '../../api/client';
import { ErrorBanner } from '../../components/ui';
import { shift } from './format';
import { plural, ukDate } from '../../format';

/** The QA lead's sample share, the seeded draw and who is outside tolerance. */
export function SamplePanel({ queue, onChanged }: { queue: QueueResult; onChanged: () => void }) {
  const [share, setShare] = useState(String(queue.sharePercent));
  const [seed, setSeed] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [drawn, setDrawn] = useState<DrawSummary | null>(null);

  const saveShare = async () => {
    setError(null);
    setSaved(null);
    const n = Number(share);
    if (!Number.isInteger(n) || n < 1 || n > 100) return setError('Enter the share as a whole number from 1 to 100.');
    try {
      const s = await call('moderation:setSettings', { sharePercent: n });
      setSaved(`Saved: ${s.sharePercent}% of submitted audits will be picked.`);
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const draw = async () => {
    setError(null);
    const trimmed = seed.trim();
    if (trimmed !== '' && !/^\d{1,10}$/.test(trimmed)) return setError('The seed is a whole number (0 to 4294967295); leave it blank for a random one.');
    setBusy(true);
    try {
      setDrawn(await call('moderation:draw', trimmed === '' ? {} : { seed: Number(trimmed) }));
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const last = drawn ?? queue.lastDraw;
  return (
    <section className="card" aria-labelledby="sample-heading">
      <h2 id="sample-heading">Moderation sample</h2>
      <div className="mod-sample">
        <div>
          {queue.canSetShare ? (
            <form className="mod-inline-form" onSubmit={(e) => { e.preventDefault(); void saveShare(); }}>
              <div className="field">
                <label htmlFor="share">Share of submitted audits to moderate (%)</label>
                <input id="share" type="number" min={1} max={100} step={1} value={share} onChange={(e) => setShare(e.target.value)} />
              </div>
              <button type="submit" className="btn">Save share</button>
            </form>
          ) : (
            <p>
              <strong>{queue.sharePercent}%</strong> of submitted audits are picked at random for moderation. <span className="muted">The QA lead sets this share.</span>
            </p>
          )}
          {queue.canModerate ? (
            <form className="mod-inline-form" onSubmit={(e) => { e.preventDefault(); void draw(); }}>
              <div className="field">
                <label htmlFor="seed">Seed (optional)</label>
                <input id="seed" className="mod-seed-input" inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} aria-describedby="seed-hint" />
              </div>
              <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Drawing…' : 'Draw sample'}</button>
              <p id="seed-hint" className="field-hint mod-seed-hint">Blank for a random seed. The seed is recorded, so the draw can be reproduced.</p>
            </form>
          ) : null}
          {saved ? <p className="banner banner-ok" role="status">{saved}</p> : null}
          <ErrorBanner error={error} />
        </div>
        <div>
          {last ? (
            <div className="mod-last-draw" role="status" aria-live="polite">
              <h3>{drawn ? 'Sample drawn' : 'Last draw'}</h3>
              <p>
                {ukDate(last.drawnAt)} by {last.drawnBy}: seed <strong className="mod-seed">{last.seed}</strong>, {last.sharePercent}% of {plural(last.poolCount, 'audit')} not drawn before.
              </p>
              <p>
                {last.picked.length} picked: {last.picked.filter((p) => p.reason === 'random').length} at random,{' '}
                {last.picked.filter((p) => p.reason === 'auditor-outside-tolerance').length} because the auditor is outside tolerance.
                {last.flagged > 0 ? ` ${plural(last.flagged, 'audit')} agreed without moderation flagged for review.` : ''}
              </p>
            </div>
          ) : (
            <p className="muted">No sample has been drawn yet.</p>
          )}
          <h3>Auditors outside tolerance</h3>
          {queue.outsideTolerance.length === 0 ? (
            <p className="muted">None: no auditor's audits have been moderated worse by a mean of half a grade or more (at least 5 moderated audits in 12 months).</p>
          ) : (
            <ul className="mod-plain-list">
              {queue.outsideTolerance.map((o) => (
                <li key={o.auditorId}>
                  <strong>{o.name}</strong>: mean shift {shift(o.meanShift)} over {o.moderatedCount} moderated audits. All their audits are picked until it drops.
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
