import type { z } from 'zod';
import type { ActionRow, DriftCaseRow, FollowUp, TimelinessReport, TrackerPage, trackerInput } from '../../../shared/api/actions';
import { londonDate, toLondonDate } from '../../../shared/domain/dates';
import { driftingCases, timelinessByMonth, timelinessFigures, type ActionInput, type DriftingCase, type DriftReason } from '../../../shared/domain/drift';
import type { CoreContext } from '../context';
import type { Db } from '../db/open';
import { prepared } from '../write';
import {
  ACTION_SELECT, casesByIds, overallOf, driftActions, driftAudits, driftRuleInputs, driftProgrammes, rowToAction, toGrade,
  type ActionDbRow, type DriftIndex,
} from './queries';

/** One collator for every sort: 'N-9' before 'N-10', case-insensitive enough for names. */
const COLLATOR = new Intl.Collator('en-GB', { numeric: true });

export const todayOf = (ctx: CoreContext): string => londonDate(ctx.now());

/** Every drifting case with its reasons, as the pure rule finds them today (from the fast equivalent input, or from `allActions` when given). */
export function computeDrift(db: Db, today: string, allActions?: ActionInput[]): DriftingCase[] {
  const { actions, audits } = allActions ? { actions: allActions, audits: driftAudits(db) } : driftRuleInputs(db, today);
  return driftingCases({ today, actions, audits, programmes: driftProgrammes(db) });
}

export function indexDrift(cases: DriftingCase[]): DriftIndex {
  const index: DriftIndex = { byAction: new Map(), byAudit: new Map() };
  const push = (map: Map<string, DriftReason[]>, key: string, r: DriftReason) => {
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  };
  for (const c of cases) {
    for (const r of c.reasons) {
      if (r.actionId) push(index.byAction, r.actionId, r);
      else if (r.auditId) push(index.byAudit, r.auditId, r);
    }
  }
  return index;
}

/** Drifting cases with what a reader needs to find them (reference, team, worker, type). */
export function driftReport(db: Db, today: string, filter: { team?: string; teams?: string[] } = {}): DriftCaseRow[] {
  const cases = computeDrift(db, today);
  const info = casesByIds(db, cases.map((c) => c.caseId));
  const teams = filter.teams ? new Set(filter.teams) : null;
  const rows: DriftCaseRow[] = [];
  for (const c of cases) {
    const ci = info.get(c.caseId);
    if (!ci) continue;
    if (filter.team && ci.team !== filter.team) continue;
    if (teams && !teams.has(ci.team)) continue;
    rows.push({ caseId: c.caseId, caseReference: ci.reference, team: ci.team, worker: ci.worker, caseType: ci.case_type, reasons: c.reasons });
  }
  return rows.sort((a, b) => b.reasons.length - a.reasons.length || COLLATOR.compare(a.caseReference, b.caseReference));
}

const PRIORITY_ORDER: Record<string, number> = { high: 0, medium: 1, low: 2 };
const STATUS_ORDER: Record<string, number> = { open: 0, done: 1, verified: 2, cancelled: 3 };
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const SORTS: Record<string, (a: ActionRow, b: ActionRow) => number> = {
  due: (a, b) => cmp(a.dueDate, b.dueDate) || PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority],
  priority: (a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || cmp(a.dueDate, b.dueDate),
  owner: (a, b) => COLLATOR.compare(a.ownerName, b.ownerName) || cmp(a.dueDate, b.dueDate),
  team: (a, b) => cmp(a.team, b.team) || cmp(a.dueDate, b.dueDate),
  status: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || cmp(a.dueDate, b.dueDate),
  case: (a, b) => COLLATOR.compare(a.caseReference, b.caseReference) || cmp(a.dueDate, b.dueDate),
  // Most overdue first when descending; then open before closed, then the earliest due.
  overdue: (a, b) => a.daysOverdue - b.daysOverdue || STATUS_ORDER[b.status] - STATUS_ORDER[a.status] || cmp(b.dueDate, a.dueDate),
};

/** The tracker: every action, filtered and sorted, with overdue and drift worked out for today. */
export function trackerList(db: Db, today: string, q: z.output<typeof trackerInput>, hidden: ReadonlySet<string> = new Set()): TrackerPage {
  const drift = indexDrift(computeDrift(db, today));
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (q.team) add('a.team = ?', q.team);
  if (q.owner) add('a.owner_name = ? COLLATE NOCASE', q.owner);
  if (q.status) add('a.status = ?', q.status);
  if (q.priority) add('a.priority = ?', q.priority);
  if (q.caseId) add('a.case_id = ?', q.caseId);
  if (q.caseRef) add("instr(lower(c.reference), lower(?)) > 0", q.caseRef);
  if (q.programmeId) add('au.programme_id = ?', q.programmeId);
  if (q.overdue === true) add("a.status = 'open' AND a.due_date < ?", today);
  if (q.overdue === false) add("NOT (a.status = 'open' AND a.due_date < ?)", today);
  // Built from fixed fragments only; every value is bound.
  const sql = where.length ? `${ACTION_SELECT} WHERE ${where.join(' AND ')}` : ACTION_SELECT;
  const rows: ActionRow[] = [];
  for (const r of db.prepare(sql).all(...params) as ActionDbRow[]) {
    if (hidden.has(r.id)) continue; // out of the caller's scope (policy/visibility.ts), before counting and paging
    const row = rowToAction(r, today, drift);
    if (q.drifting !== undefined && row.driftReasons.length > 0 !== q.drifting) continue;
    rows.push(row);
  }
  const sort = SORTS[q.sort];
  rows.sort(q.dir === 'desc' ? (a, b) => sort(b, a) : sort);
  return { today, total: rows.length, rows: rows.slice(q.offset, q.offset + q.limit) };
}

/** Actions as rows for a given list of database rows (audit panel, reminders), with drift for today. */
export function toRows(db: Db, today: string, rows: ActionDbRow[]): ActionRow[] {
  if (rows.length === 0) return [];
  const drift = indexDrift(computeDrift(db, today));
  return rows.map((r) => rowToAction(r, today, drift));
}

/** Done-on-time figures per team, owner and month; `visible` keeps only the actions the caller may see. */
export function timelinessReport(db: Db, today: string, filter: { team?: string; programmeId?: string }, visible?: (actionId: string) => boolean): TimelinessReport {
  let actions = driftActions(db);
  if (visible) actions = actions.filter((a) => visible(a.id));
  if (filter.team) actions = actions.filter((a) => a.team === filter.team);
  if (filter.programmeId) {
    const audits = new Set((prepared(db, 'SELECT id FROM audits WHERE programme_id = ?').all(filter.programmeId) as { id: string }[]).map((r) => r.id));
    actions = actions.filter((a) => audits.has(a.auditId));
  }
  const overall = timelinessFigures(actions, today)[0] ?? { key: 'all', due: 0, doneOnTime: 0, doneOnTimePct: null, medianDaysLate: null, openOverdue: 0 };
  return {
    today,
    overall,
    byTeam: timelinessFigures(actions, today, (a) => a.team),
    byOwner: timelinessFigures(actions, today, (a) => a.owner),
    byMonth: timelinessByMonth(actions, today),
  };
}

/** Every re-audit of a case that follows an earlier audit, with the overall grade before and after. */
export function followUps(db: Db, caseId: string): FollowUp[] {
  const rows = prepared(
    db,
    `SELECT f.id AS after_id, ${overallOf('f')} AS after_grade, f.status AS after_status, f.submitted_at AS after_at,
            b.id AS before_id, ${overallOf('b')} AS before_grade, b.submitted_at AS before_at, b.case_id AS case_id,
            (SELECT x.id FROM actions x WHERE x.follow_up_audit_id = f.id ORDER BY x.id LIMIT 1) AS action_id
     FROM audits f JOIN audits b ON b.id = f.follows_audit_id
     WHERE f.case_id = ? ORDER BY f.created_at, f.id`,
  ).all(caseId) as {
    after_id: string; after_grade: string | null; after_status: string; after_at: string | null;
    before_id: string; before_grade: string | null; before_at: string | null; case_id: string; action_id: string | null;
  }[];
  const day = (v: string | null) => (v ? toLondonDate(v) : null);
  return rows.map((r) => ({
    actionId: r.action_id,
    caseId: r.case_id,
    beforeAuditId: r.before_id,
    gradeBefore: toGrade(r.before_grade),
    beforeDate: day(r.before_at),
    afterAuditId: r.after_id,
    // A draft re-audit has no grade yet to compare.
    gradeAfter: r.after_status === 'draft' ? null : toGrade(r.after_grade),
    afterStatus: r.after_status,
    afterDate: day(r.after_at),
  }));
}
