import { GRADES, gradeText } from '../../../../shared/domain/grades';
import { useCall } from '../../api/useCall';
import { ErrorBanner, Loading } from '../../components/ui';
import { plural } from '../../format';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthText = (ym: string) => `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;

/** Audits submitted this month, counted by overall grade (always with the grade's label). */
export function GradeCountsCard() {
  const { data, error, loading, reload } = useCall('audits:gradeCounts', { scope: 'all' });
  const max = data ? Math.max(1, ...GRADES.map((g) => data.counts[g])) : 1;
  return (
    <section className="card" aria-labelledby="grade-counts-heading">
      <h2 id="grade-counts-heading">Overall grades this month</h2>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <p className="muted">
            {plural(data.total, 'audit')} submitted in {monthText(data.month)}.
          </p>
          <table className="grade-counts">
            <caption className="visually-hidden">Audits submitted in {monthText(data.month)} by overall grade</caption>
            <thead className="visually-hidden">
              <tr>
                <th scope="col">Overall grade</th>
                <th scope="col">Audits</th>
              </tr>
            </thead>
            <tbody>
              {GRADES.map((g) => (
                <tr key={g}>
                  <th scope="row" className="grade-counts-label">
                    {gradeText(g)}
                  </th>
                  <td>
                    <span className="grade-bar-track" aria-hidden="true">
                      <span className={`grade-bar grade-${g}`} style={{ width: `${(data.counts[g] / max) * 100}%` }} />
                    </span>
                    <span className="grade-count">{data.counts[g]}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
