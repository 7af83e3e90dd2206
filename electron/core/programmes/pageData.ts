import type { MyProgrammeCase, OverdueAudit, ProgrammePage, ProgrammeStatus, ProgrammeSummary } from '../../../shared/api/programmes';
import { daysBetween, londonDate } from '../../../shared/domain/dates';
import type { CoreContext } from '../context';
import { prepared } from '../write';
import { can } from '../../../shared/api/index';
import { principalOf } from '../policy/principal';
import { auditorUsers, countStages, getProgrammeRow, listProgrammeRows, openWorkElsewhere, programmeCases, rowToProgramme, stageOf, type ProgrammeRow } from './queries';

const UNFINISHED = new Set(['not-started', 'in-progress']);

/** Past the programme's due date and not yet submitted. */
function overdueOf(row: ProgrammeRow, cases: ReturnType<typeof programmeCases>, today: string): OverdueAudit[] {
  if (!row.due_date || row.status === 'closed' || row.due_date >= today) return [];
  const days = daysBetween(row.due_date, today);
  return cases
    .filter((c) => UNFINISHED.has(c.stage))
    .map((c) => ({ caseId: c.caseId, reference: c.reference, auditorName: c.audit?.auditorName || c.auditorName, stage: c.stage, daysOverdue: days }));
}

/** Everything the programme page shows: cases, auditors with their load, progress and overdue audits. */
export function programmePage(ctx: CoreContext, id: string): ProgrammePage {
  const who = principalOf(ctx);
  const row = getProgrammeRow(ctx.db, id);
  const today = londonDate(ctx.now());
  const cases = programmeCases(ctx.db, id);
  const elsewhere = openWorkElsewhere(ctx.db, id);
  const auditors = auditorUsers(ctx.db).map((u) => ({
    id: u.id,
    name: u.name,
    jobTitle: u.jobTitle,
    managesTeams: u.managesTeams,
    here: cases.filter((c) => c.auditorId === u.id).length,
    openElsewhere: elsewhere.get(u.id) ?? 0,
  }));
  return {
    programme: rowToProgramme(row),
    cases,
    auditors,
    progress: countStages(cases.map((c) => c.stage)),
    overdue: overdueOf(row, cases, today),
    today,
    canEdit: can(who.role, 'programmes:update'),
    registerTeams: (prepared(ctx.db, 'SELECT DISTINCT team FROM cases ORDER BY team').all() as { team: string }[]).map((r) => r.team),
  };
}

export function listProgrammes(ctx: CoreContext, status?: ProgrammeStatus): ProgrammeSummary[] {
  const today = londonDate(ctx.now());
  return listProgrammeRows(ctx.db, status).map((row) => {
    const cases = programmeCases(ctx.db, row.id);
    return {
      ...rowToProgramme(row),
      progress: countStages(cases.map((c) => c.stage)),
      overdue: overdueOf(row, cases, today).length,
      unallocated: cases.filter((c) => !c.auditorId && !c.audit).length,
    };
  });
}

interface MineRow {
  programme_id: string;
  programme_name: string;
  type: string;
  theme: string;
  due_date: string | null;
  case_id: string;
  reference: string;
  team: string;
  case_type: string;
  audit_id: string | null;
  audit_status: string | null;
}

/** The signed-in person's cases in planned and open programmes, soonest due first. */
export function myProgrammeCases(ctx: CoreContext): MyProgrammeCase[] {
  const who = principalOf(ctx);
  const today = londonDate(ctx.now());
  const rows = prepared(
    ctx.db,
    `SELECT p.id AS programme_id, p.name AS programme_name, p.type, p.theme, p.due_date, c.id AS case_id, c.reference, c.team, c.case_type,
       a.id AS audit_id, a.status AS audit_status
     FROM programme_cases pc
     JOIN programmes p ON p.id = pc.programme_id
     JOIN cases c ON c.id = pc.case_id
     LEFT JOIN audits a ON a.id = (SELECT a2.id FROM audits a2 WHERE a2.programme_id = pc.programme_id AND a2.case_id = pc.case_id
                                   ORDER BY a2.created_at DESC, a2.id DESC LIMIT 1)
     WHERE pc.auditor_id = ? AND p.status <> 'closed'
     ORDER BY p.due_date IS NULL, p.due_date, p.name, c.reference`,
  ).all(who.id) as MineRow[];
  return rows.map((r) => {
    const stage = stageOf(r.audit_status);
    return {
      programmeId: r.programme_id,
      programmeName: r.programme_name,
      programmeType: r.type as MyProgrammeCase['programmeType'],
      theme: r.theme,
      dueDate: r.due_date,
      overdue: !!r.due_date && r.due_date < today && UNFINISHED.has(stage),
      caseId: r.case_id,
      reference: r.reference,
      team: r.team,
      caseType: r.case_type,
      stage,
      auditId: r.audit_id,
    };
  });
}
