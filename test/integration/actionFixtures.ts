/** Shared set-up for the actions integration tests: cases, graded audits, calls that must fail. */
import type { ActionRow } from '../../shared/api/actions';
import type { Change } from '../../shared/api/audits';
import { BUILTIN_TEMPLATE } from '../../shared/domain/builtinTemplate';
import type { Grade } from '../../shared/domain/grades';
import { newId, write } from '../../electron/core/write';
import { allocateToCurrent, callOk, type TestCore } from './helpers';

export function addCase(core: TestCore, reference: string, team = 'Assessment North', worker = 'L. Worker'): string {
  const id = newId();
  write(core.ctx, (tx) =>
    tx.insert('cases', { id, reference, team, worker, case_type: 'cp', age_band: '5-9', opened_on: '2026-01-10', closed_on: null, created_at: tx.at, updated_at: tx.at }),
  );
  return id;
}

export async function callErr(core: TestCore, name: string, input: unknown): Promise<{ code: string; message: string }> {
  const reply = await core.dispatch(name, input);
  if (reply.ok) throw new Error(`${name} was expected to fail`);
  return reply.error;
}

/** Every change that completes an audit of the built-in template with this overall grade. */
export function completeAudit(overall: Grade, sectionGrade: Grade = overall): Change[] {
  const changes: Change[] = BUILTIN_TEMPLATE.sections.map((s) => ({ kind: 'section-grade' as const, section: s.key, grade: sectionGrade }));
  for (const s of BUILTIN_TEMPLATE.sections) changes.push({ kind: 'section-evidence', section: s.key, text: `Evidence for ${s.title}.` });
  changes.push(
    { kind: 'feedback-spoken', who: 'child', value: 'yes' },
    { kind: 'feedback-text', who: 'child', field: 'said', text: 'Said nobody explains what is happening.' },
    { kind: 'feedback-view', who: 'child', value: 'not-helpful' },
    { kind: 'feedback-spoken', who: 'parent', value: 'no' },
    { kind: 'feedback-text', who: 'parent', field: 'reason', text: 'Declined to take part.' },
    { kind: 'key-findings', text: 'The child was not seen for six weeks. Supervision did not challenge drift.' },
    { kind: 'answer', question: 'left_at_risk', answer: 'no' },
    { kind: 'overall', grade: overall },
  );
  return changes;
}

/** Starts and completes an audit through the editor's contract (as the current user); returns its id and revision. */
export async function gradedAudit(core: TestCore, caseId: string, overall: Grade, sectionGrade?: Grade): Promise<{ id: string; revision: number }> {
  allocateToCurrent(core, caseId);
  const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId });
  const saved = await callOk<{ revision: number }>(core, 'audits:save', { id, revision: 0, changes: completeAudit(overall, sectionGrade) });
  return { id, revision: saved.revision };
}

export async function submit(core: TestCore, id: string, revision: number): Promise<void> {
  await callOk(core, 'audits:submit', { id, revision, justification: 'Grades agreed with the team manager after reading the whole file.' });
}

export function addAction(core: TestCore, auditId: string, extra: Record<string, unknown> = {}): Promise<ActionRow> {
  return callOk<ActionRow>(core, 'actions:add', {
    auditId,
    title: 'See the child alone and record their views',
    ownerName: 'Sam Social-Worker',
    ownerRole: 'Social worker',
    dueDate: '2026-12-07',
    priority: 'high',
    ...extra,
  });
}

/** An audit put straight into the database as submitted (for drift set-ups that need many or back-dated audits). */
export function insertSubmittedAudit(core: TestCore, caseId: string, auditorId: string, overall: Grade, submittedAt: string, programmeId: string | null = null): string {
  const id = newId();
  const template = core.ctx.db.prepare("SELECT id FROM templates WHERE status = 'published' ORDER BY version DESC LIMIT 1").get() as { id: string };
  write(core.ctx, (tx) =>
    tx.insert('audits', {
      id, case_id: caseId, template_id: template.id, programme_id: programmeId, auditor_id: auditorId, status: 'submitted', revision: 1,
      overall_grade: String(overall), created_at: submittedAt, updated_at: submittedAt, submitted_at: submittedAt,
    }),
  );
  return id;
}
