import type { AuditStatus, AuditSummary, GradeCounts, MyAudits } from '../../../shared/api/audits';
import { addDays, londonDate } from '../../../shared/domain/dates';
import { isGrade, type Grade } from '../../../shared/domain/grades';
import type { CoreContext } from '../context';
import { principalOf } from '../policy/principal';
import { scopeOf } from '../policy/visibility';
import { auditTemplate } from './template';
import { prepared } from '../write';
import { overallFromDb } from './queries';

interface SummaryRow {
  id: string;
  case_id: string;
  reference: string;
  team: string;
  status: AuditStatus;
  overall_grade: string | null;
  template_id: string;
  updated_at: string;
  submitted_at: string | null;
  returned_reason: string;
  done: number;
}

/** How many submitted audits to list on the dashboard (the most recent). */
const SUBMITTED_SHOWN = 20;

/** The current user's audits for the dashboard: in progress, returned (with reasons), submitted. */
export function myAudits(ctx: CoreContext): MyAudits {
  const user = principalOf(ctx);
  const rows = prepared(
    ctx.db,
    `SELECT a.id, a.case_id, c.reference, c.team, a.status, a.overall_grade, a.template_id, a.updated_at, a.submitted_at, a.returned_reason,
            (SELECT count(*) FROM audit_sections s WHERE s.audit_id = a.id AND s.grade IS NOT NULL) AS done
       FROM audits a JOIN cases c ON c.id = a.case_id
      WHERE a.auditor_id = ?
      ORDER BY coalesce(a.submitted_at, a.updated_at) DESC, a.updated_at DESC`,
  ).all(user.id) as SummaryRow[];
  const out: MyAudits = { inProgress: [], returned: [], submitted: [] };
  for (const r of rows) {
    const summary: AuditSummary = {
      id: r.id,
      caseId: r.case_id,
      caseReference: r.reference,
      team: r.team,
      status: r.status,
      overall: overallFromDb(r.overall_grade),
      sectionsDone: r.done,
      sectionsTotal: auditTemplate(ctx.db, r.template_id).sections.length,
      updatedAt: r.updated_at,
      submittedAt: r.submitted_at,
      returnedReason: r.returned_reason,
    };
    if (r.status === 'draft') out.inProgress.push(summary);
    else if (r.status === 'returned') out.returned.push(summary);
    else if (out.submitted.length < SUBMITTED_SHOWN) out.submitted.push(summary);
  }
  out.inProgress.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return out;
}

/** Counts by overall grade of audits submitted in a London calendar month (default: this month). */
export function gradeCounts(ctx: CoreContext, input: { month?: string; scope: 'mine' | 'all' }): GradeCounts {
  const month = input.month ?? londonDate(ctx.now()).slice(0, 7);
  // Instants a day either side of the month, then exact London dates: BST moves the boundaries.
  const from = `${addDays(`${month}-01`, -1)}T00:00:00.000Z`;
  const to = `${addDays(`${month}-28`, 5)}T00:00:00.000Z`;
  const user = input.scope === 'mine' ? principalOf(ctx) : null;
  const rows = prepared(
    ctx.db,
    `SELECT id, overall_grade, submitted_at FROM audits
      WHERE submitted_at >= ? AND submitted_at < ? AND status IN ('submitted', 'in-moderation', 'agreed')
        AND (? IS NULL OR auditor_id = ?)`,
  ).all(from, to, user?.id ?? null, user?.id ?? null) as { id: string; overall_grade: string | null; submitted_at: string }[];
  // Counted over what the caller may see (decision 72); for anyone but a QA lead, not an audit whose
  // blind moderation is being graded (a count that moves tells that audit's grade).
  const scope = scopeOf(ctx.db, ctx.principal);
  const counted = (id: string): boolean => !scope || scope.everything || (scope.audits(id) && scope.auditorSide(id));
  const counts: Record<Grade, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  let total = 0;
  for (const r of rows) {
    if (!counted(r.id)) continue;
    if (londonDate(new Date(r.submitted_at)).slice(0, 7) !== month) continue;
    const g = overallFromDb(r.overall_grade);
    if (isGrade(g)) {
      counts[g] += 1;
      total += 1;
    }
  }
  return { month, counts, total, scope: input.scope };
}
