import type { SamplePreview } from '../../../../shared/api/programmes';
import { caseTypeText, ukDate } from '../../format';

interface Props {
  preview: SamplePreview;
  included: string[];
  onToggleIncluded(caseId: string): void;
}

/** What the seed gives: per-stratum counts and cases, short strata, and the recently audited cases left out. */
export function SamplePreviewView({ preview, included, onToggleIncluded }: Props) {
  const short = preview.strata.filter((s) => s.short);
  const leftOut = preview.recentlyAudited.filter((r) => !r.included).length;
  return (
    <section className="card pg-preview" aria-labelledby="pg-preview-h">
      <h2 id="pg-preview-h">Sample preview</h2>
      <p className="pg-seed-line">
        Seed <strong className="pg-seed">{preview.seed}</strong> · {preview.chosenCount} cases from {preview.strata.length} strata · cases audited after{' '}
        {ukDate(preview.recentCutoff)} left out: {leftOut}
        {preview.alreadyIn > 0 ? ` · ${preview.alreadyIn} already in the programme` : ''}
      </p>
      {short.length > 0 ? (
        <div className="banner banner-warning pg-short-banner" role="status">
          <div>
            <strong>{short.length === 1 ? '1 stratum is short' : `${short.length} strata are short`} ({preview.shortfall} fewer cases than asked for):</strong>
            <ul className="pg-list">{short.map((s) => <li key={s.key}>{s.message}</li>)}</ul>
          </div>
        </div>
      ) : null}
      <table className="data pg-table pg-strata">
        <caption className="visually-hidden">Cases chosen per stratum</caption>
        <thead>
          <tr>
            <th scope="col">Stratum</th>
            <th scope="col" className="num">Eligible</th>
            <th scope="col" className="num">Left out (recent)</th>
            <th scope="col" className="num">Asked for</th>
            <th scope="col" className="num">Chosen</th>
            <th scope="col">Cases</th>
          </tr>
        </thead>
        <tbody>
          {preview.strata.map((s) => (
            <tr key={s.key} className={s.short ? 'pg-row-short' : undefined}>
              <th scope="row">{s.label}</th>
              <td className="num">{s.available}</td>
              <td className="num">{s.excludedRecent}</td>
              <td className="num">{s.requested}</td>
              <td className="num">{s.chosen.length}{s.short ? <span className="pg-short-tag"> short</span> : null}</td>
              <td className="pg-refs">{s.chosen.map((c) => c.reference).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.recentlyAudited.length > 0 ? (
        <details className="pg-recent">
          <summary>
            Audited in the last 12 months ({preview.recentlyAudited.length}): left out unless you include them on purpose
            {included.length ? ` · ${included.length} included` : ''}
          </summary>
          <ul className="pg-recent-list">
            {preview.recentlyAudited.map((r) => (
              <li key={r.id}>
                <label>
                  <input type="checkbox" checked={included.includes(r.id)} onChange={() => onToggleIncluded(r.id)} /> {r.reference} · {r.team} ·{' '}
                  {caseTypeText(r.caseType)} · audited {ukDate(r.lastAuditedAt)}
                </label>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
