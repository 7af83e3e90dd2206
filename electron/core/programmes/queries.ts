import type { Programme, ProgrammeCase, ProgrammeStatus, ProgrammeType, ProgressCounts, ProgressStage, SampleRecord } from '../../../shared/api/programmes';
import type { User } from '../session/users';
import { lastAuditedByCase } from '../audits/lastAudited';
import type { Db } from '../db/open';
import { notFound } from '../errors';
import { rowToUser } from '../session/users';
import { prepared } from '../write';
import type { ProgrammeRow as StoredProgramme } from '../entities/rows';

/** A programme (the registry's row) with its template's name and version (SELECT_PROGRAMME). */
export interface ProgrammeRow extends StoredProgramme {
  template_name: string;
  template_version: number;
}

const SELECT_PROGRAMME = `SELECT p.*, t.name AS template_name, t.version AS template_version
  FROM programmes p JOIN templates t ON t.id = p.template_id`;

export function rowToProgramme(row: ProgrammeRow): Programme {
  return {
    id: row.id,
    name: row.name,
    type: row.type as ProgrammeType,
    theme: row.theme,
    partnerAgencies: JSON.parse(row.partner_agencies) as string[],
    templateId: row.template_id,
    templateName: row.template_name,
    templateVersion: row.template_version,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    dueDate: row.due_date,
    status: row.status as ProgrammeStatus,
    sample: row.sample_options ? (JSON.parse(row.sample_options) as SampleRecord) : null,
    createdAt: row.created_at,
  };
}

export function getProgrammeRow(db: Db, id: string): ProgrammeRow {
  const row = prepared(db, `${SELECT_PROGRAMME} WHERE p.id = ?`).get(id) as ProgrammeRow | undefined;
  if (!row) throw notFound('Programme', id);
  return row;
}

export function listProgrammeRows(db: Db, status?: ProgrammeStatus): ProgrammeRow[] {
  const where = status ? ' WHERE p.status = ?' : '';
  return prepared(db, `${SELECT_PROGRAMME}${where} ORDER BY p.status = 'closed', p.due_date IS NULL, p.due_date, p.name`).all(
    ...(status ? [status] : []),
  ) as ProgrammeRow[];
}

/** The template version a programme names (for audits started from it). */
export function programmeTemplateId(db: Db, programmeId: string): string | null {
  const row = prepared(db, 'SELECT template_id FROM programmes WHERE id = ?').get(programmeId) as { template_id: string } | undefined;
  return row?.template_id ?? null;
}

/** Where an audit stands, as the programme page counts it. */
export function stageOf(auditStatus: string | null): ProgressStage {
  switch (auditStatus) {
    case null:
      return 'not-started';
    case 'draft':
    case 'returned':
      return 'in-progress';
    case 'submitted':
      return 'submitted';
    case 'in-moderation':
      return 'moderated';
    case 'agreed':
      return 'agreed';
    default:
      return 'in-progress';
  }
}

export function countStages(stages: ProgressStage[]): ProgressCounts {
  const counts: ProgressCounts = { 'not-started': 0, 'in-progress': 0, submitted: 0, moderated: 0, agreed: 0, total: stages.length };
  for (const s of stages) counts[s] += 1;
  return counts;
}

interface CaseRow {
  case_id: string;
  reference: string;
  team: string;
  case_type: string;
  age_band: string;
  auditor_id: string | null;
  auditor_name: string | null;
  partner_auditor: string;
  partner_agency: string;
  chosen_by: string;
  stratum: string;
  included_on_purpose: number;
  audit_id: string | null;
  audit_status: string | null;
  audit_auditor_name: string | null;
}

/** A programme's cases with their auditor and the latest audit started for them in this programme. */
export function programmeCases(db: Db, programmeId: string): ProgrammeCase[] {
  const rows = prepared(
    db,
    `SELECT pc.case_id, c.reference, c.team, c.case_type, c.age_band, pc.auditor_id, u.name AS auditor_name,
       pc.partner_auditor, pc.partner_agency, pc.chosen_by, pc.stratum, pc.included_on_purpose,
       a.id AS audit_id, a.status AS audit_status, au.name AS audit_auditor_name
     FROM programme_cases pc
     JOIN cases c ON c.id = pc.case_id
     LEFT JOIN users u ON u.id = pc.auditor_id
     LEFT JOIN audits a ON a.id = (SELECT a2.id FROM audits a2 WHERE a2.programme_id = pc.programme_id AND a2.case_id = pc.case_id
                                   ORDER BY a2.created_at DESC, a2.id DESC LIMIT 1)
     LEFT JOIN users au ON au.id = a.auditor_id
     WHERE pc.programme_id = ?
     ORDER BY c.reference`,
  ).all(programmeId) as CaseRow[];
  const last = lastAuditedByCase(db);
  return rows.map((r) => ({
    caseId: r.case_id,
    reference: r.reference,
    team: r.team,
    caseType: r.case_type,
    ageBand: r.age_band,
    auditorId: r.auditor_id,
    auditorName: r.auditor_name,
    partnerAuditor: r.partner_auditor,
    partnerAgency: r.partner_agency,
    chosenBy: r.chosen_by as 'hand' | 'sample',
    stratum: r.stratum,
    includedOnPurpose: r.included_on_purpose === 1,
    lastAuditedAt: last.get(r.case_id) ?? null,
    audit: r.audit_id ? { id: r.audit_id, status: r.audit_status as string, auditorName: r.audit_auditor_name ?? '' } : null,
    stage: stageOf(r.audit_status),
  }));
}

/** When each case was last audited (one definition with the case register: see audits/lastAudited). */
export { lastAuditedByCase };

export interface RegisterCase {
  id: string;
  reference: string;
  team: string;
  caseType: string;
  ageBand: string;
  worker: string;
}

/** The case register, optionally narrowed to some teams and case types. */
export function registerCases(db: Db, filter: { teams?: string[]; caseTypes?: string[] } = {}): RegisterCase[] {
  const rows = prepared(db, 'SELECT id, reference, team, case_type, age_band, worker FROM cases ORDER BY reference').all() as {
    id: string;
    reference: string;
    team: string;
    case_type: string;
    age_band: string;
    worker: string;
  }[];
  const teams = new Set((filter.teams ?? []).map((t) => t.trim().toLowerCase()));
  const types = new Set(filter.caseTypes ?? []);
  return rows
    .filter((r) => (teams.size === 0 || teams.has(r.team.trim().toLowerCase())) && (types.size === 0 || types.has(r.case_type)))
    .map((r) => ({ id: r.id, reference: r.reference, team: r.team, caseType: r.case_type, ageBand: r.age_band, worker: r.worker }));
}

export function auditorUsers(db: Db): User[] {
  return (prepared(db, "SELECT * FROM users WHERE role = 'auditor' AND active = 1 ORDER BY name").all() as Parameters<typeof rowToUser>[0][]).map(rowToUser);
}

/**
 * Work each person already has outside this programme: their open audits (draft or returned)
 * and the cases given to them in other planned or open programmes that nobody has started.
 */
export function openWorkElsewhere(db: Db, programmeId: string): Map<string, number> {
  const rows = prepared(
    db,
    `SELECT auditor_id, count(*) AS n FROM (
       SELECT a.auditor_id FROM audits a
        WHERE a.status IN ('draft', 'returned') AND (a.programme_id IS NULL OR a.programme_id <> @programme)
       UNION ALL
       SELECT pc.auditor_id FROM programme_cases pc JOIN programmes p ON p.id = pc.programme_id
        WHERE pc.programme_id <> @programme AND p.status <> 'closed' AND pc.auditor_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM audits a WHERE a.programme_id = pc.programme_id AND a.case_id = pc.case_id)
     ) GROUP BY auditor_id`,
  ).all({ programme: programmeId }) as { auditor_id: string; n: number }[];
  return new Map(rows.map((r) => [r.auditor_id, r.n]));
}
