/**
 * Read-only queries for exports (db first, bound parameters). Later features' tables
 * (moderation, actions, programmes) may not exist yet: `hasTable` / `columnsOf` let the
 * readers pick them up when their migrations arrive.
 */
import type { PackScope } from '../../../shared/api/exports';
import { toLondonDate } from '../../../shared/domain/dates';
import type { TemplateDefinition } from '../../../shared/domain/template';
import type { Db } from '../db/open';
import { prepared } from '../write';

export function hasTable(db: Db, name: string): boolean {
  return !!prepared(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?").get(name);
}

/** Column names of a table (empty when it does not exist). */
export function columnsOf(db: Db, table: string): Set<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table) || !hasTable(db, table)) return new Set();
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
}

export interface AuditRow {
  id: string;
  case_id: string;
  template_id: string;
  programme_id: string | null;
  auditor_id: string;
  status: string;
  overall_grade: string | null;
  key_findings: string;
  strengths: string;
  areas: string;
  feedback: string;
  justification: string;
  follows_audit_id: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  case_ref: string;
  team: string;
  worker: string;
  case_type: string;
  age_band: string;
  opened_on: string | null;
  closed_on: string | null;
  auditor_name: string | null;
  auditor_title: string | null;
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

/** Programmes, when the programmes feature's table exists (name and start date columns guessed tolerantly). */
export function programmes(db: Db): ProgrammeInfo[] {
  const cols = columnsOf(db, 'programmes');
  if (!cols.has('id')) return [];
  const name = cols.has('name') ? 'name' : cols.has('title') ? 'title' : 'id';
  const start = ['start_date', 'period_start', 'starts_on', 'start_on', 'period_from'].find((c) => cols.has(c));
  const rows = db.prepare(`SELECT id, ${name} AS name${start ? `, ${start} AS start` : ''} FROM programmes ORDER BY ${start ?? name}`).all() as {
    id: string;
    name: string;
    start?: string | null;
  }[];
  return rows.map((r) => ({ id: r.id, name: String(r.name), startDate: r.start ?? null }));
}
