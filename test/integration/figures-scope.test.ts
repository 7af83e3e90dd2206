/**
 * Aggregate figures are computed over what the caller may see (decision 72), and reviewers'
 * figures are reviewers' to call (decision 71). Real encrypted database, real dispatch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelinessReport } from '../../shared/api/actions';
import type { GradeCounts } from '../../shared/api/audits';
import { addAction, addCase, gradedAudit, submit } from './actionFixtures';
import { makeTestCore, type TestCore } from './helpers';

let core: TestCore;
const ids: Record<string, string> = {};
const as = (name: string) => core.principalOf(name);

async function value<T>(name: string, op: string, input: unknown): Promise<T> {
  const reply = await core.dispatchAs(as(name), op, input);
  if (!reply.ok) throw new Error(`${op} as ${name}: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

beforeAll(async () => {
  core = makeTestCore();
  core.actAs('Quinn Lead', 'qa-lead');
  core.actAs('Mo Moderator', 'moderator');
  // Ann: one submitted audit graded 2 with an action. Bob: two submitted audits graded 4, with actions.
  core.actAs('Ann Auditor', 'auditor');
  const ann = await gradedAudit(core, addCase(core, 'ANN-1', 'Assessment North'), 2);
  ids.annAction = (await addAction(core, ann.id, { ownerName: 'Nina North', dueDate: '2026-11-30' })).id;
  await submit(core, ann.id, ann.revision);
  core.actAs('Bob Auditor', 'auditor');
  for (const ref of ['BOB-1', 'BOB-2']) {
    const bob = await gradedAudit(core, addCase(core, ref, 'Assessment South'), 4);
    await addAction(core, bob.id, { ownerName: 'Sol South', team: 'Assessment South', dueDate: '2026-11-30' });
    await submit(core, bob.id, bob.revision);
    ids[ref] = bob.id;
  }
}, 120_000);
afterAll(() => core.cleanup());

describe('aggregate figures and who may see them', () => {
  it("the dashboard's grade counts: an auditor counts what they may see; a moderator not a blind audit being graded; a QA lead everything", async () => {
    const ann = await value<GradeCounts>('Ann Auditor', 'audits:gradeCounts', { scope: 'all' });
    expect(ann).toMatchObject({ total: 1, counts: { 1: 0, 2: 1, 3: 0, 4: 0 } });
    expect(await value<GradeCounts>('Mo Moderator', 'audits:gradeCounts', { scope: 'all' })).toMatchObject({ total: 3, counts: { 2: 1, 4: 2 } });

    // Mo starts a blind moderation of BOB-1: until it is graded, its 4 is Bob's alone.
    await value('Mo Moderator', 'moderation:start', { auditId: ids['BOB-1'], mode: 'blind' });
    expect(await value<GradeCounts>('Mo Moderator', 'audits:gradeCounts', { scope: 'all' })).toMatchObject({ total: 2, counts: { 2: 1, 4: 1 } });
    expect(await value<GradeCounts>('Bob Auditor', 'audits:gradeCounts', { scope: 'all' })).toMatchObject({ total: 2, counts: { 2: 0, 4: 2 } });
    // The QA lead's figures do not change.
    expect(await value<GradeCounts>('Quinn Lead', 'audits:gradeCounts', { scope: 'all' })).toMatchObject({ total: 3, counts: { 2: 1, 4: 2 } });
  });

  it('timeliness figures: an auditor counts their own actions, not another team\'s owners; a QA lead every action', async () => {
    core.setNow('2026-12-10T10:00:00Z');
    const ann = await value<TimelinessReport>('Ann Auditor', 'actions:timeliness', {});
    expect(ann.overall.due).toBe(1);
    expect(ann.byOwner.map((o) => o.key)).toEqual(['Nina North']);
    expect(ann.byTeam.map((t) => t.key)).toEqual(['Assessment North']);
    const lead = await value<TimelinessReport>('Quinn Lead', 'actions:timeliness', {});
    expect(lead.overall.due).toBe(3);
    expect(lead.byOwner.map((o) => o.key).sort()).toEqual(['Nina North', 'Sol South']);
  });

  it('calibration figures, the moderation queue and templates are for moderators and QA leads (declared in the contract)', async () => {
    for (const [op, input] of [['moderation:figures', {}], ['moderation:queue', {}], ['templates:list', {}]] as const) {
      expect(await core.dispatchAs(as('Ann Auditor'), op, input), op).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect((await core.dispatchAs(as('Mo Moderator'), op, input)).ok, op).toBe(true);
      expect((await core.dispatchAs(as('Quinn Lead'), op, input)).ok, op).toBe(true);
    }
  });
});
