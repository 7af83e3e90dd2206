import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TemplateComparison, TemplateVersion, TemplateVersionSummary } from '../../shared/api/templates';
import { prepared } from '../../electron/core/write';
import { callOk, makeTestCore, type TestCore } from './helpers';

let core: TestCore;
let builtinId: string;
beforeEach(async () => {
  core = makeTestCore();
  core.actAs('Quinn Lead', 'qa-lead');
  builtinId = (await callOk<TemplateVersionSummary[]>(core, 'templates:list', {}))[0]!.id;
});
afterEach(() => core.cleanup());

/** The editable part of a version, as the editor sends it. */
function draftOf(v: TemplateVersion) {
  const { name, sections, limitingRules, concernWords, keyFindingsWordLimit } = v.definition;
  return { name, sections, limitingRules, concernWords, keyFindingsWordLimit };
}

describe('template versions', () => {
  it('copies a published version into a new draft, edits it, publishes it and freezes it', async () => {
    const copy = await callOk<TemplateVersion>(core, 'templates:copy', { id: builtinId });
    expect(copy).toMatchObject({ version: 3, status: 'draft', basedOnId: builtinId, problems: [] });
    expect(copy.definition.version).toBe(3);

    const draft = draftOf(copy);
    draft.sections = draft.sections.map((s) => (s.key === 's7' ? { ...s, title: 'Multi-agency working and thresholds', questions: [...s.questions, { key: 's7.thresholds_shared', text: 'Partners share the understanding of thresholds' }] } : s));
    draft.concernWords = [...draft.concernWords.filter((w) => w !== 'waiting list'), 'no strategy discussion'];
    draft.limitingRules = draft.limitingRules.map((r) => (r.kind === 'worst-plus' ? { ...r, steps: 2 } : r));
    const saved = await callOk<TemplateVersion>(core, 'templates:update', { id: copy.id, definition: draft });
    expect(saved.definition.sections.find((s) => s.key === 's7')?.questions).toHaveLength(5);
    expect(saved.definition.key).toBe('ilacs-case-file');

    const published = await callOk<TemplateVersion>(core, 'templates:publish', { id: copy.id });
    expect(published.status).toBe('published');
    expect(published.publishedAt).not.toBeNull();
    await expect(callOk(core, 'templates:update', { id: copy.id, definition: draft })).rejects.toThrow(
      /READ_ONLY: "Children's case file audit \(ILACS areas\)", version 3 was published on 23 Nov 2026 and is frozen/,
    );
    await expect(callOk(core, 'templates:update', { id: builtinId, definition: draft })).rejects.toThrow(/READ_ONLY/);
    // The database refuses too, whatever the path.
    expect(() => core.ctx.db.prepare("UPDATE templates SET definition = '{}' WHERE id = ?").run(builtinId)).toThrow(/published template version cannot be changed/);
    const list = await callOk<TemplateVersionSummary[]>(core, 'templates:list', {});
    expect(list.map((v) => [v.version, v.status])).toEqual([[3, 'published'], [2, 'published'], [1, 'published']]);
  });

  it('refuses a rule that refers to a missing section, with the message, and saves nothing', async () => {
    const copy = await callOk<TemplateVersion>(core, 'templates:copy', { id: builtinId });
    const draft = draftOf(copy);
    draft.sections = draft.sections.filter((s) => s.key !== 's8');
    await expect(callOk(core, 'templates:update', { id: copy.id, definition: draft })).rejects.toThrow(
      /VALIDATION: .*version 3 cannot be saved: Limiting rule r2-oversight-inadequate refers to section s8, which does not exist\./,
    );
    const stored = await callOk<TemplateVersion>(core, 'templates:get', { id: copy.id });
    expect(stored.definition.sections.map((s) => s.key)).toContain('s8');
    draft.concernWords = ['drift', 'Drift'];
    await expect(callOk(core, 'templates:update', { id: copy.id, definition: draft })).rejects.toThrow(/Concern word "Drift" is listed more than once/);
  });

  it('compares two versions: sections, questions, rules and words added, removed and changed', async () => {
    const copy = await callOk<TemplateVersion>(core, 'templates:copy', { id: builtinId });
    const draft = draftOf(copy);
    draft.sections = [
      ...draft.sections.filter((s) => s.key !== 's9').map((s) => (s.key === 's3' ? { ...s, title: 'Assessment and analysis' } : s)),
      { key: 's11', number: 11, title: 'Identity and culture', questions: [{ key: 's11.identity', text: "The child's identity is understood" }] },
    ];
    draft.limitingRules = draft.limitingRules.filter((r) => r.id !== 'r3-worst-plus-one');
    draft.concernWords = [...draft.concernWords, 'not seen alone'];
    draft.keyFindingsWordLimit = 120;
    await callOk(core, 'templates:update', { id: copy.id, definition: draft });
    const diff = await callOk<TemplateComparison>(core, 'templates:compare', { fromId: builtinId, toId: copy.id });
    expect(diff.from.version).toBe(2);
    expect(diff.to.version).toBe(3);
    expect(diff.sections.map((c) => [c.kind, c.key])).toEqual([['changed', 's3'], ['removed', 's9'], ['added', 's11']]);
    expect(diff.sections[0]).toMatchObject({ before: '3. Assessment', after: '3. Assessment and analysis' });
    expect(diff.questions.filter((c) => c.kind === 'removed').map((c) => c.key)).toEqual(['s9.transitions_timely', 's9.not_closed_early', 's9.repeat_plans_considered']);
    expect(diff.questions.filter((c) => c.kind === 'added').map((c) => c.key)).toEqual(['s11.identity']);
    expect(diff.rules).toEqual([expect.objectContaining({ kind: 'removed', key: 'r3-worst-plus-one' })]);
    expect(diff.concernWords).toEqual([expect.objectContaining({ kind: 'added', key: 'not seen alone' })]);
    expect(diff.settings).toEqual([expect.objectContaining({ key: 'keyFindingsWordLimit', before: '150 words', after: '120 words' })]);
    expect(diff.total).toBe(10);
  });

  it('lets only the QA lead change templates; programmes may name only published versions; drafts can be discarded', async () => {
    const copy = await callOk<TemplateVersion>(core, 'templates:copy', { id: builtinId });
    await expect(callOk(core, 'programmes:create', { name: 'Monthly audit', type: 'monthly', templateId: copy.id })).rejects.toThrow(/version 3 is a draft\. Publish it before a programme uses it/);
    core.actAs('Esme Senior', 'auditor');
    await expect(callOk(core, 'templates:copy', { id: builtinId })).rejects.toThrow(/FORBIDDEN: Only QA leads can do this \(templates:copy\)/);
    // Reading templates is reviewers' work too (decision 71): the audit editor reads its frozen template from audits:get.
    await expect(callOk(core, 'templates:get', { id: builtinId })).rejects.toThrow(/FORBIDDEN: Only moderators and QA leads can do this \(templates:get\)/);
    core.actAs('Mo Moderator', 'moderator');
    expect((await callOk<TemplateVersion>(core, 'templates:get', { id: builtinId })).version).toBe(2);
    core.actAs('Quinn Lead', 'qa-lead');
    await callOk(core, 'templates:discard', { id: copy.id });
    expect(prepared(core.ctx.db, 'SELECT count(*) AS n FROM templates').get()).toEqual({ n: 2 });
    await expect(callOk(core, 'templates:discard', { id: builtinId })).rejects.toThrow(/READ_ONLY/);
  });
});
