/**
 * Service-level findings for exports (issue 12, item 14), kept apart from actions for one child:
 * the findings raised from the audits in a report or pack, or from their programmes (or the pack's
 * programme), and every finding for the data export.
 */
import { SERVICE_LEVEL_LABELS, SERVICE_STATUS_LABELS } from '../../../shared/api/serviceActions';
import type { Db } from '../db/open';
import { listFindings } from '../serviceActions/queries';
import { labelOf, PRIORITY_LABELS } from './labels';
import type { ServiceFindingDoc } from './model';
import { hasTable } from './queries';

/** Findings raised from these audits or programmes, open and overdue first. */
export function serviceFindingsFor(db: Db, today: string, auditIds: string[], programmeIds: string[]): ServiceFindingDoc[] {
  if (!hasTable(db, 'service_actions')) return [];
  const audits = new Set(auditIds);
  const programmes = new Set(programmeIds);
  return listFindings(db, today, {})
    .filter((f) => (f.auditId !== null && audits.has(f.auditId)) || (f.programmeId !== null && programmes.has(f.programmeId)))
    .map((f) => ({
      level: f.level === 'team' ? `${SERVICE_LEVEL_LABELS.team}: ${f.team}` : SERVICE_LEVEL_LABELS.service,
      title: f.title,
      owner: f.ownerName,
      ownerRole: f.ownerRole,
      dueDate: f.dueDate,
      priority: labelOf(PRIORITY_LABELS, f.priority),
      status: SERVICE_STATUS_LABELS[f.status],
      doneDate: f.doneOn,
      doneNote: f.status === 'cancelled' ? f.cancelReason : f.doneNote,
      overdueDays: f.daysOverdue,
      drifting: f.drifting,
      dueDateMoves: f.dueDateMoves,
      raisedFrom: [f.caseReference ? `audit of case ${f.caseReference}` : '', f.programmeName ? `programme ${f.programmeName}` : ''].filter(Boolean).join(', '),
    }));
}
