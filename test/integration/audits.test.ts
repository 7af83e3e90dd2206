import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditDetail, Change, GradeCounts, MyAudits, SubmitCheckResult } from '../../shared/api/audits';
import { BUILTIN_TEMPLATE } from '../../shared/domain/builtinTemplate';
import { createCore } from '../../electron/core/index';
import { newId, write } from '../../electron/core/write';
import { allocateToCurrent, callOk, makeTestCore, type TestCore } from './helpers';

let core: TestCore;
let auditorId: string;

function addCase(reference: string, team = 'Assessment North'): string {
  const id = newId();
  write(core.ctx, (tx) =>
    tx.insert('cases', { id, reference, team, worker: 'L. Worker', case_type: 'cp', age_band: '5-9', opened_on: '2026-01-10', closed_on: null, created_at: tx.at, updated_at: tx.at }),
  );
  allocateToCurrent(core, id); // the QA lead allocates it to the auditor acted as (who may audit only cases they can see)
  return id;
}

async function callErr(name: string, input: unknown): Promise<{ code: string; message: string }> {
  const reply = await core.dispatch(name, input);
  if (reply.ok) throw new Error(`${name} was expected to fail`);
  return reply.error;
}

const get = (id: string) => callOk<AuditDetail>(core, 'audits:get', { id });
const save = (id: string, revision: number, changes: Change[], saveId?: string) =>
  callOk<{ revision: number; savedAt: string }>(core, 'audits:save', { id, revision, changes, saveId });

function history(auditId: string, field: string) {
  return core.ctx.db
    .prepare("SELECT actor_name, op, field, old_value, new_value FROM history WHERE entity = 'audit' AND entity_id = ? AND field = ? ORDER BY seq")
    .all(auditId, field) as { actor_name: string; op: string; field: string; old_value: string | null; new_value: string | null }[];
}

/** Every change that makes the built-in template's audit complete, good overall. */
function completeChanges(overrides: { s8?: 1 | 2 | 3 | 4; overall?: 1 | 2 | 3 | 4 } = {}): Change[] {
  const changes: Change[] = BUILTIN_TEMPLATE.sections.map((s) => ({
    kind: 'section-grade' as const,
    section: s.key,
    grade: s.key === 's8' ? (overrides.s8 ?? 2) : 2,
  }));
  for (const s of BUILTIN_TEMPLATE.sections) changes.push({ kind: 'section-evidence', section: s.key, text: `Evidence for ${s.title}.` });
  changes.push(
    { kind: 'feedback-spoken', who: 'child', value: 'yes' },
    { kind: 'feedback-text', who: 'child', field: 'said', text: 'Said they feel safer at home.' },
    { kind: 'feedback-view', who: 'child', value: 'helpful' },
    { kind: 'feedback-spoken', who: 'parent', value: 'no' },
    { kind: 'feedback-text', who: 'parent', field: 'reason', text: 'Declined to take part.' },
    { kind: 'key-findings', text: 'The child is safer. The plan needs timescales.' },
    { kind: 'strengths', items: ['Child seen alone'] },
    { kind: 'areas', items: ['Supervision to set timescales'] },
    { kind: 'overall', grade: overrides.overall ?? 2 },
  );
  return changes;
}

beforeEach(() => {
  core = makeTestCore({ now: '2026-11-23T14:02:00Z' });
  auditorId = core.actAs('Aria Auditor', 'auditor');
});
afterEach(() => core.cleanup());

describe('audits:start', () => {
  it('freezes the current published template version and creates an empty row per section', async () => {
    const caseId = addCase('CASE-1');
    const v1 = core.ctx.db.prepare('SELECT id FROM templates WHERE key = ? AND version = ?').get(BUILTIN_TEMPLATE.key, BUILTIN_TEMPLATE.version) as { id: string };
    const started = await callOk<{ id: string; existing: boolean }>(core, 'audits:start', { caseId });
    expect(started.existing).toBe(false);
    const audit = await get(started.id);
    expect(audit.templateId).toBe(v1.id);
    expect(audit.auditorId).toBe(auditorId);
    expect(audit.auditorName).toBe('Aria Auditor');
    expect(audit.caseReference).toBe('CASE-1');
    expect(audit.status).toBe('draft');
    expect(audit.canEdit).toBe(true);
    expect(Object.keys(audit.sections)).toHaveLength(10);
    expect(audit.sections.s1).toEqual({ grade: null, evidence: '' });

    // A QA lead publishes a newer version (with a different word limit): the started audit keeps the built-in one.
    const v2 = newId();
    const def2 = { ...BUILTIN_TEMPLATE, version: BUILTIN_TEMPLATE.version + 1, keyFindingsWordLimit: 100 };
    write(core.ctx, (tx) =>
      tx.insert('templates', { id: v2, key: def2.key, version: def2.version, name: def2.name, status: 'published', definition: JSON.stringify(def2), created_at: tx.at, published_at: tx.at }),
    );
    expect((await get(started.id)).template.version).toBe(BUILTIN_TEMPLATE.version);
    addCase('CASE-2');
    const other = await callOk<{ id: string }>(core, 'audits:start', { caseReference: 'CASE-2' });
    const audit2 = await get(other.id);
    expect(audit2.templateId).toBe(v2);
    expect(audit2.template.keyFindingsWordLimit).toBe(100);
  });

  it('reopens the auditor’s own draft of the same case and names an unknown case', async () => {
    const caseId = addCase('CASE-9');
    const a = await callOk<{ id: string }>(core, 'audits:start', { caseId });
    const b = await callOk<{ id: string; existing: boolean }>(core, 'audits:start', { caseReference: 'case-9' });
    expect(b).toEqual({ id: a.id, existing: true });
    const err = await callErr('audits:start', { caseReference: 'NOPE-1' });
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('NOPE-1');
  });
});

describe('audits:save', () => {
  it('writes a history row per changed field with old and new values, and moves the revision on', async () => {
    const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId: addCase('CASE-1') });
    const r1 = await save(id, 0, [
      { kind: 'section-grade', section: 's1', grade: 2 },
      { kind: 'section-evidence', section: 's1', text: 'Thresholds applied well.' },
      { kind: 'answer', question: 's1.decision_timely', answer: 'yes' },
      { kind: 'feedback-spoken', who: 'child', value: 'yes' },
    ]);
    expect(r1).toEqual({ revision: 1, savedAt: '2026-11-23T14:02:00.000Z' });
    const r2 = await save(id, 1, [
      { kind: 'section-grade', section: 's1', grade: 3 },
      { kind: 'answer', question: 's1.decision_timely', answer: null },
    ]);
    expect(r2.revision).toBe(2);

    const grade = history(id, 'section.s1.grade');
    expect(grade.map((h) => [h.old_value, h.new_value])).toEqual([
      [null, '"2"'],
      ['"2"', '"3"'],
    ]);
    expect(grade[0].actor_name).toBe('Aria Auditor');
    expect(history(id, 'section.s1.evidence')[0]).toMatchObject({ old_value: '""', new_value: '"Thresholds applied well."' });
    // A new answer is a new child row: one 'create' change holding the whole row (change log, version 8).
    expect(history(id, 'answer.s1.decision_timely')[0]).toMatchObject({ op: 'create', old_value: null });
    expect(JSON.parse(history(id, 'answer.s1.decision_timely')[0].new_value!)).toMatchObject({ answer: 'yes', question_key: 's1.decision_timely' });
    const feedback = history(id, 'feedback');
    expect(JSON.parse(JSON.parse(feedback[0].new_value!) as string).child.spokenTo).toBe('yes');

    const audit = await get(id);
    expect(audit.sections.s1).toEqual({ grade: 3, evidence: 'Thresholds applied well.' });
    expect(audit.answers['s1.decision_timely']).toBeUndefined();
    expect(audit.revision).toBe(2);
  });

  it('refuses a save from an out-of-date copy, naming who changed it and when', async () => {
    const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId: addCase('CASE-1') });
    await save(id, 0, [{ kind: 'key-findings', text: 'First window.' }]);
    core.setNow('2026-11-23T14:05:00Z');
    const err = await callErr('audits:save', { id, revision: 0, changes: [{ kind: 'key-findings', text: 'Second window.' }] });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('Aria Auditor');
    expect(err.message).toContain('by you (Aria Auditor) at 14:02');
    expect(err.message).toMatch(/Reload/);
    expect((await get(id)).keyFindings).toBe('First window.');
  });

  it('answers a retried batch (same save id) as the first time instead of applying it twice', async () => {
    const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId: addCase('CASE-1') });
    const first = await save(id, 0, [{ kind: 'overall', grade: 2 }], 'batch-0001');
    const again = await save(id, 0, [{ kind: 'overall', grade: 2 }], 'batch-0001');
    expect(again).toEqual(first);
    expect(history(id, 'overall_grade')).toHaveLength(1);
  });

  it('enforces the key findings word limit (150) on the server', async () => {
    const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId: addCase('CASE-1') });
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    await save(id, 0, [{ kind: 'key-findings', text: words(150) }]);
    const err = await callErr('audits:save', { id, revision: 1, changes: [{ kind: 'key-findings', text: words(151) }] });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('151 words; the limit is 150');
  });

  it('refuses unknown sections and questions', async () => {
    const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId: addCase('CASE-1') });
    expect((await callErr('audits:save', { id, revision: 0, changes: [{ kind: 'section-grade', section: 's99', grade: 1 }] })).code).toBe('VALIDATION');
    expect((await callErr('audits:save', { id, revision: 0, changes: [{ kind: 'answer', question: 's1.nope', answer: 'yes' }] })).code).toBe('VALIDATION');
  });
});

describe('submission', () => {
  it('lists each missing item and refuses to submit', async () => {
    const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId: addCase('CASE-1') });
    await save(id, 0, [
      { kind: 'section-grade', section: 's1', grade: 2 },
      { kind: 'section-grade', section: 's2', grade: 'na' },
      { kind: 'feedback-spoken', who: 'parent', value: 'no' },
    ]);
    const check = await callOk<SubmitCheckResult>(core, 'audits:checkSubmit', { id });
    const sections = check.missing.filter((m) => m.code === 'section-ungraded').map((m) => (m.target.kind === 'section' ? m.target.section : ''));
    expect(sections).toEqual(['s3', 's4', 's5', 's6', 's7', 's8', 's9', 's10']);
    expect(check.missing.map((m) => m.code)).toEqual(expect.arrayContaining(['feedback-child', 'feedback-parent', 'key-findings', 'overall']));
    expect(check.missing.find((m) => m.code === 'feedback-parent')!.message).toContain('reason the parent or carer was not spoken to');

    const err = await callErr('audits:submit', { id, revision: 1 });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain(`${check.missing.length} things to complete`);
    for (const item of check.missing) expect(err.message).toContain(item.message);
    expect((await get(id)).status).toBe('draft');
  });

  it('needs a written justification for a blocking warning, and keeps it with the warnings shown', async () => {
    const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId: addCase('CASE-1') });
    const { revision } = await save(id, 0, completeChanges({ s8: 4, overall: 2 }));
    const check = await callOk<SubmitCheckResult>(core, 'audits:checkSubmit', { id });
    expect(check.missing).toEqual([]);
    expect(check.needsJustification).toBe(true);
    expect(check.warnings.find((w) => w.code === 'limiting-rule')!.message).toContain('section 8 (Management oversight and supervision) is 4 Inadequate');

    expect((await callErr('audits:submit', { id, revision })).code).toBe('VALIDATION');
    const short = await callErr('audits:submit', { id, revision, justification: 'Too short.' });
    expect(short.message).toContain('at least 20 characters');
    const justification = 'Supervision gaps were before this period; practice since is good.';
    const done = await callOk<{ status: string }>(core, 'audits:submit', { id, revision, justification });
    expect(done.status).toBe('submitted');
    const audit = await get(id);
    expect(audit.status).toBe('submitted');
    expect(audit.justification).toBe(justification);
    expect(audit.submittedWarnings.map((w) => w.code)).toContain('limiting-rule');
    expect(history(id, 'status')[0]).toMatchObject({ old_value: '"draft"', new_value: '"submitted"' });
  });

  it('makes a submitted audit read-only for its auditor and forbidden to others', async () => {
    const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId: addCase('CASE-1') });
    const { revision } = await save(id, 0, completeChanges());
    const submitted = await callOk<{ revision: number }>(core, 'audits:submit', { id, revision });
    const audit = await get(id);
    expect(audit.canEdit).toBe(false);
    expect(audit.readOnlyReason).toContain('submitted on 23 Nov 2026');
    const err = await callErr('audits:save', { id, revision: submitted.revision, changes: [{ kind: 'overall', grade: 1 }] });
    expect(err.code).toBe('READ_ONLY');

    // Returned by a moderator: editable again by its auditor.
    write(core.ctx, (tx) => tx.update('audits', { id }, { status: 'returned', returned_reason: 'Check section 8.' }, { entity: 'audit', entityId: id }));
    await save(id, submitted.revision, [{ kind: 'overall', grade: 1 }]);

    core.actAs('Iris Moderator', 'moderator');
    const viewed = await get(id);
    expect(viewed.canEdit).toBe(false);
    expect(viewed.readOnlyReason).toContain('Only its auditor, Aria Auditor');
    expect((await callErr('audits:save', { id, revision: viewed.revision, changes: [{ kind: 'overall', grade: 2 }] })).code).toBe('FORBIDDEN');
  });
});

describe('durability and the dashboard', () => {
  it('keeps everything saved when the core is closed without warning and reopened', async () => {
    const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId: addCase('CASE-1') });
    await save(id, 0, completeChanges());
    await save(id, 1, [{ kind: 'section-evidence', section: 's3', text: 'Typed just before the crash.' }]);
    const before = await get(id);
    core.close();
    const reopened = createCore({ dbFile: path.join(core.dir, 'test.db'), key: core.key });
    try {
      const reply = await reopened.dispatch(core.principal, 'audits:get', { id });
      if (!reply.ok) throw new Error(reply.error.message);
      const after = reply.value as AuditDetail;
      expect(after).toEqual(before);
      expect(after.sections.s3.evidence).toBe('Typed just before the crash.');
    } finally {
      reopened.close();
    }
  });

  it('lists my audits by state and counts this month’s submissions by overall grade', async () => {
    const a = await callOk<{ id: string }>(core, 'audits:start', { caseId: addCase('CASE-1') });
    const b = await callOk<{ id: string }>(core, 'audits:start', { caseId: addCase('CASE-2') });
    const { revision } = await save(b.id, 0, completeChanges({ overall: 1 }));
    // overall 1 is better than the median (2): a warning, but not blocking.
    await callOk(core, 'audits:submit', { id: b.id, revision });
    const mine = await callOk<MyAudits>(core, 'audits:mine', {});
    expect(mine.inProgress.map((x) => x.id)).toEqual([a.id]);
    expect(mine.inProgress[0]).toMatchObject({ caseReference: 'CASE-1', sectionsDone: 0, sectionsTotal: 10 });
    expect(mine.submitted.map((x) => x.id)).toEqual([b.id]);
    const counts = await callOk<GradeCounts>(core, 'audits:gradeCounts', {});
    expect(counts).toMatchObject({ month: '2026-11', total: 1, counts: { 1: 1, 2: 0, 3: 0, 4: 0 } });
    const october = await callOk<GradeCounts>(core, 'audits:gradeCounts', { month: '2026-10' });
    expect(october.total).toBe(0);
  });
});
