import type { RecentItem } from '../../../../shared/api/moderation';
import { ukDate } from '../../format';

/** The last audits agreed, each linking to its moderation record (all three grades and both texts). */
export function RecentPanel({ recent }: { recent: RecentItem[] }) {
  if (recent.length === 0) return null;
  return (
    <section className="card" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recently agreed</h2>
      <table className="data mod-recent">
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Team</th>
            <th scope="col">Auditor</th>
            <th scope="col">Agreed</th>
            <th scope="col">Moderation</th>
          </tr>
        </thead>
        <tbody>
          {recent.map((r) => (
            <tr key={`${r.auditId}-${r.agreedAt}`}>
              <th scope="row">
                <a href={`#/moderation/${encodeURIComponent(r.auditId)}`}>{r.caseReference}<span className="visually-hidden">: moderation record</span></a>
              </th>
              <td>{r.team}</td>
              <td>{r.auditorName}</td>
              <td>{ukDate(r.agreedAt)}</td>
              <td>
                {r.mode ? `${r.mode === 'blind' ? 'Blind' : 'Open'}, ${r.moderatorName}` : <span className="muted">Agreed without moderation</span>}
                {r.belowShareReason ? <div className="mod-below-share-reason">Below the moderation share; why: {r.belowShareReason}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
