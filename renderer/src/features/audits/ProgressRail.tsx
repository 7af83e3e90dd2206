import { ProgressBar } from '../../components/ui';
import { stepHref } from './format';
import type { StepInfo } from './steps';
import { share } from '../../format';

const STATE_TEXT: Record<string, string> = { complete: 'complete', na: 'not applicable', todo: 'to do', none: '' };
const ICON: Record<string, string> = { complete: '✓', na: '–', todo: '○', none: '' };

/** The editor's steps, each with its state; the current one marked. */
export function ProgressRail({ auditId, steps, current, done, total }: { auditId: string; steps: StepInfo[]; current: string; done: number; total: number }) {
  return (
    <nav className="rail" aria-label="Audit steps">
      <p className="rail-progress" id="rail-progress">
        {done} of {total} sections done
      </p>
      <ProgressBar value={share(done, total)} label={`${done} of ${total} sections done`} />
      <ol>
        {steps.map((s, i) => (
          <li key={s.id} className={`rail-item rail-${s.state}${s.kind !== 'section' && steps[i - 1]?.kind === 'section' ? ' rail-break' : ''}`}>
            <a href={stepHref(auditId, s.id)} aria-current={s.id === current ? 'step' : undefined}>
              <span className="rail-icon" aria-hidden="true">
                {ICON[s.state]}
              </span>
              <span className="rail-label">{s.railLabel}</span>
              <span className="rail-marker">
                {s.marker}
                {STATE_TEXT[s.state] && s.marker.toLowerCase() !== STATE_TEXT[s.state] ? <span className="visually-hidden">, {STATE_TEXT[s.state]}</span> : null}
              </span>
            </a>
          </li>
        ))}
      </ol>
      <p className="rail-keys muted">Alt+N next step · Alt+P previous</p>
    </nav>
  );
}
