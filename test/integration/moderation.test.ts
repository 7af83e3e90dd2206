import { afterEach, describe, expect, it } from 'vitest';
import type { ModerationView } from '../../shared/api/moderation';
import type { HistoryEntry } from '../../shared/api/system';
import type { AuditDetail } from '../../shared/api/audits';
import { hiddenByBlindModeration } from '../../electron/core/moderation/access';
import { auditorCalibrationFigure } from '../../electron/core/moderation/calibration';
import { callOk, makeTestCore, type TestCore } from './helpers';
import { addCase, SECTIONS, submitAudit } from './moderation.fixtures';

let core: TestCore;
afterEach(() => core?.cleanup());

const EVIDENCE_MARKER = 'Zebra-evidence: visits are regular and purposeful';
const JUSTIFICATION = 'The family has engaged well since the last review, so Outstanding is justified.';

async function refused(name: string, input: unknown): Promise<{ code: string; message: string }> {
  const reply = await core.dispatch(name, input);
  if (reply.ok) throw new Error(`${name} should have been refused`);
  return reply.error;
}

/** Ann (auditor) submits an over-optimistic audit: every section Requires improvement, overall Outstanding. */
async function overOptimistic(): Promise<string> {
  core.actAs('Ann Auditor', 'auditor');
  const caseId = addCase(core, 'MOD-1');
  return submitAudit(core, caseId, { sections: SECTIONS.map(() => 3), overall: 1, evidence: EVIDENCE_MARKER, justification: JUSTIFICATION });
}

describe('moderation workflow', () => {
  it('refuses a moderator their own audit, and an auditor any moderation', async () => {
    core = makeTestCore();
    core.actAs('Mo Moderator', 'moderator');
    const auditId = await submitAudit(core, addCase(core, 'OWN-1'), { overall: 2 });
    const own = await refused('moderation:start', { auditId, mode: 'blind' });
    expect(own.code).toBe('FORBIDDEN');
    expect(own.message).toMatch(/You wrote this audit \(case OWN-1\), so you cannot moderate it/);
    expect((await refused('moderation:get', { auditId })).code).toBe('FORBIDDEN');
    expect((await refused('moderation:agreeWithoutModeration', { auditId })).code).toBe('FORBIDDEN');

    core.actAs('Ann Auditor', 'auditor');
    const other = await refused('moderation:start', { auditId, mode: 'open' });
    expect(other.code).toBe('FORBIDDEN');
    expect(other.message).toMatch(/Only moderators and QA leads/);
    // Nothing changed: the audit is still waiting.
    core.actAs('Quinn Lead', 'qa-lead');
    const view = await callOk<ModerationView>(core, 'moderation:get', { auditId });
    expect(view.audit.status).toBe('submitted');
  });

  it('blind: the server sends none of the auditor\'s grades, findings or warnings until everything is graded', async () => {
    core = makeTestCore();
    const auditId = await overOptimistic();
    core.actAs('Mo Moderator', 'moderator');
    const started = await callOk<ModerationView>(core, 'moderation:start', { auditId, mode: 'blind' });
    const wire = JSON.stringify(started);
    expect(started.auditorHidden).toBe(true);
    expect(started.auditor).toBeNull();
    expect(started.rows.every((r) => r.auditorGrade === null && r.auditorEvidence === null && r.answers === null && r.difference === null)).toBe(true);
    expect(wire).not.toContain('Zebra-evidence');
    expect(wire).not.toContain(JUSTIFICATION);
    expect(wire).not.toContain('limiting-rule');
    // Nor does the moderation's own history give the auditor's grades away.
    const history = await callOk<HistoryEntry[]>(core, 'system:history', { entity: 'moderation', entityId: started.moderation!.id });
    expect(history.some((h) => h.field?.endsWith('auditor_grade'))).toBe(false);

    for (const s of SECTIONS.slice(0, 9)) await callOk(core, 'moderation:grade', { auditId, section: s, grade: 3 });
    const early = await refused('moderation:finishGrading', { auditId });
    expect(early.code).toBe('VALIDATION');
    expect(early.message).toMatch(/section 10 \(Impact\).*overall grade/);
    const stillHidden = await callOk<ModerationView>(core, 'moderation:get', { auditId });
    expect(stillHidden.auditor).toBeNull();

    await callOk(core, 'moderation:grade', { auditId, section: 's10', grade: 4, rationale: 'No evidence of impact.' });
    await callOk(core, 'moderation:grade', { auditId, section: 'overall', grade: 3 });
    const revealed = await callOk<ModerationView>(core, 'moderation:finishGrading', { auditId });
    expect(revealed.auditorHidden).toBe(false);
    expect(revealed.auditor?.justification).toBe(JUSTIFICATION);
    expect(revealed.auditor?.warnings.map((w) => w.code)).toContain('limiting-rule');
    expect(revealed.rows.find((r) => r.section === 's1')?.auditorEvidence).toBe(EVIDENCE_MARKER);
    expect(revealed.rows.filter((r) => r.difference).map((r) => r.section)).toEqual(['s10', 'overall']);
    // Blind grades are locked once the auditor's are visible.
    expect((await refused('moderation:grade', { auditId, section: 's1', grade: 2 })).code).toBe('CONFLICT');
  });

  it('reconcile and agree keep all three grades and both texts, in the record and in the history', async () => {
    core = makeTestCore({ now: '2026-11-23T10:00:00Z' });
    const auditId = await overOptimistic();
    core.actAs('Mo Moderator', 'moderator');
    await callOk(core, 'moderation:start', { auditId, mode: 'blind' });
    for (const s of SECTIONS) await callOk(core, 'moderation:grade', { auditId, section: s, grade: 3 });
    await callOk(core, 'moderation:grade', { auditId, section: 'overall', grade: 4, rationale: 'Blind view: the child was left in neglect for months.' });
    await callOk(core, 'moderation:finishGrading', { auditId });

    const unreconciled = await refused('moderation:agree', { auditId });
    expect(unreconciled.code).toBe('VALIDATION');
    expect(unreconciled.message).toMatch(/the overall grade/);
    const noCode = await refused('moderation:reconcile', { auditId, section: 'overall', agreedGrade: 3, rationale: 'Agreed after discussion.' });
    expect(noCode.message).toMatch(/reason code/);

    await callOk(core, 'moderation:reconcile', {
      auditId,
      section: 'overall',
      agreedGrade: 3,
      rationale: 'Agreed with the auditor: every section requires improvement, so overall does too.',
      reasonCode: 'over-optimistic',
    });
    const agreed = await callOk<ModerationView>(core, 'moderation:agree', { auditId });
    expect(agreed.audit.status).toBe('agreed');
    expect(agreed.moderation?.status).toBe('agreed');
    const overall = agreed.rows.find((r) => r.section === 'overall')!;
    expect([overall.auditorGrade, overall.moderatorGrade, overall.agreedGrade]).toEqual([1, 4, 3]);
    expect(overall.moderatorRationale).toMatch(/left in neglect/);
    expect(overall.agreedRationale).toMatch(/every section requires improvement/);
    expect(overall.reasonCode).toBe('over-optimistic');
    expect(agreed.rows.find((r) => r.section === 's1')).toMatchObject({ auditorGrade: 3, moderatorGrade: 3, agreedGrade: 3 });

    // The auditor's own grade on the audit is untouched.
    const detail = await callOk<AuditDetail>(core, 'audits:get', { id: auditId });
    expect(detail.overall).toBe(1);

    const history = await callOk<HistoryEntry[]>(core, 'system:history', { entity: 'moderation', entityId: agreed.moderation!.id, limit: 1000 });
    const value = (field: string) => history.find((h) => h.field === field)?.newValue;
    expect(value('overall.auditor_grade')).toBe('1');
    expect(value('overall.moderator_grade')).toBe('4');
    expect(value('overall.agreed_grade')).toBe('3');
    expect(value('overall.moderator_rationale')).toMatch(/left in neglect/);
    expect(value('overall.agreed_rationale')).toMatch(/every section requires improvement/);
    const auditHistory = await callOk<HistoryEntry[]>(core, 'system:history', { entity: 'audit', entityId: auditId, limit: 1000 });
    const event = auditHistory.find((h) => h.op === 'moderation-agreed')!.newValue as { grades: Record<string, unknown>[] };
    expect(event.grades.find((g) => g.section === 'overall')).toMatchObject({ auditor: '1', moderator: '4', agreed: '3', reasonCode: 'over-optimistic' });

    // The auditor sees the outcome, and their calibration figure now counts it.
    core.actAs('Ann Auditor', 'auditor');
    const mine = await callOk<ModerationView>(core, 'moderation:get', { auditId });
    expect(mine.rows.find((r) => r.section === 'overall')?.agreedGrade).toBe(3);
    expect(auditorCalibrationFigure(core.ctx, agreed.audit.auditorId)).toEqual({ moderatedCount: 1, meanShift: 2 });
  });

  it('return to the auditor with reasons, resubmit, and moderate again with the first record kept', async () => {
    core = makeTestCore();
    const auditId = await overOptimistic();
    core.actAs('Mo Moderator', 'moderator');
    await callOk(core, 'moderation:start', { auditId, mode: 'open' });
    expect((await refused('moderation:return', { auditId, reasons: [] })).code).toBe('INVALID_INPUT');
    const returned = await callOk<ModerationView>(core, 'moderation:return', { auditId, reasons: ['Section 8: no supervision is recorded; please review the grade.'] });
    expect(returned.audit.status).toBe('returned');
    expect(returned.previous[0]).toMatchObject({ status: 'returned', returnReasons: ['Section 8: no supervision is recorded; please review the grade.'] });
    expect((await refused('moderation:start', { auditId, mode: 'open' })).message).toMatch(/returned, not submitted/);

    core.actAs('Ann Auditor', 'auditor');
    const detail = await callOk<AuditDetail>(core, 'audits:get', { id: auditId });
    expect(detail.status).toBe('returned');
    expect(detail.returnedReason).toMatch(/no supervision/);
    const saved = await callOk<{ revision: number }>(core, 'audits:save', { id: auditId, revision: detail.revision, changes: [{ kind: 'overall', grade: 2 }] });
    await callOk(core, 'audits:submit', { id: auditId, revision: saved.revision });

    core.actAs('Mo Moderator', 'moderator');
    const again = await callOk<ModerationView>(core, 'moderation:start', { auditId, mode: 'open' });
    expect(again.moderation?.status).toBe('grading');
    expect(again.rows.find((r) => r.section === 'overall')?.auditorGrade).toBe(2);
    expect(again.previous).toHaveLength(1);
    expect(again.previous[0].status).toBe('returned');
    const agreed = await callOk<ModerationView>(core, 'moderation:agree', { auditId });
    expect(agreed.rows.find((r) => r.section === 'overall')?.agreedGrade).toBe(2);
  });

  it('open: a changed grade needs a rationale and a reason code; only the moderator who started can change it', async () => {
    core = makeTestCore();
    const auditId = await overOptimistic();
    core.actAs('Mo Moderator', 'moderator');
    const open = await callOk<ModerationView>(core, 'moderation:start', { auditId, mode: 'open' });
    expect(open.auditor?.justification).toBe(JUSTIFICATION);
    expect(open.rows.find((r) => r.section === 'overall')?.auditorGrade).toBe(1);
    expect((await refused('moderation:grade', { auditId, section: 'overall', grade: 3 })).message).toMatch(/rationale/);
    expect((await refused('moderation:grade', { auditId, section: 'overall', grade: 3, rationale: 'All sections are 3.' })).message).toMatch(/reason code/);
    expect((await refused('moderation:grade', { auditId, section: 'overall', grade: 'na', rationale: 'x' })).message).toMatch(/cannot be N\/A/);
    await callOk(core, 'moderation:grade', { auditId, section: 'overall', grade: 3, rationale: 'All sections are 3.', reasonCode: 'over-optimistic' });

    core.actAs('Jo Moderator', 'moderator');
    const other = await refused('moderation:agree', { auditId });
    expect(other.code).toBe('FORBIDDEN');
    expect(other.message).toMatch(/Mo Moderator is moderating/);

    core.actAs('Mo Moderator', 'moderator');
    const agreed = await callOk<ModerationView>(core, 'moderation:agree', { auditId });
    expect(agreed.rows.find((r) => r.section === 'overall')).toMatchObject({ auditorGrade: 1, moderatorGrade: 3, agreedGrade: 3, agreedRationale: 'All sections are 3.', reasonCode: 'over-optimistic' });
  });
});

describe('blind moderation, for other features', () => {
  it('hiddenByBlindModeration says when an audit must not be shown to a user', async () => {
    core = makeTestCore();
    const auditId = await overOptimistic();
    const annId = core.actAs('Ann Auditor', 'auditor');
    const moId = core.actAs('Mo Moderator', 'moderator');
    expect(hiddenByBlindModeration(core.ctx.db, auditId, moId)).toBe(false);
    await callOk(core, 'moderation:start', { auditId, mode: 'blind' });
    expect(hiddenByBlindModeration(core.ctx.db, auditId, moId)).toBe(true);
    expect(hiddenByBlindModeration(core.ctx.db, auditId, annId)).toBe(false);
    for (const s of [...SECTIONS, 'overall']) await callOk(core, 'moderation:grade', { auditId, section: s, grade: 3 });
    await callOk(core, 'moderation:finishGrading', { auditId });
    expect(hiddenByBlindModeration(core.ctx.db, auditId, moId)).toBe(false);
  });

  it('the editor, the history and the case register keep the auditor\'s side hidden during blind grading', async () => {
    core = makeTestCore();
    const auditId = await overOptimistic();
    core.actAs('Mo Moderator', 'moderator');
    const caseId = (core.ctx.db.prepare('SELECT case_id FROM audits WHERE id = ?').get(auditId) as { case_id: string }).case_id;
    await callOk(core, 'moderation:start', { auditId, mode: 'blind' });
    expect((await refused('audits:get', { id: auditId })).code).toBe('FORBIDDEN');
    expect((await refused('system:history', { entity: 'audit', entityId: auditId })).message).toMatch(/moderated blind/);
    const detail = await callOk<{ audits: { id: string; overall: unknown }[] }>(core, 'cases:get', { id: caseId });
    expect(detail.audits.find((a) => a.id === auditId)?.overall).toBeNull();
    const list = await callOk<{ rows: { id: string; latestOverall: unknown }[] }>(core, 'cases:list', { search: 'MOD-1' });
    expect(list.rows[0].latestOverall).toBeNull();
    // The auditor still sees their own audit.
    core.actAs('Ann Auditor', 'auditor');
    expect((await callOk<AuditDetail>(core, 'audits:get', { id: auditId })).id).toBe(auditId);
    expect((await callOk<{ rows: { latestOverall: unknown }[] }>(core, 'cases:list', { search: 'MOD-1' })).rows[0].latestOverall).toBe(1);
    // Once the moderator has graded everything, the reads open again.
    core.actAs('Mo Moderator', 'moderator');
    for (const s of [...SECTIONS, 'overall']) await callOk(core, 'moderation:grade', { auditId, section: s, grade: 3 });
    await callOk(core, 'moderation:finishGrading', { auditId });
    expect((await callOk<AuditDetail>(core, 'audits:get', { id: auditId })).id).toBe(auditId);
  });
});
