/**
 * Moderation records and actions for exports, read with this feature's own queries.
 * Row types come from the entity registry's rows (electron/core/entities/rows.ts); the columns
 * read are listed once and the types are picked from them, so a renamed column fails the type check.
 * Each reader first checks that its table exists (migrations 004 and 005), so exports
 * work on a database from before those features and pick them up as they arrive.
 */
import { gradeFromDb } from '../db/grades';
import type { Db } from '../db/open';
import type * as Rows from '../entities/rows';
import { hasTable } from './queries';

export const toGrade = gradeFromDb;

export const OVERALL_KEY = 'overall';

const MODERATION_COLUMNS = [
  'id', 'audit_id', 'mode', 'status', 'started_at', 'finished_at', 'return_reasons',
  /* Justifications for overall grades that break a limiting rule (migration 009; '' when none). */
  'moderator_rule_justification', 'agreed_rule_justification',
  /* "Both agree" (migration 009): when the moderator agreed, when the auditor acknowledged; the reconsider request and its answer (012). */
  'moderator_agreed_at', 'auditor_agreed_at', 'reconsider_reason', 'reconsider_requested_at',
  'reconsider_answer', 'reconsider_answer_rationale', 'reconsider_answered_at',
] as const satisfies readonly (keyof Rows.ModerationRow)[];

export type ModerationRow = Pick<Rows.ModerationRow, (typeof MODERATION_COLUMNS)[number]> & { moderator_name: string | null };

export type ModerationGradeRow = Rows.ModerationGradeRow;

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
  const columns = MODERATION_COLUMNS.map((c) => `m.${c}`).join(', ');
  const rows = db
    .prepare(
      `SELECT ${columns}, u.name AS moderator_name
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

const ACTION_COLUMNS = [
  'id', 'audit_id', 'case_id', 'section_key', 'title', 'owner_name', 'owner_role', 'team', 'due_date', 'priority', 'status',
  'due_moves', 'done_note', 'done_on', 'cancel_reason', 'verified_by_name', 'verified_at', 'created_at',
] as const satisfies readonly (keyof Rows.ActionRow)[];

export type ActionRow = Pick<Rows.ActionRow, (typeof ACTION_COLUMNS)[number]> & { case_ref: string };

/** Actions raised by these audits (or every action when auditIds is null), by due date. */
export function readActions(db: Db, auditIds: string[] | null): { rows: ActionRow[]; available: boolean } {
  const select = `SELECT ${ACTION_COLUMNS.map((c) => `a.${c}`).join(', ')}, c.reference AS case_ref FROM actions a JOIN cases c ON c.id = a.case_id`;
  const order = 'ORDER BY a.due_date, c.reference COLLATE NOCASE, a.id';
  const rows =
    auditIds === null
      ? (db.prepare(`${select} ${order}`).all() as ActionRow[])
      : (db.prepare(`${select} WHERE a.audit_id IN (SELECT value FROM json_each(?)) ${order}`).all(ids(auditIds)) as ActionRow[]);
  return { rows, available: true };
}

const DUE_MOVE_COLUMNS = ['action_id', 'from_date', 'to_date', 'reason', 'moved_at', 'moved_by_name'] as const satisfies readonly (keyof Rows.ActionDueMoveRow)[];

export type DueMoveRow = Pick<Rows.ActionDueMoveRow, (typeof DUE_MOVE_COLUMNS)[number]>;

export function readDueMoves(db: Db): DueMoveRow[] {
  if (!hasTable(db, 'action_due_moves')) return [];
  return db.prepare(`SELECT ${DUE_MOVE_COLUMNS.join(', ')} FROM action_due_moves ORDER BY moved_at`).all() as DueMoveRow[];
}
