import { useSession } from '../../app/session';
import { useCall } from '../../api/useCall';
import { ErrorBanner, Loading } from '../../components/ui';
import { dueText } from './format';
import { plural, ukDate } from '../../format';

const SHOWN = 6;

/** Dashboard reminders, in the app only (no e-mail, no network): my overdue actions and the drifting cases of my teams. */
export function RemindersCard() {
  // Fetched afresh whenever the person working changes (switching profile keeps the page).
  const user = useSession((s) => s.info?.person);
  return <Reminders key={user?.id ?? 'none'} me={user?.name} />;
}

function Reminders({ me }: { me: string | undefined }) {
  const { data, error, loading, reload } = useCall('actions:reminders', {});
  return (
    <section className="card reminders" aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">Action reminders</h2>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? <Loading label="Checking your actions…" /> : null}
      {data ? (
        <div className="reminders-grid">
          <section aria-labelledby="my-overdue-heading">
            <h3 id="my-overdue-heading">
              My overdue actions <span className="count">{data.myOverdue.length}</span>
            </h3>
            {data.myOverdue.length === 0 ? (
              <p className="muted">Nothing overdue that you own or raised.</p>
            ) : (
              <ul className="reminder-list">
                {data.myOverdue.slice(0, SHOWN).map((a) => (
                  <li key={a.id}>
                    <a href={`#/actions?caseId=${encodeURIComponent(a.caseId)}`}>Case {a.caseReference}</a>: {a.title}
                    <div className="muted small">
                      {me && a.ownerName.toLowerCase() === me.toLowerCase() ? 'Yours' : `${a.ownerName} (you raised it)`} · due {ukDate(a.dueDate)} · <span className="overdue-tag">{dueText(a)}</span>
                    </div>
                  </li>
                ))}
              </ul>
            )}
            {data.myOverdue.length > SHOWN ? <a href={`#/actions?overdue=1${me ? `&owner=${encodeURIComponent(me)}` : ''}`}>All {data.myOverdue.length} overdue</a> : null}
          </section>
          <section aria-labelledby="my-drifting-heading">
            <h3 id="my-drifting-heading">
              Drifting cases <span className="count">{data.drifting.length}</span>
            </h3>
            <p className="muted small">In {data.scope}.</p>
            {data.drifting.length === 0 ? (
              <p className="muted">No case is drifting.</p>
            ) : (
              <ul className="reminder-list">
                {data.drifting.slice(0, SHOWN).map((c) => (
                  <li key={c.caseId}>
                    <a href={`#/actions?caseId=${encodeURIComponent(c.caseId)}`}>Case {c.caseReference}</a> <span className="muted">({c.team})</span>
                    <div className="small">{c.reasons[0].message}{c.reasons.length > 1 ? ` (and ${plural(c.reasons.length - 1, 'more reason')})` : ''}</div>
                  </li>
                ))}
              </ul>
            )}
            {data.drifting.length > 0 ? <a href="#/actions?tab=drift">See every drifting case</a> : null}
          </section>
        </div>
      ) : null}
    </section>
  );
}
