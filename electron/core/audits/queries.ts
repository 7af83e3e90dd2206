import type { AuditDetail, AuditFeedback, AuditStatus, SectionState } from '../../../shared/api/audits';
import { formatUkDate, toLondonDate } from '../../../shared/domain/dates';
import { gradeFromDb, gradeToDb, overallFromDb } from '../db/grades';
import type { OptimismWarning, PersonFeedback } from '../../../shared/domain/optimism';
import type { Answer } from '../../../shared/domain/template';
import type { Principal } from '../../../shared/api/session';
import type { Db } from '../db/open';
import { notFound } from '../errors';
import { auditTemplate } from './template';
import { prepared, type HistoryTarget } from '../write';
import type { AuditRow } from '../entities/rows';

/** The audit row as the entity registry declares it (one definition, electron/core/entities/rows.ts). */
export type { AuditRow };

interface AuditJoinRow extends AuditRow {
  case_reference: string;
  case_team: string;
  case_type: string;
  auditor_name: string;
}

/** The history target for every change to an audit and its child rows. */
export const auditTarget = (auditId: string, fieldPrefix?: string): HistoryTarget => ({ entity: 'audit', entityId: auditId, fieldPrefix });

export const EDITABLE_STATUSES: readonly AuditStatus[] = ['draft', 'returned'];

export { gradeFromDb, gradeToDb, overallFromDb };

const emptyPerson = (): PersonFeedback => ({ spokenTo: null, reason: '', said: '', view: null });

/** The stored feedback JSON with every field present. */
export function parseFeedback(text: string): AuditFeedback {
  let raw: Partial<Record<'child' | 'parent', Partial<PersonFeedback>>> = {};
  try {
    raw = JSON.parse(text || '{}') as typeof raw;
  } catch {
    raw = {};
  }
  return { child: { ...emptyPerson(), ...raw.child }, parent: { ...emptyPerson(), ...raw.parent } };
}

export function parseList(text: string): string[] {
  try {
    const value = JSON.parse(text || '[]') as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function getAuditRow(db: Db, id: string): AuditRow {
  const row = prepared(db, 'SELECT * FROM audits WHERE id = ?').get(id) as AuditRow | undefined;
  if (!row) throw notFound('Audit', id);
  return row;
}

export function loadSections(db: Db, auditId: string): Record<string, SectionState> {
  const rows = prepared(db, 'SELECT section_key, grade, evidence FROM audit_sections WHERE audit_id = ?').all(auditId) as {
    section_key: string;
    grade: string | null;
    evidence: string;
  }[];
  const out: Record<string, SectionState> = {};
  for (const r of rows) out[r.section_key] = { grade: gradeFromDb(r.grade), evidence: r.evidence };
  return out;
}

export function loadAnswers(db: Db, auditId: string): Record<string, Answer> {
  const rows = prepared(db, 'SELECT question_key, answer FROM audit_answers WHERE audit_id = ?').all(auditId) as { question_key: string; answer: Answer }[];
  const out: Record<string, Answer> = {};
  for (const r of rows) out[r.question_key] = r.answer;
  return out;
}

/** Why the user may not change the audit, or null when they may. */
export function readOnlyReason(row: Pick<AuditRow, 'status' | 'auditor_id' | 'submitted_at'>, auditorName: string, user: Principal | null): string | null {
  if (!user || user.id !== row.auditor_id) return `Only its auditor, ${auditorName}, can change this audit.`;
  if (EDITABLE_STATUSES.includes(row.status)) return null;
  if (row.status === 'agreed') return 'This audit has been moderated and agreed, so it is read-only.';
  const when = row.submitted_at ? ` on ${formatDay(row.submitted_at)}` : '';
  return `This audit was submitted${when} and is read-only. If something must change, ask the moderator to return it to you.`;
}

const formatDay = (instant: string): string => formatUkDate(toLondonDate(instant));

/** The audit as the editor shows it. */
export function loadAuditDetail(db: Db, id: string, user: Principal | null): AuditDetail {
  const row = prepared(
    db,
    `SELECT a.*, c.reference AS case_reference, c.team AS case_team, c.case_type AS case_type, u.name AS auditor_name
       FROM audits a JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = a.auditor_id
      WHERE a.id = ?`,
  ).get(id) as AuditJoinRow | undefined;
  if (!row) throw notFound('Audit', id);
  const reason = readOnlyReason(row, row.auditor_name, user);
  let warnings: OptimismWarning[] = [];
  try {
    warnings = JSON.parse(row.submitted_warnings || '[]') as OptimismWarning[];
  } catch {
    warnings = [];
  }
  return {
    id: row.id,
    caseId: row.case_id,
    caseReference: row.case_reference,
    team: row.case_team,
    caseType: row.case_type,
    programmeId: row.programme_id,
    templateId: row.template_id,
    template: auditTemplate(db, row.template_id),
    auditorId: row.auditor_id,
    auditorName: row.auditor_name,
    status: row.status,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    sections: loadSections(db, id),
    answers: loadAnswers(db, id),
    feedback: parseFeedback(row.feedback),
    keyFindings: row.key_findings,
    strengths: parseList(row.strengths),
    areas: parseList(row.areas),
    overall: overallFromDb(row.overall_grade),
    justification: row.justification,
    returnedReason: row.returned_reason,
    submittedWarnings: warnings,
    canEdit: reason === null,
    readOnlyReason: reason,
  };
}

/** Who last changed the audit, and when, from the history. */
export function lastChange(db: Db, auditId: string): { name: string; at: string } | null {
  const row = prepared(db, "SELECT actor_name, at FROM history WHERE entity = 'audit' AND entity_id = ? ORDER BY seq DESC LIMIT 1").get(auditId) as
    | { actor_name: string; at: string }
    | undefined;
  return row ? { name: row.actor_name, at: row.at } : null;
}
