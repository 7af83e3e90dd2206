import type { CaseRow as CaseDbRow } from '../entities/rows';
import type { AgeBand, CaseAudit, CaseListQuery, CaseRecord, CaseRow, CaseType, ImportMapping } from '../../../shared/api/cases';
import type { Db } from '../db/open';
import { countsAsAudited, lastAuditedDate } from '../audits/lastAudited';
import { prepared } from '../write';
import { overallFromDb } from '../db/grades';

export const MAPPING_KEY = 'cases.import_mapping';

export function toCaseRecord(r: CaseDbRow): CaseRecord {
  return {
    id: r.id,
    reference: r.reference,
    team: r.team,
    worker: r.worker,
    caseType: r.case_type as CaseType,
    ageBand: r.age_band as AgeBand,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function getCase(db: Db, id: string): CaseRecord | null {
  const row = prepared(db, 'SELECT * FROM cases WHERE id = ?').get(id) as CaseDbRow | undefined;
  return row ? toCaseRecord(row) : null;
}

/** The case holding this reference (compared without case), if any. */
export function caseIdByReference(db: Db, reference: string): string | null {
  const row = prepared(db, 'SELECT id FROM cases WHERE reference = ? ORDER BY id LIMIT 1').get(reference) as { id: string } | undefined;
  return row?.id ?? null;
}

/** Every reference in the register, lower-cased, for fast duplicate checks during an import. */
export function existingReferences(db: Db): Set<string> {
  const set = new Set<string>();
  for (const row of prepared(db, 'SELECT reference FROM cases').iterate()) set.add((row as { reference: string }).reference.toLowerCase());
  return set;
}

/** A case as a re-import compares it, keyed by lower-cased reference. */
export interface StoredCase {
  id: string;
  reference: string;
  team: string;
  worker: string;
  case_type: string;
  age_band: string;
  opened_on: string | null;
  closed_on: string | null;
}

export function casesByReference(db: Db): Map<string, StoredCase> {
  const map = new Map<string, StoredCase>();
  for (const row of prepared(db, 'SELECT id, reference, team, worker, case_type, age_band, opened_on, closed_on FROM cases').iterate()) {
    const c = row as StoredCase;
    map.set(c.reference.toLowerCase(), c);
  }
  return map;
}

export function listTeams(db: Db): string[] {
  return (prepared(db, 'SELECT DISTINCT team FROM cases ORDER BY team COLLATE NOCASE').all() as { team: string }[]).map((r) => r.team);
}

const SORT_SQL: Record<CaseListQuery['sort'], string> = {
  reference: 'c.reference COLLATE NOCASE',
  team: 'c.team COLLATE NOCASE',
  worker: 'c.worker COLLATE NOCASE',
  // In the order of their labels: Care leaver, Child in care, Child in need, Child protection, Early help, Pre-birth.
  caseType: "CASE c.case_type WHEN 'care-leaver' THEN 0 WHEN 'cla' THEN 1 WHEN 'cin' THEN 2 WHEN 'cp' THEN 3 WHEN 'early-help' THEN 4 ELSE 5 END",
  ageBand: "CASE c.age_band WHEN 'unborn' THEN 0 WHEN '0-4' THEN 1 WHEN '5-9' THEN 2 WHEN '10-15' THEN 3 WHEN '16-17' THEN 4 ELSE 5 END",
  // Never audited counts as the oldest.
  lastAudited: "coalesce(a.last_at, '')",
};

const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** A page of the register with its total; every value is bound, the sort comes from a fixed list. */
/** `hiddenAuditIds`: audits under blind moderation whose grade this reader may not see yet. */
export function listCases(db: Db, q: CaseListQuery, hiddenAuditIds: ReadonlySet<string> = new Set(), hiddenCaseIds: readonly string[] = []): { total: number; rows: CaseRow[] } {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (hiddenCaseIds.length) {
    where.push('c.id NOT IN (SELECT value FROM json_each(:hiddenCases))');
    params.hiddenCases = JSON.stringify(hiddenCaseIds);
  }
  if (q.search) {
    where.push("(c.reference LIKE :prefix ESCAPE '\\' OR c.worker LIKE :contains ESCAPE '\\')");
    params.prefix = `${likeEscape(q.search)}%`;
    params.contains = `%${likeEscape(q.search)}%`;
  }
  if (q.team) {
    where.push('c.team = :team');
    params.team = q.team;
  }
  if (q.caseType) {
    where.push('c.case_type = :caseType');
    params.caseType = q.caseType;
  }
  if (q.ageBand) {
    where.push('c.age_band = :ageBand');
    params.ageBand = q.ageBand;
  }
  if (q.audited) where.push(`${q.audited === 'yes' ? '' : 'NOT '}EXISTS (SELECT 1 FROM audits x WHERE x.case_id = c.id AND ${countsAsAudited('x')})`);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (prepared(db, `SELECT count(*) AS n FROM cases c ${whereSql}`).get(params) as { n: number }).n;
  const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
  const needsAudits = q.sort === 'lastAudited';
  const order = `${SORT_SQL[q.sort]} ${dir}, c.reference COLLATE NOCASE ${dir}`;
  const pageSql = `
    WITH page AS (
      SELECT c.id, row_number() OVER (ORDER BY ${order}) AS n FROM cases c
      ${needsAudits ? `LEFT JOIN (SELECT z.case_id, max(z.submitted_at) AS last_at FROM audits z WHERE ${countsAsAudited('z')} GROUP BY z.case_id) a ON a.case_id = c.id` : ''}
      ${whereSql}
      ORDER BY ${order}
      LIMIT :limit OFFSET :offset
    )
    SELECT c.id, c.reference, c.team, c.worker, c.case_type, c.age_band, c.opened_on, c.closed_on,
      (SELECT count(*) FROM audits x WHERE x.case_id = c.id) AS audit_count,
      l.id AS latest_id, l.submitted_at AS last_at, l.overall_grade AS latest_overall
    FROM page p JOIN cases c ON c.id = p.id
    LEFT JOIN audits l ON l.id = (
      SELECT y.id FROM audits y WHERE y.case_id = c.id AND ${countsAsAudited('y')} ORDER BY y.submitted_at DESC LIMIT 1
    )
    ORDER BY p.n`;
  const raw = prepared(db, pageSql).all({ ...params, limit: q.limit, offset: q.offset }) as (CaseDbRow & {
    audit_count: number;
    latest_id: string | null;
    last_at: string | null;
    latest_overall: string | null;
  })[];
  const rows = raw.map((r) => {
    return {
      id: r.id,
      reference: r.reference,
      team: r.team,
      worker: r.worker,
      caseType: r.case_type as CaseType,
      ageBand: r.age_band as AgeBand,
      openedOn: r.opened_on,
      closedOn: r.closed_on,
      auditCount: r.audit_count,
      lastAuditedAt: lastAuditedDate(r.last_at),
      latestOverall: r.latest_id && hiddenAuditIds.has(r.latest_id) ? null : overallFromDb(r.latest_overall),
    };
  });
  return { total, rows };
}

export function listCaseAudits(db: Db, caseId: string): CaseAudit[] {
  const rows = prepared(
    db,
    `SELECT a.id, a.status, coalesce(u.name, 'Unknown') AS auditor_name, a.overall_grade, a.created_at, a.submitted_at, coalesce(t.name, '') AS template_name
     FROM audits a LEFT JOIN users u ON u.id = a.auditor_id LEFT JOIN templates t ON t.id = a.template_id
     WHERE a.case_id = ? ORDER BY a.created_at DESC`,
  ).all(caseId) as { id: string; status: CaseAudit['status']; auditor_name: string; overall_grade: string | null; created_at: string; submitted_at: string | null; template_name: string }[];
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    auditorName: r.auditor_name,
    overall: overallFromDb(r.overall_grade),
    createdAt: r.created_at,
    submittedAt: r.submitted_at,
    templateName: r.template_name,
  }));
}

export function readMapping(db: Db): ImportMapping | null {
  const value = (prepared(db, 'SELECT value FROM settings WHERE key = ?').get(MAPPING_KEY) as { value: string } | undefined)?.value;
  if (!value) return null;
  try {
    return JSON.parse(value) as ImportMapping;
  } catch {
    return null;
  }
}
