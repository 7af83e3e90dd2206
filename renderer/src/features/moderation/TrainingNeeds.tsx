import { REASON_CODES, REASON_LABELS, type ModerationFigures, type TrainingNeed } from '../../../../shared/api/moderation';
import { kappa, shift } from './format';
import { percentText } from '../../format';

const UNRELIABLE = 'Fewer than 10 pairs: unreliable';

/** Figures per auditor, with the same numbers as `plumbline stats moderation`. */
export function AuditorTable({ f }: { f: ModerationFigures }) {
  return (
    <section className="card" aria-labelledby="by-auditor-heading">
      <h2 id="by-auditor-heading">By auditor</h2>
      <table className="data mod-figures">
        <thead>
          <tr>
            <th scope="col">Auditor</th>
            <th scope="col">Pairs</th>
            <th scope="col">Exact</th>
            <th scope="col">Within one</th>
            <th scope="col">Mean shift</th>
            <th scope="col">Moderated down</th>
            <th scope="col">Kappa (quadratic)</th>
          </tr>
        </thead>
        <tbody>
          {f.byAuditor.map((a) => (
            <tr key={a.auditorId}>
              <th scope="row">{a.name}</th>
              <td>{a.n}{a.reliable ? null : <span className="mod-unreliable-tag"> {UNRELIABLE}</span>}</td>
              <td>{percentText(a.exactAgreement)}</td>
              <td>{percentText(a.withinOne)}</td>
              <td>{shift(a.meanShift)}</td>
              <td>{percentText(a.movedDown)}</td>
              <td>{kappa(a.kappaQuadratic)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function NeedsTable({ caption, who, rows }: { caption: string; who: string; rows: TrainingNeed[] }) {
  if (rows.length === 0) return <p className="muted">{caption}: no grades were changed with a reason code.</p>;
  return (
    <table className="data mod-needs">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{who}</th>
          {REASON_CODES.map((c) => <th scope="col" key={c}>{REASON_LABELS[c]}</th>)}
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            {REASON_CODES.map((c) => <td key={c} className={r.counts[c] > 0 ? 'mod-need-hit' : 'muted'}>{r.counts[c]}</td>)}
            <td><strong>{r.total}</strong></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Reason codes of the grades moderation changed: what each auditor and team might need training on. */
export function TrainingNeeds({ f }: { f: ModerationFigures }) {
  return (
    <section className="card" aria-labelledby="needs-heading">
      <h2 id="needs-heading">Training needs</h2>
      <p className="muted">Counts of the reason codes given where the agreed grade differs from the auditor's.</p>
      <NeedsTable caption="By auditor" who="Auditor" rows={f.trainingNeeds.byAuditor} />
      <NeedsTable caption="By team (the case's team)" who="Team" rows={f.trainingNeeds.byTeam} />
    </section>
  );
}
