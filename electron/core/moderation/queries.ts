import type { ModerationMode, ModerationRecord, ModerationStatus, ReasonCode } from '../../../shared/api/moderation';
import type { AuditRow as StoredAudit, CaseRow } from '../entities/rows';
import { gradeFromDb, gradeToDb } from '../db/grades';
import type { TemplateDefinition } from '../../../shared/domain/template';
import type { Db } from '../db/open';
import { notFound } from '../errors';
import { prepared } from '../write';

/** '1'..'4' | 'na' | null in the database ↔ 1..4 | 'na' | null in the app. */
export const toGrade = gradeFromDb;
export const fromGrade = gradeToDb;

/** An audit as moderation reads it: the stored row (entity registry) with its case and names. */
export interface AuditRow extends StoredAudit, Pick<CaseRow, 'reference' | 'team' | 'case_type' | 'age_band' | 'worker'> {
  auditor_name: string;
  programme_name: string | null;
}

export function getAudit(db: Db, auditId: string): AuditRow {
  const row = prepared(
    db,
    `SELECT a.*, c.reference, c.team, c.case_type, c.age_band, c.worker, u.name AS auditor_name, p.name AS programme_name
     FROM audits a JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = a.auditor_id
     LEFT JOIN programmes p ON p.id = a.programme_id WHERE a.id = ?`,
  ).get(auditId) as AuditRow | undefined;
  if (!row) throw notFound('Audit', auditId);
  return row;
}

const templateCache = new WeakMap<Db, Map<string, TemplateDefinition & { displayName: string }>>();
/** A template version's definition (published versions never change, so they are cached). */
export function getTemplate(db: Db, templateId: string): TemplateDefinition & { displayName: string } {
  let cache = templateCache.get(db);
  if (!cache) templateCache.set(db, (cache = new Map()));
  const hit = cache.get(templateId);
  if (hit) return hit;
  const row = prepared(db, 'SELECT name, status, definition FROM templates WHERE id = ?').get(templateId) as
    | { name: string; status: string; definition: string }
    | undefined;
  if (!row) throw notFound('Template', templateId);
  const def = { ...(JSON.parse(row.definition) as TemplateDefinition), displayName: row.name };
  if (row.status === 'published') cache.set(templateId, def);
  return def;
}

export function sectionGrades(db: Db, auditId: string): { section_key: string; grade: string | null; evidence: string }[] {
  return prepared(db, 'SELECT section_key, grade, evidence FROM audit_sections WHERE audit_id = ?').all(auditId) as {
    section_key: string;
    grade: string | null;
    evidence: string;
  }[];
}

export function answers(db: Db, auditId: string): Record<string, string> {
  const rows = prepared(db, 'SELECT question_key, answer FROM audit_answers WHERE audit_id = ?').all(auditId) as { question_key: string; answer: string }[];
  return Object.fromEntries(rows.map((r) => [r.question_key, r.answer]));
}

interface ModerationDbRow {
  id: string;
  audit_id: string;
  mode: string;
  moderator_id: string;
  moderator_name: string;
  status: string;
  started_at: string;
  graded_at: string | null;
  finished_at: string | null;
  return_reasons: string;
  moderator_rule_justification: string;
  agreed_rule_justification: string;
  moderator_agreed_at: string | null;
  auditor_agreed_at: string | null;
  reconsider_reason: string;
  reconsider_requested_at: string | null;
  reconsider_answer: 'kept' | 'changed' | null;
  reconsider_answer_rationale: string;
  reconsider_answered_at: string | null;
}

const toRecord = (r: ModerationDbRow): ModerationRecord => ({
  id: r.id,
  mode: r.mode as ModerationMode,
  status: r.status as ModerationStatus,
  moderatorId: r.moderator_id,
  moderatorName: r.moderator_name,
  startedAt: r.started_at,
  gradedAt: r.graded_at,
  finishedAt: r.finished_at,
  returnReasons: JSON.parse(r.return_reasons) as string[],
  ruleJustification: { moderator: r.moderator_rule_justification, agreed: r.agreed_rule_justification },
  moderatorAgreedAt: r.moderator_agreed_at,
  auditorAgreedAt: r.auditor_agreed_at,
  reconsider: r.reconsider_requested_at
    ? { reason: r.reconsider_reason, requestedAt: r.reconsider_requested_at, answer: r.reconsider_answer, answerRationale: r.reconsider_answer_rationale, answeredAt: r.reconsider_answered_at }
    : null,
});

/** Every moderation of an audit, oldest first. */
export function moderationsOf(db: Db, auditId: string): ModerationRecord[] {
  return (
    prepared(
      db,
      `SELECT m.*, u.name AS moderator_name FROM moderations m JOIN users u ON u.id = m.moderator_id
       WHERE m.audit_id = ? ORDER BY m.started_at, m.id`,
    ).all(auditId) as ModerationDbRow[]
  ).map(toRecord);
}

export interface GradeRow {
  section_key: string;
  auditor_grade: string | null;
  moderator_grade: string | null;
  moderator_rationale: string;
  moderator_reason: ReasonCode | null;
  agreed_grade: string | null;
  agreed_rationale: string;
  reason_code: ReasonCode | null;
  reconciled: number;
}

export function gradesOf(db: Db, moderationId: string): Map<string, GradeRow> {
  const rows = prepared(db, 'SELECT * FROM moderation_grades WHERE moderation_id = ?').all(moderationId) as GradeRow[];
  return new Map(rows.map((r) => [r.section_key, r]));
}

export interface PickRow {
  draw_id: string;
  reason: 'random' | 'auditor-outside-tolerance';
  seed: number;
  drawn_at: string;
}

/** The latest sample draw that picked this audit, if any. */
export function pickOf(db: Db, auditId: string): PickRow | null {
  return (
    (prepared(
      db,
      `SELECT p.draw_id, p.reason, d.seed, d.drawn_at FROM moderation_picks p JOIN moderation_draws d ON d.id = p.draw_id
       WHERE p.audit_id = ? ORDER BY d.drawn_at DESC LIMIT 1`,
    ).get(auditId) as PickRow | undefined) ?? null
  );
}

export function getNumberSetting(db: Db, key: string): number | null {
  const row = prepared(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? Number(row.value) : null;
}
