import type { ChangeKind, TemplateChange, TemplateVersionSummary } from '../../../../shared/api/templates';
import { useCall } from '../../api/useCall';
import { queryParams } from '../../app/router';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../components/ui';

const KIND_LABELS: Record<ChangeKind, string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };
const versionName = (v: TemplateVersionSummary) => `Version ${v.version}${v.status === 'draft' ? ' (draft)' : ''}`;

function Group({ title, changes, from, to }: { title: string; changes: TemplateChange[]; from: TemplateVersionSummary; to: TemplateVersionSummary }) {
  if (changes.length === 0) return null;
  return (
    <section className="card" aria-label={title}>
      <h2>{title} ({changes.length})</h2>
      <table className="data pg-table tp-diff">
        <thead>
          <tr>
            <th scope="col" className="tp-diff-what">What</th>
            <th scope="col">{versionName(from)}</th>
            <th scope="col">{versionName(to)}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={`${c.kind}-${c.key}`} className={`tp-diff-${c.kind}`}>
              <th scope="row">
                <span className={`tp-change tp-change-${c.kind}`}>{KIND_LABELS[c.kind]}</span>
                <div className="pg-small">{c.label}</div>
              </th>
              <td>{c.before ?? <span className="muted">(not in this version)</span>}</td>
              <td>{c.after ?? <span className="muted">(not in this version)</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Two versions side by side: sections, questions, limiting rules and concern words added, removed and changed. */
export function TemplateComparePage({ path }: { path: string }) {
  const q = queryParams(path);
  const { data, error } = useCall('templates:compare', { fromId: q.get('from') ?? '', toId: q.get('to') ?? '' });
  if (error) return <ErrorBanner error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <PageHeader
        title={`Compare ${versionName(data.from)} with ${versionName(data.to)}`}
        subtitle={<><a href="#/templates">Templates</a> · {data.to.name} · {data.total === 1 ? '1 difference' : `${data.total} differences`}</>}
      />
      {data.total === 0 ? <EmptyState title="The two versions are the same" /> : null}
      <Group title="Settings" changes={data.settings} from={data.from} to={data.to} />
      <Group title="Sections" changes={data.sections} from={data.from} to={data.to} />
      <Group title="Questions" changes={data.questions} from={data.from} to={data.to} />
      <Group title="Limiting rules" changes={data.rules} from={data.from} to={data.to} />
      <Group title="Concern words" changes={data.concernWords} from={data.from} to={data.to} />
    </>
  );
}
