import { queryParams } from '../../app/router';
import { useCan } from '../../app/session';
import { PageHeader } from '../../components/ui';
import { FindingsView } from '../serviceFindings/FindingsView';
import { DriftView } from './DriftView';
import { TimelinessView } from './TimelinessView';
import { filtersFromQuery } from './TrackerFilters';
import { TrackerView } from './TrackerView';

const TABS = [
  { id: 'tracker', label: 'Tracker', href: '#/actions' },
  { id: 'drift', label: 'Drifting cases', href: '#/actions?tab=drift' },
  { id: 'timeliness', label: 'Timeliness', href: '#/actions?tab=timeliness' },
  { id: 'service', label: 'Service-level findings', href: '#/actions?tab=service' },
] as const;

/** #/actions: the tracker, the drifting cases and the timeliness figures, as tabs. */
export function ActionsPage({ path }: { params: Record<string, string>; path: string }) {
  const q = queryParams(path);
  const mayFindings = useCan('serviceActions:list');
  const tabs = TABS.filter((t) => t.id !== 'service' || mayFindings);
  const tab = tabs.find((t) => t.id === q.get('tab'))?.id ?? 'tracker';
  return (
    <div className="actions-page">
      <PageHeader title="Actions" subtitle="Every deficit an audit finds, owned and dated, so no child's case drifts unseen." />
      <nav className="tabs" aria-label="Actions views">
        {tabs.map((t) => (
          <a key={t.id} href={t.href} className="tab" aria-current={t.id === tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {tab === 'tracker' ? <TrackerView key={path} initial={filtersFromQuery(q)} /> : tab === 'drift' ? <DriftView /> : tab === 'service' ? <FindingsView /> : <TimelinessView />}
    </div>
  );
}
