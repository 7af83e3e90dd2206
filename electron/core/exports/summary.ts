/** The pack's summary figures: grades before and after moderation, agreement, actions and drift. */
import { calibrationFigures, figuresBySection, type GradePair } from '../../../shared/domain/calibration';
import { isOverdue } from '../../../shared/domain/drift';
import type { GradeOrNA } from '../../../shared/domain/grades';
import type { GradeCounts, SummaryDoc } from './model';
import type { Gathered } from './gather';
import { OVERALL_KEY, toGrade } from './sources';

const empty = (): GradeCounts => [0, 0, 0, 0, 0];
function count(counts: GradeCounts, grade: GradeOrNA | null): void {
  if (grade === 'na') counts[0] += 1;
  else if (grade !== null) counts[grade] += 1;
}

export function buildSummary(g: Gathered, today: string): SummaryDoc {
  const labels = new Map<string, string>();
  const order: string[] = [];
  for (const audit of g.audits) {
    for (const s of audit.sections) {
      if (!labels.has(s.key)) {
        labels.set(s.key, `${s.number}. ${s.title}`);
        order.push(s.key);
      }
    }
  }
  labels.set(OVERALL_KEY, 'Overall grade');
  order.push(OVERALL_KEY);

  const before = new Map(order.map((k) => [k, empty()]));
  const after = new Map(order.map((k) => [k, empty()]));
  const pairs: GradePair[] = [];
  let moderated = 0;
  const rowById = new Map(g.rows.map((r) => [r.id, r]));
  for (const audit of g.audits) {
    const m = g.moderation.latest.get(audit.id);
    const agreed = m?.status === 'agreed' ? g.moderation.grades.get(m.id) : undefined;
    if (agreed) moderated += 1;
    const auditorRow = rowById.get(audit.id)!;
    const graded: [string, GradeOrNA | null][] = [...audit.sections.map((s) => [s.key, s.grade] as [string, GradeOrNA | null]), [OVERALL_KEY, audit.overall]];
    for (const [key, grade] of graded) {
      count(before.get(key)!, grade);
      const row = agreed?.get(key);
      const agreedGrade = row && row.agreed_grade ? toGrade(row.agreed_grade) : grade;
      count(after.get(key)!, agreedGrade);
      if (row) {
        pairs.push({
          auditId: audit.id,
          auditorId: auditorRow.auditor_id,
          team: audit.team,
          section: key,
          auditor: toGrade(row.auditor_grade) ?? grade,
          agreed: toGrade(row.agreed_grade),
          moderated: true,
        });
      }
    }
  }

  const actions = { total: g.actions.length, open: 0, overdue: 0, done: 0, cancelled: 0, dueDateMoved: 0 };
  for (const a of g.actions) {
    if (a.status === 'open') actions.open += 1;
    if (a.status === 'done' || a.status === 'verified') actions.done += 1;
    if (a.status === 'cancelled') actions.cancelled += 1;
    if (isOverdue({ status: a.status as 'open', dueDate: a.due_date }, today)) actions.overdue += 1;
    if (a.due_moves >= 2 && a.status === 'open') actions.dueDateMoved += 1;
  }
  const caseInfo = new Map(g.rows.map((r) => [r.case_id, { ref: r.case_ref, team: r.team }]));
  const notes: string[] = [];
  if (!g.moderation.available) notes.push('This database does not hold moderation records yet: figures after moderation equal the auditors’ grades.');
  else if (moderated === 0) notes.push('No audit in this pack has completed moderation: figures after moderation equal the auditors’ grades.');
  if (!g.actionsAvailable) notes.push('This database does not hold actions yet.');

  return {
    audits: g.audits.length,
    moderated,
    distribution: order.map((k) => ({ label: labels.get(k)!, before: before.get(k)!, after: after.get(k)! })),
    figures: calibrationFigures(pairs),
    bySection: figuresBySection(pairs).map((f) => ({ ...f, label: labels.get(f.section) ?? f.section })),
    actions,
    drifting: g.drift.map((d) => ({
      caseRef: caseInfo.get(d.caseId)?.ref ?? d.caseId,
      team: caseInfo.get(d.caseId)?.team ?? '',
      reasons: d.reasons.map((r) => r.message),
    })),
    notes,
  };
}
