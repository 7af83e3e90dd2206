import { afterEach, describe, expect, it } from 'vitest';
import type { DrawSummary, QueueResult } from '../../shared/api/moderation';
import { auditorCalibrationFigure } from '../../electron/core/moderation/calibration';
import { pickSample } from '../../electron/core/moderation/sampling';
import { callOk, makeTestCore, type TestCore } from './helpers';
import { addCase, moderateOpen, submitAudit } from './moderation.fixtures';

let core: TestCore;
afterEach(() => core?.cleanup());

async function refused(name: string, input: unknown): Promise<{ code: string; message: string }> {
  const reply = await core.dispatch(name, input);
  if (reply.ok) throw new Error(`${name} should have been refused`);
  return reply.error;
}

async function submitMany(name: string, count: number, prefix: string, team = 'Assessment North'): Promise<string[]> {
  core.actAs(name, 'auditor');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await submitAudit(core, addCase(core, `${prefix}-${i + 1}`, team), { overall: 2 }));
  return ids;
}

describe('moderation sampling', () => {
  it('only a QA lead sets the share; the default is 20%', async () => {
    core = makeTestCore();
    core.actAs('Mo Moderator', 'moderator');
    expect(await callOk(core, 'moderation:getSettings', {})).toEqual({ sharePercent: 20, canEdit: false });
    const no = await refused('moderation:setSettings', { sharePercent: 50 });
    expect(no.code).toBe('FORBIDDEN');
    expect(no.message).toMatch(/Only QA leads can do this/);
    core.actAs('Quinn Lead', 'qa-lead');
    expect((await refused('moderation:setSettings', { sharePercent: 0 })).code).toBe('INVALID_INPUT');
    expect(await callOk(core, 'moderation:setSettings', { sharePercent: 35 })).toEqual({ sharePercent: 35, canEdit: true });
    const history = core.ctx.db.prepare("SELECT new_value FROM history WHERE entity = 'settings' AND entity_id = 'moderation.sample_share'").all();
    // The first setting creates the row: one change holding the whole row (change log, version 8).
    expect(history).toEqual([{ new_value: JSON.stringify({ key: 'moderation.sample_share', value: '35' }) }]);
  });

  it('draws a seeded sample that is recorded and can be reproduced from its seed', async () => {
    core = makeTestCore();
    const ids = [...(await submitMany('Ann Auditor', 6, 'A')), ...(await submitMany('Bob Auditor', 6, 'B'))];
    core.actAs('Quinn Lead', 'qa-lead');
    await callOk(core, 'moderation:setSettings', { sharePercent: 25 });
    const draw = await callOk<DrawSummary>(core, 'moderation:draw', { seed: 12345 });
    expect(draw.seed).toBe(12345);
    expect(draw.sharePercent).toBe(25);
    expect(draw.poolCount).toBe(12);
    expect(draw.picked).toHaveLength(3); // 25% of 12
    expect(draw.picked.every((p) => p.reason === 'random' && ids.includes(p.auditId))).toBe(true);

    // Recorded: the seed, the share and the pool; the same seed on the same pool picks the same audits.
    const row = core.ctx.db.prepare('SELECT seed, share_percent, pool FROM moderation_draws WHERE id = ?').get(draw.id) as { seed: number; share_percent: number; pool: string };
    expect(row.seed).toBe(12345);
    const pool = (JSON.parse(row.pool) as string[]).map((id) => ({ id, auditorId: 'x' }));
    const replay = pickSample(pool, row.share_percent, row.seed, new Set());
    expect(replay.map((p) => p.auditId).sort()).toEqual(draw.picked.map((p) => p.auditId).sort());
    expect(pickSample([...pool].reverse(), 25, 12345, new Set())).toEqual(replay);
    expect(pickSample(pool, 25, 54321, new Set()).map((p) => p.auditId)).not.toEqual(replay.map((p) => p.auditId));

    // The queue shows the picks first, with their seed; a picked audit cannot skip moderation.
    const queue = await callOk<QueueResult>(core, 'moderation:queue', {});
    expect(queue.items.slice(0, 3).every((i) => i.pick?.seed === 12345)).toBe(true);
    expect(queue.lastDraw?.id).toBe(draw.id);
    const sampleOnly = await callOk<QueueResult>(core, 'moderation:queue', { sampleOnly: true });
    expect(sampleOnly.items).toHaveLength(3);
    const skip = await refused('moderation:agreeWithoutModeration', { auditId: draw.picked[0].auditId });
    expect(skip.message).toMatch(/picked in the moderation sample/);
    const notPicked = ids.find((id) => !draw.picked.some((p) => p.auditId === id))!;
    // The share is a floor (issue 12): with one audit being moderated, one may be agreed without.
    await callOk(core, 'moderation:start', { auditId: draw.picked[0].auditId, mode: 'open' });
    await callOk(core, 'moderation:agreeWithoutModeration', { auditId: notPicked });

    // A second draw only considers audits not drawn before.
    const second = await callOk<DrawSummary>(core, 'moderation:draw', { seed: 7 });
    expect(second.poolCount).toBe(8);
    expect(second.picked).toHaveLength(2);
  });

  it('an auditor outside tolerance has every audit picked, and their audits agreed unmoderated are flagged for review', async () => {
    core = makeTestCore({ now: '2026-06-01T10:00:00Z' });
    // Bob's first audit is agreed without moderation while he is still within tolerance.
    const [early] = await submitMany('Bob Auditor', 1, 'EARLY');
    // Nothing is moderated yet, so below the share floor only the QA lead can agree it, saying why (issue 12).
    core.actAs('Quinn Lead', 'qa-lead');
    await callOk(core, 'moderation:agreeBelowShare', { auditId: early, reason: 'First audit of the year; the round starts next week.' });

    // Five moderated audits, each moved down one grade overall: mean shift 1.0.
    const moderated = await submitMany('Bob Auditor', 5, 'BM');
    core.actAs('Mo Moderator', 'moderator');
    for (const auditId of moderated) await moderateOpen(core, auditId, { overall: 3 });
    const bobId = core.actAs('Bob Auditor', 'auditor');
    expect(auditorCalibrationFigure(core.ctx, bobId)).toEqual({ moderatedCount: 5, meanShift: 1 });

    const bobNew = await submitMany('Bob Auditor', 3, 'BN');
    const annNew = await submitMany('Ann Auditor', 4, 'AN', 'Assessment South');
    core.actAs('Mo Moderator', 'moderator');
    const refusedSkip = await refused('moderation:agreeWithoutModeration', { auditId: bobNew[0] });
    expect(refusedSkip.message).toMatch(/Bob Auditor is outside calibration tolerance/);

    const draw = await callOk<DrawSummary>(core, 'moderation:draw', { seed: 99 });
    expect(draw.outsideTolerance).toEqual([{ auditorId: bobId, name: 'Bob Auditor', moderatedCount: 5, meanShift: 1 }]);
    const forced = draw.picked.filter((p) => p.reason === 'auditor-outside-tolerance').map((p) => p.auditId);
    expect(forced.sort()).toEqual([...bobNew].sort());
    const random = draw.picked.filter((p) => p.reason === 'random');
    expect(random).toHaveLength(1); // 20% of Ann's 4, rounded up
    expect(annNew).toContain(random[0].auditId);
    expect(draw.flagged).toBe(1);

    const queue = await callOk<QueueResult>(core, 'moderation:queue', {});
    expect(queue.flags).toHaveLength(1);
    expect(queue.flags[0].auditId).toBe(early);
    expect(queue.flags[0].message).toMatch(/^review: auditor outside tolerance: Bob Auditor's audits were moderated worse by a mean of 1 over 5 audits/);
    expect(queue.outsideTolerance.map((o) => o.name)).toEqual(['Bob Auditor']);
    const filtered = await callOk<QueueResult>(core, 'moderation:queue', { auditorId: bobId });
    expect(filtered.items.map((i) => i.auditId).sort()).toEqual([...bobNew].sort());
    const byTeam = await callOk<QueueResult>(core, 'moderation:queue', { team: 'Assessment South' });
    expect(byTeam.items.map((i) => i.auditId).sort()).toEqual([...annNew].sort());

    // Drawing again does not flag the same audit twice; resolving the flag closes it.
    const again = await callOk<DrawSummary>(core, 'moderation:draw', { seed: 100 });
    expect(again.flagged).toBe(0);
    await callOk(core, 'moderation:resolveFlag', { flagId: queue.flags[0].id, note: 'Re-read: the grades stand.' });
    expect((await callOk<QueueResult>(core, 'moderation:queue', {})).flags).toHaveLength(0);

    // Twelve months on, the moderated audits fall out of the window and Bob is back within tolerance.
    core.setNow('2027-07-01T10:00:00Z');
    expect(auditorCalibrationFigure(core.ctx, bobId)).toEqual({ moderatedCount: 0, meanShift: null });
    expect((await callOk<QueueResult>(core, 'moderation:queue', {})).outsideTolerance).toEqual([]);
  });
});
