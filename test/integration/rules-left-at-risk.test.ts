import { afterEach, describe, expect, it } from 'vitest';
import type { AuditDetail, SubmitCheckResult } from '../../shared/api/audits';
import { allocateToCurrent, callOk, makeTestCore, type TestCore } from './helpers';
import { addAction } from './actionFixtures';
import { addCase, SECTIONS } from './moderation.fixtures';

let core: TestCore;
afterEach(() => core?.cleanup());

/** An audit filled through the editor's contract: s4 Inadequate, every other section 3, overall 3. */
async function draftWithS4Inadequate(): Promise<{ id: string; revision: number }> {
  core.actAs('Ann Auditor', 'auditor');
  const caseId = addCase(core, 'RISK-1');
  allocateToCurrent(core, caseId);
  const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId });
  const detail = await callOk<AuditDetail>(core, 'audits:get', { id });
  const changes: unknown[] = SECTIONS.flatMap((s) => [
    { kind: 'section-grade', section: s, grade: s === 's4' ? 4 : 3 },
    { kind: 'section-evidence', section: s, text: `Evidence for ${s}.` },
  ]);
  changes.push(
    { kind: 'feedback-spoken', who: 'child', value: 'no' },
    { kind: 'feedback-text', who: 'child', field: 'reason', text: 'Too young to talk.' },
    { kind: 'feedback-spoken', who: 'parent', value: 'no' },
    { kind: 'feedback-text', who: 'parent', field: 'reason', text: 'Declined.' },
    { kind: 'key-findings', text: 'The child was not protected when the risk was known.' },
    { kind: 'overall', grade: 3 },
  );
  await callOk(core, 'audits:save', { id, revision: detail.revision, changes });
  await addAction(core, id); // a 3 overall needs an action
  return { id, revision: (await callOk<AuditDetail>(core, 'audits:get', { id })).revision };
}

describe('"child left at significant risk" is one audit-level question', () => {
  it('is asked once (not in s2 and s4), required once s2 or s4 is Inadequate, and caps the overall at 4 for s4', async () => {
    core = makeTestCore();
    const { id, revision } = await draftWithS4Inadequate();
    const detail = await callOk<AuditDetail>(core, 'audits:get', { id });
    const keys = detail.template.sections.flatMap((s) => s.questions.map((q) => q.key));
    expect(keys.filter((k) => k.includes('left_at_risk'))).toEqual([]);
    expect(detail.template.auditQuestions?.map((q) => q.key)).toEqual(['left_at_risk']);

    // Not answered yet: submission names the question.
    const unanswered = await callOk<SubmitCheckResult>(core, 'audits:checkSubmit', { id });
    expect(unanswered.missing.map((m) => m.code)).toEqual(['audit-question']);
    expect(unanswered.missing[0].message).toMatch(/Child left at significant risk without intervention.*section 4 .* is 4 Inadequate/);

    // Answered yes once: the rule reads it for section 4, and overall 3 breaks it.
    const saved = await callOk<{ revision: number }>(core, 'audits:save', { id, revision, changes: [{ kind: 'answer', question: 'left_at_risk', answer: 'yes' }] });
    const check = await callOk<SubmitCheckResult>(core, 'audits:checkSubmit', { id });
    expect(check.missing).toEqual([]);
    expect(check.needsJustification).toBe(true);
    expect(check.warnings.filter((w) => w.code === 'limiting-rule').map((w) => w.ruleId)).toEqual(['r1-left-at-risk']);
    const refused = await core.dispatch('audits:submit', { id, revision: saved.revision });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.message).toMatch(/4 Inadequate because section 4 .* and the answer to "Child left at significant risk without intervention" is Yes/);

    // "No" lets the overall stand at 3 (only the worst-plus-one rule applies).
    const again = await callOk<{ revision: number }>(core, 'audits:save', { id, revision: saved.revision, changes: [{ kind: 'answer', question: 'left_at_risk', answer: 'no' }] });
    expect((await callOk<SubmitCheckResult>(core, 'audits:checkSubmit', { id })).needsJustification).toBe(false);
    await callOk(core, 'audits:submit', { id, revision: again.revision });
  });
});
