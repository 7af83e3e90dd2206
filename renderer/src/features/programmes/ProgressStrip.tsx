import { PROGRESS_LABELS, PROGRESS_STAGES, type ProgressCounts } from '../../../../shared/api/programmes';

/** The five stages as a stacked bar with a labelled count for each (colour is never the only cue). */
export function ProgressStrip({ counts, compact = false }: { counts: ProgressCounts; compact?: boolean }) {
  const label = PROGRESS_STAGES.map((s) => `${PROGRESS_LABELS[s]} ${counts[s]}`).join(', ');
  return (
    <div className={compact ? 'pg-progress pg-progress-compact' : 'pg-progress'}>
      <div className="pg-bar" role="img" aria-label={`Progress of ${counts.total} cases: ${label}`}>
        {counts.total === 0 ? <span className="pg-bar-empty" /> : null}
        {PROGRESS_STAGES.map((s) =>
          counts[s] > 0 ? <span key={s} className={`pg-seg pg-seg-${s}`} style={{ flexGrow: counts[s] }} title={`${PROGRESS_LABELS[s]}: ${counts[s]}`} /> : null,
        )}
      </div>
      {compact ? null : (
        <dl className="pg-counts">
          {PROGRESS_STAGES.map((s) => (
            <div key={s} className="pg-count">
              <dt>
                <span className={`pg-key pg-seg-${s}`} aria-hidden="true" /> {PROGRESS_LABELS[s]}
              </dt>
              <dd>{counts[s]}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
