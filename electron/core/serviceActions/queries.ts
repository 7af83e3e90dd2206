import type { ServiceFinding, ServiceFindingDetail, ServiceLevel, ServiceStatus } from '../../../shared/api/serviceActions';
import { DRIFT_DUE_DATE_MOVES, DRIFT_OVERDUE_DAYS, daysOverdue, isOverdue } from '../../../shared/domain/drift';
import type { Db } from '../db/open';
import { prepared } from '../write';
import type { ServiceActionRow } from '../entities/rows';

/** A service-level finding (the registry's row) with its case and programme beside it (SERVICE_SELECT). */
export interface ServiceDbRow extends ServiceActionRow {
  case_reference: string | null;
  programme_name: string | null;
}

export const SERVICE_SELECT = `
  SELECT s.*, c.reference AS case_reference, p.name AS programme_name
  FROM service_actions s LEFT JOIN audits a ON a.id = s.audit_id LEFT JOIN cases c ON c.id = a.case_id
  LEFT JOIN programmes p ON p.id = s.programme_id`;

export function toFinding(r: ServiceDbRow, today: string): ServiceFinding {
  const dates = { status: r.status === 'open' ? ('open' as const) : ('done' as const), dueDate: r.due_date };
  const days = daysOverdue(dates, today);
  return {
    id: r.id,
    level: r.level,
    team: r.team,
    title: r.title,
    ownerName: r.owner_name,
    ownerRole: r.owner_role,
    dueDate: r.due_date,
    priority: r.priority,
    status: r.status,
    doneNote: r.done_note,
    doneOn: r.done_on,
    cancelReason: r.cancel_reason,
    dueDateMoves: r.due_moves,
    auditId: r.audit_id,
    caseReference: r.case_reference,
    programmeId: r.programme_id,
    programmeName: r.programme_name,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    overdue: isOverdue(dates, today),
    daysOverdue: days,
    drifting: r.status === 'open' && (days > DRIFT_OVERDUE_DAYS || r.due_moves >= DRIFT_DUE_DATE_MOVES),
  };
}

export function getServiceRow(db: Db, id: string): ServiceDbRow | undefined {
  return prepared(db, `${SERVICE_SELECT} WHERE s.id = ?`).get(id) as ServiceDbRow | undefined;
}

export function serviceMoves(db: Db, id: string): ServiceFindingDetail['moves'] {
  return (
    prepared(db, 'SELECT id, from_date, to_date, reason, moved_at, moved_by_name FROM service_action_due_moves WHERE service_action_id = ? ORDER BY moved_at, id').all(id) as {
      id: string; from_date: string; to_date: string; reason: string; moved_at: string; moved_by_name: string;
    }[]
  ).map((m) => ({ id: m.id, fromDate: m.from_date, toDate: m.to_date, reason: m.reason, movedAt: m.moved_at, movedBy: m.moved_by_name }));
}

export interface ServiceFilter { status?: ServiceStatus; level?: ServiceLevel; team?: string; programmeId?: string; auditId?: string; overdue?: boolean }

/** Findings matching the filter: open and overdue first, then by due date. */
export function listFindings(db: Db, today: string, f: ServiceFilter): ServiceFinding[] {
  const where: string[] = [];
  const args: string[] = [];
  const add = (clause: string, value: string) => {
    where.push(clause);
    args.push(value);
  };
  if (f.status) add('s.status = ?', f.status);
  if (f.level) add('s.level = ?', f.level);
  if (f.team) add('s.team = ? COLLATE NOCASE', f.team);
  if (f.programmeId) add('s.programme_id = ?', f.programmeId);
  if (f.auditId) add('s.audit_id = ?', f.auditId);
  if (f.overdue) add("s.status = 'open' AND s.due_date < ?", today);
  const sql = `${SERVICE_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY CASE WHEN s.status = 'open' AND s.due_date < ? THEN 0 WHEN s.status = 'open' THEN 1 ELSE 2 END, s.due_date, s.created_at, s.id`;
  return (db.prepare(sql).all(...args, today) as ServiceDbRow[]).map((r) => toFinding(r, today));
}
