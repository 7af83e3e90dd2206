/**
 * Read-only queries for exports (db first, bound parameters). Later features' tables
 * columns come from the entity registry (electron/core/entities), never guessed.
 */
import type { PackScope } from '../../../shared/api/exports';
import { toLondonDate } from '../../../shared/domain/dates';
import type { TemplateDefinition } from '../../../shared/domain/template';
import type { Db } from '../db/open';
import type { AuditRow as StoredAudit, CaseRow, ProgrammeRow, UserRow } from '../entities/rows';
import { prepared } from '../write';

export function hasTable(db: Db, name: string): boolean {
  return !!prepared(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?").get(name);
}

/** An audit as exports read it: the registry's audit row, with its case's and auditor's fields beside it. */
export interface AuditRow
  extends StoredAudit,
    Pick<CaseRow, 'team' | 'worker' | 'case_type' | 'age_band' | 'opened_on' | 'closed_on'> {
  case_ref: CaseRow['reference'];
  auditor_name: UserRow['name'] | null;
  auditor_title: UserRow['job_title'] | null;
}

const AUDIT_SELECT = `
  SELECT a.*, c.reference AS case_ref, c.team, c.worker, c.case_type, c.age_band, c.opened_on, c.closed_on,
         u.name AS auditor_name, u.job_title AS auditor_title
  FROM audits a JOIN cases c ON c.id = a.case_id LEFT JOIN users u ON u.id = a.auditor_id`;

export function getAuditRow(db: Db, auditId: string): AuditRow | undefined {
  return prepared(db, `${AUDIT_SELECT} WHERE a.id = ?`).get(auditId) as AuditRow | undefined;
}

/** The date an audit counts on for a period: submission, or creation for a draft (London calendar). */
export const auditDate = (a: Pick<AuditRow, 'submitted_at' | 'created_at'>): string => toLondonDate(a.submitted_at ?? a.created_at);

/** Audits that belong in a pack: submitted, in moderation or agreed, in the scope, by team then case. */
export function packAuditRows(db: Db, scope: PackScope): AuditRow[] {
  const where = ["a.status IN ('submitted', 'in-moderation', 'agreed')"];
  const params: string[] = [];
  if (scope.programmeId) {
    where.push('a.programme_id = ?');
    params.push(scope.programmeId);
  }
  if (scope.team) {
    where.push('c.team = ? COLLATE NOCASE');
    params.push(scope.team);
  }
  const rows = prepared(db, `${AUDIT_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.team COLLATE NOCASE, c.reference COLLATE NOCASE, a.submitted_at`).all(
    ...params,
  ) as AuditRow[];
  if (!scope.from && !scope.to) return rows;
  return rows.filter((a) => {
    const d = auditDate(a);
    return (!scope.from || d >= scope.from) && (!scope.to || d <= scope.to);
  });
}

/** Every audit (any status), for data exports. */
export function allAuditRows(db: Db): AuditRow[] {
  return prepared(db, `${AUDIT_SELECT} ORDER BY c.reference COLLATE NOCASE, a.created_at`).all() as AuditRow[];
}

export interface SectionRow {
  audit_id: string;
  section_key: string;
  grade: string | null;
  evidence: string;
}

export interface AnswerRow {
  audit_id: string;
  question_key: string;
  answer: string;
}

/** Groups rows by audit id, for a set of audits (one query each, ids passed as JSON). */
function byAudit<T extends { audit_id: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.audit_id);
    if (list) list.push(row);
    else map.set(row.audit_id, [row]);
  }
  return map;
}

export function sectionsOf(db: Db, auditIds: string[]): Map<string, SectionRow[]> {
  const rows = prepared(db, 'SELECT * FROM audit_sections WHERE audit_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(auditIds)) as SectionRow[];
  return byAudit(rows);
}

export function answersOf(db: Db, auditIds: string[]): Map<string, AnswerRow[]> {
  const rows = prepared(db, 'SELECT * FROM audit_answers WHERE audit_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(auditIds)) as AnswerRow[];
  return byAudit(rows);
}

const templateCache = new WeakMap<Db, Map<string, TemplateDefinition>>();
/** A template version's definition (cached: published versions never change). */
export function templateOf(db: Db, templateId: string): TemplateDefinition | null {
  let cache = templateCache.get(db);
  if (!cache) templateCache.set(db, (cache = new Map()));
  const hit = cache.get(templateId);
  if (hit) return hit;
  const row = prepared(db, 'SELECT definition FROM templates WHERE id = ?').get(templateId) as { definition: string } | undefined;
  if (!row) return null;
  const def = JSON.parse(row.definition) as TemplateDefinition;
  cache.set(templateId, def);
  return def;
}

export function userNames(db: Db): Map<string, { name: string; jobTitle: string }> {
  const rows = prepared(db, 'SELECT id, name, job_title FROM users').all() as { id: string; name: string; job_title: string }[];
  return new Map(rows.map((r) => [r.id, { name: r.name, jobTitle: r.job_title }]));
}

export function teams(db: Db): string[] {
  return (prepared(db, 'SELECT DISTINCT team FROM cases ORDER BY team COLLATE NOCASE').all() as { team: string }[]).map((r) => r.team);
}

export function auditDateRange(db: Db): { first: string | null; last: string | null; count: number } {
  const row = prepared(
    db,
    "SELECT min(coalesce(submitted_at, created_at)) AS first, max(coalesce(submitted_at, created_at)) AS last, count(*) AS n FROM audits WHERE status IN ('submitted', 'in-moderation', 'agreed')",
  ).get() as { first: string | null; last: string | null; n: number };
  return { first: row.first ? toLondonDate(row.first) : null, last: row.last ? toLondonDate(row.last) : null, count: row.n };
}

export interface ProgrammeInfo {
  id: string;
  name: string;
  startDate: string | null;
}

/** Programmes, by start date (columns from the entity registry's ProgrammeRow). */
export function programmes(db: Db): ProgrammeInfo[] {
  const rows = prepared(db, 'SELECT id, name, period_start AS start FROM programmes ORDER BY period_start, name').all() as (Pick<ProgrammeRow, 'id' | 'name'> & {
    start: ProgrammeRow['period_start'];
  })[];
  return rows.map((r) => ({ id: r.id, name: r.name, startDate: r.start }));
}
