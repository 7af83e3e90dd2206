import type { ActionRow } from '../../../../shared/api/actions';
import { useCall } from '../../api/useCall';
import { EmptyState, ErrorBanner, Loading, StatusPill } from '../../components/ui';
import { ActionForm } from './ActionForm';
import { dueText, priorityText } from './format';
import { plural, ukDate } from '../../format';

function ActionItem({ a, sectionTitles }: { a: ActionRow; sectionTitles: Record<string, string> }) {
  const late = dueText(a);
  return (
    <li className="action-item">
      <div className="action-item-head">
        <span className="action-title">{a.title}</span>
        <StatusPill status={a.status} />
      </div>
      <div className="action-meta">
        <span>{a.ownerName} ({a.ownerRole})</span>
        <span>Due {ukDate(a.dueDate)}</span>
        <span className={`priority priority-${a.priority}`}>{priorityText(a.priority)} priority</span>
        {a.sectionKey ? <span className="muted">{sectionTitles[a.sectionKey] ?? a.sectionKey}</span> : <span className="muted">The audit as a whole</span>}
        {late ? <span className="overdue-tag">{late}</span> : null}
      </div>
      {a.status === 'cancelled' && a.cancelReason ? <p className="muted action-note">Cancelled: {a.cancelReason}</p> : null}
      {a.doneNote ? <p className="muted action-note">Done {ukDate(a.doneOn)}: {a.doneNote}</p> : null}
    </li>
  );
}

/** The actions raised by one audit, shown as a step of the audit editor: the list, and the add form unless read-only. */
export function AuditActionsPanel({ auditId, caseId, readOnly, sectionTitles }: { auditId: string; caseId: string; readOnly: boolean; sectionTitles: Record<string, string> }) {
  const { data, error, loading, reload } = useCall('actions:forAudit', { auditId });
  return (
    <div className="audit-actions">
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? <Loading label="Loading the actions…" /> : null}
      {data && data.length === 0 ? (
        <EmptyState title="No actions yet">{readOnly ? 'This audit raised no actions.' : 'Add what must happen for the child below.'}</EmptyState>
      ) : null}
      {data && data.length > 0 ? (
        <>
          <h3 className="audit-actions-count" aria-live="polite">
            {plural(data.length, 'action')}
          </h3>
          <ul className="action-list" aria-label="Actions raised by this audit">
            {data.map((a) => <ActionItem key={a.id} a={a} sectionTitles={sectionTitles} />)}
          </ul>
          <p>
            <a href={`#/actions?caseId=${encodeURIComponent(caseId)}`}>Track these actions in the action tracker</a>
          </p>
        </>
      ) : null}
      {readOnly ? null : <ActionForm auditId={auditId} sectionTitles={sectionTitles} onAdded={() => reload()} />}
    </div>
  );
}
