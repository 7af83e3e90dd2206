/**
 * Moderation records and actions for exports, read with this feature's own queries.
 * Each reader first checks that its table exists (migrations 004 and 005), so exports
 * work on a database from before those features and pick them up as they arrive.
 */
import { gradeFromDb } from '../db/grades';
import type { Db } from '../db/open';
import { hasTable } from './queries';

export const toGrade = gradeFromDb;

export const OVERALL_KEY = 'overall';

export interface ModerationRow {
  id: string;
  audit_id: string;
  mode: string;
  moderator_name: string | null;
  status: string;
  started_at: string;
  finished_at: string | null;
  return_reasons: string;
  /** Justifications for overall grades that break a limiting rule (migration 009; '' when none). */
  moderator_rule_justification: string;
  agreed_rule_justification: string;
  /** "Both agree" (migration 009): when the moderator agreed, when the auditor acknowledged. */
  moderator_agreed_at: string | null;
  auditor_agreed_at: string | null;
  reconsider_reason: string;
  reconsider_requested_at: string | null;
  /** The moderator's answer to the request (migration 012). */
  reconsider_answer: string | null;
  reconsider_answer_rationale: string;
  reconsider_answered_at: string | null;
}

export interface ModerationGradeRow {
  moderation_id: string;
  section_key: string;
  auditor_grade: string | null;
  moderator_grade: string | null;
  moderator_rationale: string;
  moderator_reason: string | null;
  agreed_grade: string | null;
  agreed_rationale: string;
  reason_code: string | null;
}

export interface ModerationData {
  /** The latest moderation of each audit. */
  latest: Map<string, ModerationRow>;
  /** Grades of those moderations, by moderation id then section key ('overall' for the overall grade). */
  grades: Map<string, Map<string, ModerationGradeRow>>;
  /** Audits agreed without moderation (moderation_unmoderated). */
  unmoderated: Set<string>;
  /** Why a QA lead agreed an audit without moderation below the moderation share (migration 009). */
  belowShare: Map<string, string>;
  available: boolean;
}

const ids = (list: string[]): string => JSON.stringify(list);

export function readModeration(db: Db, auditIds: string[]): ModerationData {
  const out: ModerationData = { latest: new Map(), grades: new Map(), unmoderated: new Set(), belowShare: new Map(), available: false };
  if (!hasTable(db, 'moderations') || !hasTable(db, 'moderation_grades')) return out;
  out.available = true;
  const rules = ['moderator_rule_justification', 'agreed_rule_justification', 'moderator_agreed_at', 'auditor_agreed_at', 'reconsider_reason', 'reconsider_requested_at', 'reconsider_answer', 'reconsider_answer_rationale', 'reconsider_answered_at']
    .map((c) => `m.${c}`)
    .join(', ');
  const rows = db
    .prepare(
      `SELECT m.id, m.audit_id, m.mode, m.status, m.started_at, m.finished_at, m.return_reasons, ${rules}, u.name AS moderator_name
       FROM moderations m LEFT JOIN users u ON u.id = m.moderator_id
       WHERE m.audit_id IN (SELECT value FROM json_each(?)) ORDER BY m.audit_id, m.started_at, m.id`,
    )
    .all(ids(auditIds)) as ModerationRow[];
  for (const row of rows) out.latest.set(row.audit_id, row);
  const modIds = [...out.latest.values()].map((m) => m.id);
  const grades = db.prepare('SELECT * FROM moderation_grades WHERE moderation_id IN (SELECT value FROM json_each(?))').all(ids(modIds)) as ModerationGradeRow[];
  for (const g of grades) {
    let map = out.grades.get(g.moderation_id);
    if (!map) out.grades.set(g.moderation_id, (map = new Map()));
    map.set(g.section_key, g);
  }
  if (hasTable(db, 'moderation_unmoderated')) {
    const un = db.prepare('SELECT DISTINCT audit_id FROM moderation_unmoderated WHERE audit_id IN (SELECT value FROM json_each(?))').all(ids(auditIds)) as {
      audit_id: string;
    }[];
    for (const u of un) out.unmoderated.add(u.audit_id);
    const why = db.prepare("SELECT audit_id, below_share_reason FROM moderation_unmoderated WHERE below_share_reason <> '' AND audit_id IN (SELECT value FROM json_each(?))").all(ids(auditIds)) as { audit_id: string; below_share_reason: string }[];
    for (const w of why) out.belowShare.set(w.audit_id, w.below_share_reason);
  }
  return out;
}

export interface ActionRow {
  id: string;
  audit_id: string;
  case_id: string;
  section_key: string | null;
  title: string;
  owner_name: string;
  owner_role: string;
  team: string;
  due_date: string;
  priority: string;
  status: string;
  due_moves: number;
  done_note: string;
  done_on: string | null;
  cancel_reason: string;
  verified_by_name: string | null;
  verified_at: string | null;
  created_at: string;
  case_ref: string;
}

/** Actions raised by these audits (or every action when auditIds is null), by due date. */
export function readActions(db: Db, auditIds: string[] | null): { rows: ActionRow[]; available: boolean } {
  const select = `SELECT a.id, a.audit_id, a.case_id, a.title, a.owner_name, a.owner_role, a.team, a.due_date, a.priority, a.status, a.created_at,
      a.section_key, a.due_moves, a.done_note, a.done_on, a.cancel_reason, a.verified_by_name, a.verified_at, c.reference AS case_ref
    FROM actions a JOIN cases c ON c.id = a.case_id`;
  const order = 'ORDER BY a.due_date, c.reference COLLATE NOCASE, a.id';
  const rows =
    auditIds === null
      ? (db.prepare(`${select} ${order}`).all() as ActionRow[])
      : (db.prepare(`${select} WHERE a.audit_id IN (SELECT value FROM json_each(?)) ${order}`).all(ids(auditIds)) as ActionRow[]);
  return { rows, available: true };
}

export interface DueMoveRow {
  action_id: string;
  from_date: string;
  to_date: string;
  reason: string;
  moved_at: string;
  moved_by_name: string;
}

export function readDueMoves(db: Db): DueMoveRow[] {
  if (!hasTable(db, 'action_due_moves')) return [];
  return db.prepare('SELECT action_id, from_date, to_date, reason, moved_at, moved_by_name FROM action_due_moves ORDER BY moved_at').all() as DueMoveRow[];
}
