import { useState } from 'react';
import type { ActionRow } from '../../../../shared/api/actions';
import { useCall } from '../../api/useCall';
import { useSession } from '../../app/session';
import { GradeBadge } from '../../components/ui';
import { availableOps, OP_LABELS, OpForm, type Op } from './ActionOps';
import { StartFollowUp } from './StartFollowUp';
import { DRIFT_LABELS } from './format';
import { ukDate } from '../../format';

/** Everything known about one action (notes, verification, spot-check, follow-up, every due-date move) and what can be done next. */
export function ActionDetail({ action, onChanged }: { action: ActionRow; onChanged: (message: string) => void }) {
  const role = useSession((s) => s.info?.person?.role);
  const me = useSession((s) => s.info?.person?.id);
  const [op, setOp] = useState<Op | null>(null);
  const detail = useCall('actions:get', { id: action.id });
  const ops = availableOps(action, role);
  const moves = detail.data?.moves ?? [];
  return (
    <div className="action-detail">
      <dl className="facts">
        {action.driftReasons.length ? (
          <>
            <dt>Drifting</dt>
            <dd>
              <ul className="drift-reasons">
                {action.driftReasons.map((r) => (
                  <li key={`${r.code}-${r.actionId ?? r.auditId}`}>
                    <span className="drift-tag">{DRIFT_LABELS[r.code]}</span> {r.message}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>Raised</dt>
        <dd>
          {ukDate(action.createdAt)} by {action.createdBy}, from the audit graded <GradeBadge grade={action.auditOverall} /> (<a href={`#/audits/${encodeURIComponent(action.auditId)}`}>open the audit</a>)
        </dd>
        {action.doneNote ? (<><dt>Done</dt><dd>{ukDate(action.doneOn)}: {action.doneNote}</dd></>) : null}
        {action.cancelReason ? (<><dt>Cancelled</dt><dd>{action.cancelReason}</dd></>) : null}
        {action.verifiedBy ? (<><dt>Verified</dt><dd>{ukDate(action.verifiedAt)} by {action.verifiedBy}{action.verifyNote ? `: ${action.verifyNote}` : ''}</dd></>) : null}
        {action.spotCheck ? (
          <>
            <dt>Spot-check</dt>
            <dd>
              Requested {ukDate(action.spotCheck.requestedAt)} by {action.spotCheck.requestedBy}: {action.spotCheck.note}
              {action.spotCheck.result ? ` — ${action.spotCheck.result === 'lasted' ? 'the change has lasted' : 'the change has not lasted'} (${ukDate(action.spotCheck.checkedAt)}): ${action.spotCheck.resultNote}` : ' — not yet done.'}
            </dd>
          </>
        ) : null}
        {action.followUp && !action.followUpAuditId ? (
          <>
            <dt>Follow-up re-audit</dt>
            <dd>
              Scheduled for {action.followUp.auditorName}, due {ukDate(action.followUp.dueOn)}
              {action.followUp.overdue ? <> <span className="overdue-tag">overdue</span></> : null} (scheduled by {action.followUp.scheduledBy} on {ukDate(action.followUp.scheduledAt)}).
              {me === action.followUp.auditorId ? <StartFollowUp actionId={action.id} /> : null}
            </dd>
          </>
        ) : null}
        {action.followUpAuditId ? (
          <>
            <dt>Follow-up audit</dt>
            <dd className="grade-before-after">
              <span>Before</span> <GradeBadge grade={action.auditOverall} /> <span>→ after</span>{' '}
              {action.followUpGrade ? <GradeBadge grade={action.followUpGrade} /> : <span className="muted">not graded yet ({action.followUpStatus})</span>}{' '}
              <span>
                (<a href={`#/audits/${encodeURIComponent(action.followUpAuditId)}`}>open the follow-up audit</a>)
              </span>
            </dd>
          </>
        ) : null}
        <dt>Due-date moves</dt>
        <dd>
          {moves.length === 0 ? (
            <span className="muted">{detail.loading ? 'Loading…' : 'Never moved.'}</span>
          ) : (
            <ol className="moves">
              {moves.map((m) => (
                <li key={m.id}>
                  {ukDate(m.fromDate)} → {ukDate(m.toDate)}: “{m.reason}” ({m.movedBy}, {ukDate(m.movedAt)})
                </li>
              ))}
            </ol>
          )}
        </dd>
      </dl>
      {ops.length > 0 ? (
        <div className="op-choices" role="group" aria-label={`What to do with '${action.title}'`}>
          {ops.map((o) => (
            <button key={o} type="button" className={op === o ? 'btn btn-small btn-primary' : 'btn btn-small'} aria-pressed={op === o} onClick={() => setOp(op === o ? null : o)}>
              {OP_LABELS[o]}
            </button>
          ))}
        </div>
      ) : null}
      {op ? (
        <OpForm
          key={op}
          op={op}
          action={action}
          onClose={() => setOp(null)}
          onDone={(message) => {
            setOp(null);
            detail.reload();
            onChanged(message);
          }}
        />
      ) : null}
    </div>
  );
}
