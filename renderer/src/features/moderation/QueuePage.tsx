import { useState } from 'react';
import { WARNING_LABELS, type QueueItem } from '../../../../shared/api/moderation';
import type { OptimismCode } from '../../../../shared/domain/optimism';
import { ApiError, call } from '../../api/client';
import { BelowSharePanel } from './BelowSharePanel';
import { useCall } from '../../api/useCall';
import { EmptyState, ErrorBanner, Loading, PageHeader, StatusPill } from '../../components/ui';
import { FlagsPanel } from './FlagsPanel';
import { RecentPanel } from './RecentPanel';
import { warningText } from './format';
import { SamplePanel } from './SamplePanel';
import { caseTypeText, ukDate } from '../../format';

interface Filters {
  team: string;
  auditorId: string;
  programmeId: string;
  warning: string;
  sampleOnly: boolean;
}

const NO_FILTERS: Filters = { team: '', auditorId: '', programmeId: '', warning: '', sampleOnly: false };

export function QueuePage() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const input = { ...filters, warning: (filters.warning || undefined) as OptimismCode | undefined };
  const { data, error, loading, reload } = useCall('moderation:queue', input);
  const [actionError, setActionError] = useState<string | null>(null);
  const [belowShare, setBelowShare] = useState<{ item: QueueItem; message: string } | null>(null);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const agreeUnmoderated = async (item: QueueItem) => {
    setActionError(null);
    try {
      await call('moderation:agreeWithoutModeration', { auditId: item.auditId });
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT' && /moderation share is a floor/.test(e.message)) setBelowShare({ item, message: e.message });
      else setActionError((e as Error).message);
    }
  };

  return (
    <>
      <PageHeader
        title="Moderation"
        subtitle="Submitted audits waiting for moderation. Audits picked in the sample come first."
        actions={<a className="btn" href="#/calibration">Calibration figures</a>}
      />
      <ErrorBanner error={error} onRetry={reload} />
      {belowShare && data ? (
        <BelowSharePanel
          item={belowShare.item}
          message={belowShare.message}
          canOverride={data.canSetShare}
          onDone={() => { setBelowShare(null); reload(); }}
          onCancel={() => setBelowShare(null)}
        />
      ) : null}
      {data ? <SamplePanel queue={data} onChanged={reload} /> : null}
      {data && data.flags.length > 0 ? <FlagsPanel flags={data.flags} canResolve={data.canModerate} onChanged={reload} /> : null}
      <section className="card" aria-labelledby="queue-heading">
        <h2 id="queue-heading">Waiting for moderation</h2>
        <div className="mod-filters" role="group" aria-label="Filter the queue">
          <div className="field">
            <label htmlFor="q-team">Team</label>
            <select id="q-team" value={filters.team} onChange={(e) => set({ team: e.target.value })}>
              <option value="">All teams</option>
              {data?.options.teams.map((t) => <option key={t}>{t}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="q-auditor">Auditor</label>
            <select id="q-auditor" value={filters.auditorId} onChange={(e) => set({ auditorId: e.target.value })}>
              <option value="">All auditors</option>
              {data?.options.auditors.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="q-programme">Programme</label>
            <select id="q-programme" value={filters.programmeId} onChange={(e) => set({ programmeId: e.target.value })}>
              <option value="">All programmes</option>
              {data?.options.programmes.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="q-warning">Warning</label>
            <select id="q-warning" value={filters.warning} onChange={(e) => set({ warning: e.target.value })}>
              <option value="">Any or none</option>
              {(Object.keys(WARNING_LABELS) as OptimismCode[]).map((w) => <option key={w} value={w}>{WARNING_LABELS[w]}</option>)}
            </select>
          </div>
          <label className="mod-check">
            <input type="checkbox" checked={filters.sampleOnly} onChange={(e) => set({ sampleOnly: e.target.checked })} /> Picked in the sample only
          </label>
          <button type="button" className="btn-link" onClick={() => setFilters(NO_FILTERS)}>Clear filters</button>
        </div>
        <ErrorBanner error={actionError} />
        {loading && !data ? <Loading /> : null}
        {data && data.items.length === 0 ? <EmptyState title="Nothing is waiting for moderation">No submitted audits match these filters.</EmptyState> : null}
        {data && data.items.length > 0 ? (
          <table className="data mod-queue">
            <caption className="visually-hidden">Audits waiting for moderation, {data.items.length} shown</caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Team</th>
                <th scope="col">Auditor</th>
                <th scope="col">Submitted</th>
                <th scope="col">Warnings</th>
                <th scope="col">Sample</th>
                <th scope="col">Status</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <QueueRow key={item.auditId} item={item} canModerate={data.canModerate} onAgree={() => void agreeUnmoderated(item)} />
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {data ? <RecentPanel recent={data.recent} /> : null}
    </>
  );
}

function QueueRow({ item, canModerate, onAgree }: { item: QueueItem; canModerate: boolean; onAgree: () => void }) {
  return (
    <tr>
      <th scope="row">
        {item.caseReference}
        <div className="muted mod-small">{caseTypeText(item.caseType)}{item.programmeName ? ` · ${item.programmeName}` : ''}</div>
      </th>
      <td>{item.team}</td>
      <td>{item.auditorName}</td>
      <td>{ukDate(item.submittedAt)}{item.timesReturned > 0 ? <div className="muted mod-small">Resubmitted after return</div> : null}</td>
      <td>
        {item.warningCodes.length === 0 ? <span className="muted">None</span> : (
          <ul className="mod-tags">{item.warningCodes.map((w) => <li key={w} className={`mod-tag mod-tag-${w}`}>{warningText(w)}</li>)}</ul>
        )}
      </td>
      <td>
        {item.pick ? (
          <span className={`mod-tag ${item.pick.reason === 'random' ? 'mod-tag-sample' : 'mod-tag-tolerance'}`}>
            {item.pick.reason === 'random' ? `Random, seed ${item.pick.seed}` : 'Auditor outside tolerance'}
          </span>
        ) : <span className="muted">Not picked</span>}
      </td>
      <td>
        <StatusPill status={item.status} />
        {item.moderation ? <div className="muted mod-small">{item.moderation.mode === 'blind' ? 'Blind' : 'Open'}, {item.moderation.moderatorName}</div> : null}
      </td>
      <td>
        <div className="mod-actions">
        {item.own ? (
          <span className="muted">Your audit: another moderator must moderate it</span>
        ) : canModerate ? (
          <>
            <a className={`btn btn-small${item.moderation && !item.moderation.byMe ? '' : ' btn-primary'}`} href={`#/moderation/${encodeURIComponent(item.auditId)}`}>
              {!item.moderation ? 'Moderate' : item.moderation.byMe ? 'Continue' : 'View'}
              <span className="visually-hidden">{item.moderation?.byMe ? ' moderating' : ''} case {item.caseReference}</span>
            </a>
            {!item.pick && !item.moderation ? (
              <button type="button" className="btn btn-small" onClick={onAgree}>
                Agree without moderation<span className="visually-hidden">: case {item.caseReference}</span>
              </button>
            ) : null}
          </>
        ) : null}
        </div>
      </td>
    </tr>
  );
}
