import type { ProgrammeRow } from '../entities/rows';
import type { ActionPriority, ActionRow, ActionStatus, DueDateMove } from '../../../shared/api/actions';
import { DRIFT_DUE_DATE_MOVES, DRIFT_OVERDUE_DAYS, daysOverdue, isOverdue, type ActionInput, type AuditInput, type DriftReason, type ProgrammeInput } from '../../../shared/domain/drift';
import { addDays, toLondonDate } from '../../../shared/domain/dates';
import { overallFromDb } from '../db/grades';
import type { Db } from '../db/open';
import { prepared } from '../write';
import type { ActionRow as StoredAction } from '../entities/rows';

/** An action row (the registry's) with what the tracker shows beside it (ACTION_SELECT). */
export interface ActionDbRow extends StoredAction {
  follow_up_auditor_name: string | null;
  case_reference: string;
  audit_status: string;
  audit_overall: string | null;
  programme_id: string | null;
  follow_up_status: string | null;
  follow_up_grade: string | null;
}

/**
 * An audit's overall grade as it stands: the agreed grade of its latest agreed moderation when
 * it has one (domain: "the agreed grade is the third value"), else the auditor's.
 */
export const overallOf = (alias: string): string => `COALESCE(
    (SELECT mg.agreed_grade FROM moderations m JOIN moderation_grades mg ON mg.moderation_id = m.id AND mg.section_key = 'overall'
     WHERE m.audit_id = ${alias}.id AND +m.status = 'agreed' AND mg.agreed_grade IN ('1', '2', '3', '4')
     ORDER BY m.finished_at DESC LIMIT 1),
    ${alias}.overall_grade)`;

/** Every action with what the tracker shows beside it (case reference, audit grade and status). */
export const ACTION_SELECT = `
  SELECT a.*, c.reference AS case_reference, au.status AS audit_status, ${overallOf('au')} AS audit_overall, au.programme_id AS programme_id,
         fu.status AS follow_up_status, ${overallOf('fu')} AS follow_up_grade, fa.name AS follow_up_auditor_name
  FROM actions a JOIN cases c ON c.id = a.case_id JOIN audits au ON au.id = a.audit_id
  LEFT JOIN audits fu ON fu.id = a.follow_up_audit_id
  LEFT JOIN users fa ON fa.id = a.follow_up_auditor_id`;

export const toGrade = overallFromDb;

/** Drift reasons that concern one action: its own, and its audit's "all still open at the next programme". */
export interface DriftIndex {
  byAction: Map<string, DriftReason[]>;
  byAudit: Map<string, DriftReason[]>;
}

export function reasonsFor(index: DriftIndex | null, actionId: string, auditId: string): DriftReason[] {
  if (!index) return [];
  const own = index.byAction.get(actionId) ?? [];
  const audit = index.byAudit.get(auditId) ?? [];
  return audit.length ? [...own, ...audit] : own;
}

export function rowToAction(r: ActionDbRow, today: string, drift: DriftIndex | null): ActionRow {
  const status = r.status as ActionStatus;
  const dates = { status, dueDate: r.due_date };
  return {
    id: r.id,
    auditId: r.audit_id,
    caseId: r.case_id,
    caseReference: r.case_reference,
    team: r.team,
    sectionKey: r.section_key,
    title: r.title,
    ownerName: r.owner_name,
    ownerRole: r.owner_role,
    dueDate: r.due_date,
    priority: r.priority as ActionPriority,
    status,
    dueDateMoves: r.due_moves,
    doneNote: r.done_note,
    doneOn: r.done_on,
    cancelReason: r.cancel_reason,
    verifiedBy: r.verified_by_name,
    verifiedAt: r.verified_at,
    verifyNote: r.verify_note,
    followUpAuditId: r.follow_up_audit_id,
    followUpStatus: r.follow_up_status,
    followUpGrade: r.follow_up_status === 'draft' ? null : toGrade(r.follow_up_grade),
    followUp:
      r.follow_up_auditor_id && r.follow_up_on
        ? {
            auditorId: r.follow_up_auditor_id,
            auditorName: r.follow_up_auditor_name ?? 'Unknown person',
            dueOn: r.follow_up_on,
            scheduledBy: r.follow_up_scheduled_by ?? '',
            scheduledAt: r.follow_up_scheduled_at ?? '',
            overdue: !r.follow_up_audit_id || r.follow_up_status === 'draft' || r.follow_up_status === 'returned' ? r.follow_up_on < today : false,
          }
        : null,
    spotCheck: r.spot_check_requested_at
      ? {
          requestedAt: r.spot_check_requested_at,
          requestedBy: r.spot_check_requested_by ?? '',
          note: r.spot_check_note,
          result: (r.spot_check_result as 'lasted' | 'not-lasted' | null) ?? null,
          resultNote: r.spot_check_result_note,
          checkedAt: r.spot_check_at,
        }
      : null,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    auditStatus: r.audit_status,
    auditOverall: toGrade(r.audit_overall),
    programmeId: r.programme_id,
    overdue: isOverdue(dates, today),
    daysOverdue: daysOverdue(dates, today),
    driftReasons: reasonsFor(drift, r.id, r.audit_id),
  };
}

export function getActionRow(db: Db, id: string): ActionDbRow | undefined {
  return prepared(db, `${ACTION_SELECT} WHERE a.id = ?`).get(id) as ActionDbRow | undefined;
}

export function actionsForAudit(db: Db, auditId: string): ActionDbRow[] {
  return prepared(db, `${ACTION_SELECT} WHERE a.audit_id = ? ORDER BY a.created_at, a.id`).all(auditId) as ActionDbRow[];
}

export function allActionRows(db: Db): ActionDbRow[] {
  return prepared(db, ACTION_SELECT).all() as ActionDbRow[];
}

export function dueMoves(db: Db, actionId: string): DueDateMove[] {
  const rows = prepared(db, 'SELECT * FROM action_due_moves WHERE action_id = ? ORDER BY moved_at, id').all(actionId) as {
    id: string; from_date: string; to_date: string; reason: string; moved_at: string; moved_by_name: string;
  }[];
  return rows.map((r) => ({ id: r.id, fromDate: r.from_date, toDate: r.to_date, reason: r.reason, movedAt: r.moved_at, movedBy: r.moved_by_name }));
}

/** Non-cancelled actions of an audit (the submit check). */
export function liveActionCount(db: Db, auditId: string): number {
  return (prepared(db, "SELECT count(*) AS n FROM actions WHERE audit_id = ? AND status != 'cancelled'").get(auditId) as { n: number }).n;
}

/** The lean shape the drift and timeliness rules need, for every action. */
export function driftActions(db: Db): ActionInput[] {
  const rows = prepared(db, 'SELECT id, case_id, audit_id, title, owner_name, team, status, due_date, done_on, due_moves, priority FROM actions')
    .raw()
    .all() as [string, string, string, string, string, string, ActionStatus, string, string | null, number, ActionPriority][];
  const out: ActionInput[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = { id: r[0], caseId: r[1], auditId: r[2], title: r[3], owner: r[4], team: r[5], status: r[6], dueDate: r[7], doneDate: r[8], dueDateMoves: r[9], priority: r[10] };
  }
  return out;
}

/**
 * Just what the drift rules need, for speed over tens of thousands of actions (an equivalent,
 * smaller input to `driftingCases`):
 * - open actions that drift by themselves (more than 28 days overdue, or moved twice or more), in full;
 * - for audits graded 3 or 4, a title-less stand-in for each of their other open actions, and
 *   one stand-in when they have a done or verified action: all the "still all open at the next
 *   programme" rule counts. Stand-ins are never overdue and never moved, so they add no reason
 *   of their own.
 */
export function driftRuleInputs(db: Db, today: string): { actions: ActionInput[]; audits: AuditInput[] } {
  const actions: ActionInput[] = [];
  // Due before this date = more than 28 days overdue today.
  const driftsFrom = addDays(today, -DRIFT_OVERDUE_DAYS);
  const own = prepared(db, "SELECT id, case_id, audit_id, title, due_date, due_moves FROM actions WHERE +status = 'open' AND (due_date < ? OR due_moves >= ?)")
    .raw()
    .all(driftsFrom, DRIFT_DUE_DATE_MOVES) as [string, string, string, string, string, number][];
  for (const r of own) {
    actions.push({ id: r[0], caseId: r[1], auditId: r[2], title: r[3], owner: '', team: '', status: 'open', dueDate: r[4], doneDate: null, dueDateMoves: r[5], priority: 'medium' });
  }
  // One pass over the submitted audits graded 3 or 4 that raised actions: the audits themselves, and their stand-ins.
  const rows = prepared(
    db,
    `SELECT au.id, au.case_id, ${overallOf('au')} AS overall, au.programme_id, au.submitted_at,
       (SELECT count(*) FROM actions x WHERE x.audit_id = au.id AND x.status = 'open' AND x.due_date >= ? AND x.due_moves < ?),
       EXISTS (SELECT 1 FROM actions x WHERE x.audit_id = au.id AND x.status IN ('done', 'verified'))
     FROM audits au
     WHERE au.submitted_at IS NOT NULL AND EXISTS (SELECT 1 FROM actions x WHERE x.audit_id = au.id) AND overall IN ('3', '4')`,
  )
    .raw()
    .all(driftsFrom, DRIFT_DUE_DATE_MOVES) as [string, string, string, string | null, string, number, number][];
  const audits: AuditInput[] = new Array(rows.length);
  const standIn = (auditId: string, caseId: string, n: number, status: 'open' | 'done'): ActionInput => ({
    id: `stand-in:${auditId}:${n}`, caseId, auditId, title: '', owner: '', team: '', status, dueDate: '9999-12-31', doneDate: null, dueDateMoves: 0, priority: 'medium',
  });
  rows.forEach(([auditId, caseId, overall, programmeId, submittedAt, open, progressed], i) => {
    audits[i] = { id: auditId, caseId, overall: toGrade(overall), programmeId, submittedAt };
    for (let n = 0; n < open; n++) actions.push(standIn(auditId, caseId, n, 'open'));
    if (progressed) actions.push(standIn(auditId, caseId, -1, 'done'));
  });
  return { actions, audits };
}

/** Submitted audits graded 3 or 4 overall that raised actions (the only ones the programme rule can catch). */
export function driftAudits(db: Db): AuditInput[] {
  const rows = prepared(
    db,
    `SELECT au.id, au.case_id, ${overallOf('au')}, au.programme_id, au.submitted_at FROM audits au
     WHERE au.submitted_at IS NOT NULL AND EXISTS (SELECT 1 FROM actions x WHERE x.audit_id = au.id)
       AND ${overallOf('au')} IN ('3', '4')`,
  )
    .raw()
    .all() as [string, string, string, string | null, string][];
  return rows.map((r) => ({ id: r[0], caseId: r[1], overall: toGrade(r[2]), programmeId: r[3], submittedAt: r[4] }));
}

export function driftProgrammes(db: Db): ProgrammeInput[] {
  const rows = prepared(db, 'SELECT id, period_start AS start FROM programmes WHERE period_start IS NOT NULL').all() as { id: ProgrammeRow['id']; start: string }[];
  // Start dates may be stored as dates or instants; the rule compares London calendar dates.
  const out: ProgrammeInput[] = [];
  for (const r of rows) {
    try {
      out.push({ id: r.id, startDate: toLondonDate(r.start) });
    } catch {
      /* a programme without a readable start date has not started */
    }
  }
  return out;
}

export function programmeNames(db: Db): { id: string; name: string }[] {
  return prepared(db, 'SELECT id, name FROM programmes ORDER BY name').all() as Pick<ProgrammeRow, 'id' | 'name'>[];
}

export interface CaseInfo {
  id: string;
  reference: string;
  team: string;
  worker: string;
  case_type: string;
}

export function casesByIds(db: Db, ids: string[]): Map<string, CaseInfo> {
  const out = new Map<string, CaseInfo>();
  if (ids.length === 0) return out;
  const stmt = prepared(db, 'SELECT id, reference, team, worker, case_type FROM cases WHERE id IN (SELECT value FROM json_each(?))');
  for (const r of stmt.all(JSON.stringify(ids)) as CaseInfo[]) out.set(r.id, r);
  return out;
}
