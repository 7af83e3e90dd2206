import type { AuditDetail } from '../../shared/api/audits';
import type { ModerationView } from '../../shared/api/moderation';
import { newId, write } from '../../electron/core/write';
import { allocateToCurrent, callOk, type TestCore } from './helpers';

/** Sections s1..s10 of the built-in template. */
export const SECTIONS = Array.from({ length: 10 }, (_, i) => `s${i + 1}`);

export function addCase(core: TestCore, reference: string, team = 'Assessment North'): string {
  const id = newId();
  write(core.ctx, (tx) =>
    tx.insert('cases', { id, reference, team, worker: 'W. Worker', case_type: 'cin', age_band: '5-9', opened_on: null, closed_on: null, created_at: tx.at, updated_at: tx.at }),
  );
  return id;
}

export interface AuditSpec {
  /** Grades for s1..s10 (1..4 or 'na'); default all 2. */
  sections?: (1 | 2 | 3 | 4 | 'na')[];
  overall: 1 | 2 | 3 | 4;
  evidence?: string;
  justification?: string;
  /** The audit-level "child left at significant risk without intervention" answer; default no. */
  leftAtRisk?: 'yes' | 'no';
  /** Raise an action before submitting (an overall 3 or 4 needs one). */
  withAction?: boolean;
  /** The programme the audit is for (as "My programme cases" starts it); default none. */
  programmeId?: string;
}

/**
 * Writes and submits an audit through the audit editor's own contract (audits:start/save/submit),
 * as the current user.
 */
export async function submitAudit(core: TestCore, caseId: string, spec: AuditSpec): Promise<string> {
  allocateToCurrent(core, caseId);
  const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId, programmeId: spec.programmeId });
  const detail = await callOk<AuditDetail>(core, 'audits:get', { id });
  const grades = spec.sections ?? SECTIONS.map(() => 2 as const);
  const changes: unknown[] = [];
  SECTIONS.forEach((s, i) => {
    changes.push({ kind: 'section-grade', section: s, grade: grades[i] });
    changes.push({ kind: 'section-evidence', section: s, text: spec.evidence ?? `Evidence for ${s}: the worker visits regularly and the plan is clear.` });
  });
  changes.push(
    { kind: 'feedback-spoken', who: 'child', value: 'yes' },
    { kind: 'feedback-text', who: 'child', field: 'said', text: 'I like my worker.' },
    { kind: 'feedback-view', who: 'child', value: 'helpful' },
    { kind: 'feedback-spoken', who: 'parent', value: 'no' },
    { kind: 'feedback-text', who: 'parent', field: 'reason', text: 'Declined to take part.' },
    { kind: 'key-findings', text: 'The child is safer; the plan needs clearer timescales.' },
    { kind: 'answer', question: 'left_at_risk', answer: spec.leftAtRisk ?? 'no' },
    { kind: 'overall', grade: spec.overall },
  );
  let { revision } = await callOk<{ revision: number }>(core, 'audits:save', { id, revision: detail.revision, changes });
  if (spec.withAction) {
    await callOk(core, 'actions:add', { auditId: id, title: 'See the child alone and record their views', ownerName: 'Sam Social-Worker', ownerRole: 'Social worker', dueDate: '2026-12-07', priority: 'high' });
    revision = (await callOk<AuditDetail>(core, 'audits:get', { id })).revision;
  }
  await callOk(core, 'audits:submit', { id, revision, justification: spec.justification });
  return id;
}

/** Moderates an audit openly: the moderator's grades where they differ, then agree. */
export async function moderateOpen(
  core: TestCore,
  auditId: string,
  changes: Record<string, 1 | 2 | 3 | 4 | 'na'>,
  reasonCode = 'over-optimistic',
): Promise<ModerationView> {
  await callOk(core, 'moderation:start', { auditId, mode: 'open' });
  for (const [section, grade] of Object.entries(changes)) {
    await callOk(core, 'moderation:grade', { auditId, section, grade, rationale: `Moderator's view of ${section}: the evidence shows drift.`, reasonCode });
  }
  return callOk<ModerationView>(core, 'moderation:agree', { auditId });
}
