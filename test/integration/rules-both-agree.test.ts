import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModerationView } from '../../shared/api/moderation';
import { callOk, makeTestCore, type TestCore } from './helpers';
import { exportNow, pdfPages } from './exportHelpers';
import { addCase, moderateOpen, submitAudit } from './moderation.fixtures';

let core: TestCore;
afterEach(() => core?.cleanup());

async function refused(name: string, input: unknown): Promise<{ code: string; message: string }> {
  const reply = await core.dispatch(name, input);
  if (reply.ok) throw new Error(`${name} should have been refused`);
  return reply.error;
}

/** Ann's audit (all 2 Good), moderated openly by Mo, who moves section 3 to 3 and agrees. */
async function agreedAudit(reference: string): Promise<string> {
  core.actAs('Ann Auditor', 'auditor');
  const auditId = await submitAudit(core, addCase(core, reference), { overall: 2 });
  core.actAs('Mo Moderator', 'moderator');
  await moderateOpen(core, auditId, { s3: 3 }, 'evidence-missed');
  return auditId;
}

describe('"Both agree": the auditor acknowledges the agreed grades, or asks once to reconsider', () => {
  it('only the audit\'s own auditor acknowledges or asks; once only; the moderator who agreed answers; the pack shows when each side agreed', async () => {
    core = makeTestCore({ now: '2026-11-23T10:00:00Z' });
    const auditId = await agreedAudit('AGREE-1');
    const asMo = await callOk<ModerationView>(core, 'moderation:get', { auditId });
    expect(asMo.audit.status).toBe('agreed');
    expect(asMo.moderation?.moderatorAgreedAt).toBe('2026-11-23T10:00:00.000Z');
    expect(asMo.agreement).toEqual({ stage: 'awaiting-auditor', canAcknowledge: false, canReconsider: false, canAnswer: false });
    // The moderator is not the audit's auditor: they cannot acknowledge for them.
    expect(await refused('moderation:acknowledge', { auditId })).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Only Ann Auditor, who wrote the audit of case AGREE-1, can acknowledge/) });
    // Another auditor cannot see Ann's audit at all: as good as missing (NOT_FOUND, nothing revealed).
    core.actAs('Bob Auditor', 'auditor');
    expect((await refused('moderation:acknowledge', { auditId })).code).toBe('NOT_FOUND');
    expect((await refused('moderation:reconsider', { auditId, reason: 'I think section 3 was right.' })).code).toBe('NOT_FOUND');

    core.actAs('Ann Auditor', 'auditor');
    expect(await callOk(core, 'moderation:bothAgree', {})).toEqual({
      toAcknowledge: [{ auditId, caseReference: 'AGREE-1', team: 'Assessment North', moderatorName: 'Mo Moderator', moderatorAgreedAt: '2026-11-23T10:00:00.000Z', changed: 1 }],
      toAnswer: [],
    });
    const seen = await callOk<ModerationView>(core, 'moderation:get', { auditId });
    expect(seen.agreement).toEqual({ stage: 'awaiting-auditor', canAcknowledge: true, canReconsider: true, canAnswer: false });
    expect(seen.rows.find((r) => r.section === 's3')).toMatchObject({ auditorGrade: 2, agreedGrade: 3, reasonCode: 'evidence-missed' });
    // An auditor may not answer their own request (access declared on the operation).
    expect((await refused('moderation:answerReconsider', { auditId, decision: 'keep', rationale: 'I keep my own grades.' })).code).toBe('FORBIDDEN');
    expect(await refused('moderation:reconsider', { auditId, reason: 'No.' })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/Say why the moderator should reconsider/) });

    core.setNow('2026-11-24T09:30:00Z');
    const REASON = 'Section 3: the assessment analysed the family history; see the addendum of 2 Oct.';
    const asked = await callOk<ModerationView>(core, 'moderation:reconsider', { auditId, reason: REASON });
    expect(asked.moderation?.reconsider).toEqual({ reason: REASON, requestedAt: '2026-11-24T09:30:00.000Z', answer: null, answerRationale: '', answeredAt: null });
    expect(asked.agreement).toMatchObject({ stage: 'awaiting-moderator', canAcknowledge: false, canReconsider: false });
    expect(await refused('moderation:reconsider', { auditId, reason: 'Asking a second time about section 3.' })).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/once: you asked on 24 Nov 2026/) });
    expect(await refused('moderation:acknowledge', { auditId })).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/acknowledge the grades once they have answered/) });

    // Another moderator cannot answer for Mo.
    core.actAs('Max Moderator', 'moderator');
    expect(await refused('moderation:answerReconsider', { auditId, decision: 'keep', rationale: 'The grades stand as agreed.' })).toMatchObject({ code: 'FORBIDDEN', message: /Mo Moderator agreed these grades/ });

    core.actAs('Mo Moderator', 'moderator');
    expect(await callOk(core, 'moderation:bothAgree', {})).toMatchObject({ toAcknowledge: [], toAnswer: [{ auditId, auditorName: 'Ann Auditor', reason: REASON }] });
    expect((await callOk<ModerationView>(core, 'moderation:get', { auditId })).agreement?.canAnswer).toBe(true);
    expect((await refused('moderation:answerReconsider', { auditId, decision: 'change', rationale: 'Changing after the addendum.', changes: [] })).message).toMatch(/Change at least one agreed grade/);
    core.setNow('2026-11-25T14:15:00Z');
    const RATIONALE = 'The addendum shows analysis of the family history: the auditor was right.';
    const answered = await callOk<ModerationView>(core, 'moderation:answerReconsider', { auditId, decision: 'change', rationale: RATIONALE, changes: [{ section: 's3', agreedGrade: 2 }] });
    // Back to the auditor's grade: no reason code needed, and the moderator's own grade is kept beside it.
    expect(answered.rows.find((r) => r.section === 's3')).toMatchObject({ auditorGrade: 2, moderatorGrade: 3, agreedGrade: 2, agreedRationale: RATIONALE, reasonCode: null });
    expect(answered.moderation).toMatchObject({ moderatorAgreedAt: '2026-11-25T14:15:00.000Z', auditorAgreedAt: null, reconsider: { answer: 'changed', answerRationale: RATIONALE, answeredAt: '2026-11-25T14:15:00.000Z' } });
    expect(answered.agreement?.stage).toBe('awaiting-auditor');
    expect((await refused('moderation:answerReconsider', { auditId, decision: 'keep', rationale: 'Answering a second time.' })).code).toBe('CONFLICT');

    core.actAs('Ann Auditor', 'auditor');
    // Once asked, never again: only acknowledging is left.
    expect((await callOk<ModerationView>(core, 'moderation:get', { auditId })).agreement).toEqual({ stage: 'awaiting-auditor', canAcknowledge: true, canReconsider: false, canAnswer: false });
    expect((await refused('moderation:reconsider', { auditId, reason: 'Now section 5, please look again.' })).code).toBe('CONFLICT');
    core.setNow('2026-11-26T08:05:00Z');
    const final = await callOk<ModerationView>(core, 'moderation:acknowledge', { auditId });
    expect(final.moderation?.auditorAgreedAt).toBe('2026-11-26T08:05:00.000Z');
    expect(final.agreement).toEqual({ stage: 'final', canAcknowledge: false, canReconsider: false, canAnswer: false });
    expect(await refused('moderation:acknowledge', { auditId })).toMatchObject({ code: 'CONFLICT', message: /already acknowledged/ });
    expect(await callOk(core, 'moderation:bothAgree', {})).toEqual({ toAcknowledge: [], toAnswer: [] });

    // The history keeps the grade before the change.
    const events = core.baseCtx.db.prepare("SELECT op, new_value FROM history WHERE op = 'moderation-reconsidered'").all() as { op: string; new_value: string }[];
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].new_value)).toMatchObject({ decision: 'change', changes: [{ section: 's3', before: 3, after: 2 }] });

    // The pack shows when each side agreed, the request and the answer.
    core.actAs('Quinn Lead', 'qa-lead');
    const pack = path.join(core.dir, 'pack.pdf');
    await exportNow(core, { kind: 'pack', outPath: pack });
    if (process.env.PLUMBLINE_KEEP_PDF) fs.copyFileSync(pack, process.env.PLUMBLINE_KEEP_PDF);
    const text = pdfPages(pack).join('\n').replace(/\s+/g, ' ');
    expect(text).toContain(`The auditor asked the moderator to reconsider: 24 Nov 2026, 09:30. ${REASON}`);
    expect(text).toContain(`The moderator changed the agreed grades: 25 Nov 2026, 14:15. ${RATIONALE}`);
    expect(text).toContain('Both agree: moderator agreed 25 Nov 2026, 14:15 · auditor acknowledged 26 Nov 2026, 08:05 (final)');
    // Section 3 was agreed back to the auditor's grade: no reason code beside it (a reason explains a change).
    expect(text).toContain("Moderator: Moderator's view of s3");
    expect(text).not.toContain('Evidence missed'); // the moderator's code for s3, which the agreed grade did not keep

    // The data export's moderation file says when each side agreed, the request and the answer.
    const dir = path.join(core.dir, 'data');
    await exportNow(core, { kind: 'data', format: 'csv', outPath: dir });
    const rows = parse(fs.readFileSync(path.join(dir, 'moderation.csv')), { bom: true, columns: true }) as Record<string, string>[];
    const s3 = rows.find((r) => r['Case reference'] === 'AGREE-1' && r.Section === '3. Assessment')!;
    expect([s3['Moderator agreed'], s3['Auditor acknowledged'], s3['Auditor asked to reconsider, because'], s3['Moderator answer'], s3['Moderator answer rationale'], s3['Agreed grade label']]).toEqual([
      '2026-11-25 14:15', '2026-11-26 08:05', REASON, 'Changed', RATIONALE, '2 Good',
    ]);
  });

  it('the moderator may keep the grades; until the auditor acknowledges, the pack says so; an audit agreed without moderation has nothing to acknowledge', async () => {
    core = makeTestCore({ now: '2026-11-23T10:00:00Z' });
    const auditId = await agreedAudit('AGREE-2');
    core.actAs('Ann Auditor', 'auditor');
    await callOk(core, 'moderation:reconsider', { auditId, reason: 'Section 3 should stay 2 Good: the analysis is there.' });
    core.actAs('Mo Moderator', 'moderator');
    const kept = await callOk<ModerationView>(core, 'moderation:answerReconsider', { auditId, decision: 'keep', rationale: 'The analysis is description, not analysis: 3 stands.' });
    expect(kept.rows.find((r) => r.section === 's3')?.agreedGrade).toBe(3);
    expect(kept.moderation?.reconsider?.answer).toBe('kept');

    core.actAs('Quinn Lead', 'qa-lead');
    const pack = path.join(core.dir, 'pack.pdf');
    await exportNow(core, { kind: 'pack', outPath: pack });
    const text = pdfPages(pack).join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('The moderator kept the agreed grades: 23 Nov 2026, 10:00. The analysis is description, not analysis: 3 stands.');
    expect(text).toContain('Both agree: moderator agreed 23 Nov 2026, 10:00 · auditor acknowledged not yet acknowledged');

    // Agreed without moderation: nothing to acknowledge.
    core.actAs('Ann Auditor', 'auditor');
    const other = await submitAudit(core, addCase(core, 'AGREE-3'), { overall: 2 });
    core.actAs('Quinn Lead', 'qa-lead');
    await callOk(core, 'moderation:agreeBelowShare', { auditId: other, reason: 'Agreed without moderation for this test of both agree.' });
    core.actAs('Ann Auditor', 'auditor');
    expect(await refused('moderation:acknowledge', { auditId: other })).toMatchObject({ code: 'CONFLICT', message: /agreed without moderation/ });
    expect((await callOk<ModerationView>(core, 'moderation:get', { auditId: other })).agreement).toBeNull();
  });
});
