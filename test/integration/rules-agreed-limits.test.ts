import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModerationView } from '../../shared/api/moderation';
import { callOk, makeTestCore, type TestCore } from './helpers';
import { exportNow, pdfPages } from './exportHelpers';
import { addCase, SECTIONS, submitAudit } from './moderation.fixtures';

let core: TestCore;
afterEach(() => core?.cleanup());

async function refused(name: string, input: unknown): Promise<{ code: string; message: string }> {
  const reply = await core.dispatch(name, input);
  if (reply.ok) throw new Error(`${name} should have been refused`);
  return reply.error;
}

const JUSTIFIED = 'The risk was removed the same day by the police protection order, so the outcome for the child is Good.';

/** Ann's audit: section 2 Inadequate, the child left at significant risk, overall 4 Inadequate (as the rule requires). */
async function riskAudit(): Promise<string> {
  core.actAs('Ann Auditor', 'auditor');
  const grades = SECTIONS.map((s) => (s === 's2' ? 4 : 2) as 2 | 4);
  return submitAudit(core, addCase(core, 'LIMIT-1'), { sections: grades, overall: 4, leftAtRisk: 'yes', withAction: true });
}

describe('limiting rules bind the moderator\'s and the agreed overall grade', () => {
  it('open: agreeing 2 Good over s2 Inadequate with the child left at risk is refused, then accepted with a justification the report prints', async () => {
    core = makeTestCore();
    const auditId = await riskAudit();
    core.actAs('Mo Moderator', 'moderator');
    await callOk(core, 'moderation:start', { auditId, mode: 'open' });
    await callOk(core, 'moderation:grade', { auditId, section: 'overall', grade: 2, rationale: 'The child is safe now and well supported.', reasonCode: 'under-graded' });

    const noWhy = await refused('moderation:agree', { auditId });
    expect(noWhy.code).toBe('VALIDATION');
    expect(noWhy.message).toMatch(/overall grade \(2 Good\) breaks a limiting rule: Overall cannot be better than 4 Inadequate because section 2 .* is 4 Inadequate and the answer to "Child left at significant risk without intervention" is Yes\./);
    expect(noWhy.message).toMatch(/justification of at least 20 characters; the audit report and pack print it/);
    expect((await refused('moderation:agree', { auditId, justification: 'Too short' })).code).toBe('VALIDATION');
    expect((await callOk<ModerationView>(core, 'moderation:get', { auditId })).audit.status).toBe('in-moderation');

    const agreed = await callOk<ModerationView>(core, 'moderation:agree', { auditId, justification: JUSTIFIED });
    expect(agreed.moderation?.ruleJustification).toEqual({ moderator: JUSTIFIED, agreed: JUSTIFIED });
    expect(agreed.rows.find((r) => r.section === 'overall')?.agreedGrade).toBe(2);

    // The report prints the justification beside the agreed grade.
    core.actAs('Quinn Lead', 'qa-lead');
    const file = path.join(core.dir, 'report.pdf');
    await exportNow(core, { kind: 'report', auditId, outPath: file });
    if (process.env.PLUMBLINE_KEEP_PDF) (await import('node:fs')).copyFileSync(file, process.env.PLUMBLINE_KEEP_PDF);
    const text = pdfPages(file).join('\n').replace(/\s+/g, ' ');
    expect(text).toMatch(/Agreed after moderation 2 Good/);
    expect(text).toMatch(/Breaks a limiting rule; justification: The risk was removed the same day by the police protection order/);
    expect(text).toMatch(/The moderator’s overall grade breaks a limiting rule; justification: The risk was removed/);
    const pack = path.join(core.dir, 'pack.pdf');
    await exportNow(core, { kind: 'pack', outPath: pack });
    const packText = pdfPages(pack).join('\n').replace(/\s+/g, ' ');
    expect(packText).toMatch(/Agreed after moderation 2 Good changed at moderation Breaks a limiting rule; justification: The risk was removed the same day/);
  });

  it('blind: the moderator\'s own overall grade is checked against their own section grades when they finish grading', async () => {
    core = makeTestCore();
    const auditId = await riskAudit();
    core.actAs('Mo Moderator', 'moderator');
    await callOk(core, 'moderation:start', { auditId, mode: 'blind' });
    for (const s of SECTIONS) await callOk(core, 'moderation:grade', { auditId, section: s, grade: s === 's8' ? 4 : 2, rationale: 'Blind view.' });
    await callOk(core, 'moderation:grade', { auditId, section: 'overall', grade: 2 });
    const noWhy = await refused('moderation:finishGrading', { auditId });
    expect(noWhy.message).toMatch(/Your overall grade \(2 Good\) breaks a limiting rule: Overall cannot be better than 3 Requires improvement to be good because section 8/);
    // Changing the grade to one the rules allow needs no justification.
    await callOk(core, 'moderation:grade', { auditId, section: 'overall', grade: 3 });
    const revealed = await callOk<ModerationView>(core, 'moderation:finishGrading', { auditId });
    expect(revealed.moderation?.status).toBe('reconciling');
    expect(revealed.moderation?.ruleJustification.moderator).toBe('');

    // Reconciled overall 2 Good (s2 Inadequate agreed with the auditor, child at risk): refused without a justification.
    await callOk(core, 'moderation:reconcile', { auditId, section: 'overall', agreedGrade: 2, rationale: 'Agreed after discussion.', reasonCode: 'under-graded' });
    for (const s of ['s2', 's8']) await callOk(core, 'moderation:reconcile', { auditId, section: s, agreedGrade: s === 's2' ? 4 : 2, rationale: 'Agreed after discussion.', reasonCode: 'under-graded' });
    expect((await refused('moderation:agree', { auditId })).message).toMatch(/The agreed overall grade \(2 Good\) breaks a limiting rule/);
    await callOk(core, 'moderation:reconcile', { auditId, section: 'overall', agreedGrade: 4, rationale: 'The rule stands: the child was left at risk.', reasonCode: null });
    const agreed = await callOk<ModerationView>(core, 'moderation:agree', { auditId });
    expect(agreed.moderation?.ruleJustification.agreed).toBe('');
  });
});

describe('reason codes only where a grade changed', () => {
  it('blind: a difference agreed at the auditor\'s grade needs a rationale but no reason code; a changed grade still needs one', async () => {
    core = makeTestCore();
    core.actAs('Ann Auditor', 'auditor');
    const auditId = await submitAudit(core, addCase(core, 'REASON-1'), { overall: 2 });
    core.actAs('Mo Moderator', 'moderator');
    await callOk(core, 'moderation:start', { auditId, mode: 'blind' });
    for (const s of SECTIONS) await callOk(core, 'moderation:grade', { auditId, section: s, grade: s === 's1' || s === 's3' ? 3 : 2, rationale: 'Blind view.' });
    await callOk(core, 'moderation:grade', { auditId, section: 'overall', grade: 2 });
    await callOk(core, 'moderation:finishGrading', { auditId });

    // s1: the moderator said 3, both agree the auditor's 2 stands: no reason code needed, none kept.
    const kept = await callOk<ModerationView>(core, 'moderation:reconcile', { auditId, section: 's1', agreedGrade: 2, rationale: 'The auditor had evidence I missed.', reasonCode: null });
    expect(kept.rows.find((r) => r.section === 's1')).toMatchObject({ agreedGrade: 2, reasonCode: null, reconciled: true });
    const stray = await callOk<ModerationView>(core, 'moderation:reconcile', { auditId, section: 's1', agreedGrade: 2, rationale: 'The auditor had evidence I missed.', reasonCode: 'other' });
    expect(stray.rows.find((r) => r.section === 's1')?.reasonCode).toBeNull();
    // s3: agreed at 3, a change from the auditor's 2: the reason code is required.
    const missing = await refused('moderation:reconcile', { auditId, section: 's3', agreedGrade: 3, rationale: 'Analysis is thin.', reasonCode: null });
    expect(missing.message).toMatch(/Choose a reason code for section 3 \(Assessment\): the auditor gave 2 Good and the agreed grade is 3 Requires improvement to be good/);
    await callOk(core, 'moderation:reconcile', { auditId, section: 's3', agreedGrade: 3, rationale: 'Analysis is thin.', reasonCode: 'evidence-missed' });
    const agreed = await callOk<ModerationView>(core, 'moderation:agree', { auditId });
    expect(agreed.rows.filter((r) => r.reasonCode).map((r) => r.section)).toEqual(['s3']);
  });
});
