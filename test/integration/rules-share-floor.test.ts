import { afterEach, describe, expect, it } from 'vitest';
import type { QueueResult } from '../../shared/api/moderation';
import { write } from '../../electron/core/write';
import { callOk, makeTestCore, type TestCore } from './helpers';
import { addCase, moderateOpen, submitAudit } from './moderation.fixtures';

let core: TestCore;
afterEach(() => core?.cleanup());

async function refused(name: string, input: unknown): Promise<{ code: string; message: string }> {
  const reply = await core.dispatch(name, input);
  if (reply.ok) throw new Error(`${name} should have been refused`);
  return reply.error;
}

describe('the moderation share is a floor per programme (and per month outside programmes)', () => {
  it('refuses agreeing without moderation below the share unless the QA lead records why; the reason is kept and shown', async () => {
    core = makeTestCore({ now: '2026-11-10T10:00:00Z' });
    core.actAs('Quinn Lead', 'qa-lead');
    await callOk(core, 'moderation:setSettings', { sharePercent: 25 });
    const programme = await callOk<{ id: string }>(core, 'programmes:create', { name: 'November monthly audit', type: 'monthly' });
    core.actAs('Ann Auditor', 'auditor');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await submitAudit(core, addCase(core, `FLOOR-${i}`), { overall: 2 });
      write(core.ctx, (tx) => tx.update('audits', { id }, { programme_id: programme.id }, { entity: 'audit', entityId: id }));
      ids.push(id);
    }
    const outside = await submitAudit(core, addCase(core, 'OUT-1'), { overall: 2 });

    // Nothing moderated yet: 0% moderated, below the 25% floor.
    core.actAs('Mo Moderator', 'moderator');
    const first = await refused('moderation:agreeWithoutModeration', { auditId: ids[0] });
    expect(first.code).toBe('CONFLICT');
    expect(first.message).toBe(
      "The moderation share is a floor of 25% in programme November monthly audit: 0 of 0 audits decided so far were moderated, and agreeing case FLOOR-0's audit without moderation would leave 0%. Moderate it, or a QA lead can agree it without moderation and record why.",
    );
    // Outside programmes the floor is per month.
    expect((await refused('moderation:agreeWithoutModeration', { auditId: outside })).message).toMatch(/floor of 25% in Nov 2026 \(outside programmes\)/);

    // One moderated: 1 of 2 is 50%, then 1 of 3 is 33%, 1 of 4 is 25%; the fourth would leave 20%.
    await moderateOpen(core, ids[0]!, {});
    for (const auditId of ids.slice(1, 4)) await callOk(core, 'moderation:agreeWithoutModeration', { auditId });
    expect((await refused('moderation:agreeWithoutModeration', { auditId: ids[4] })).message).toMatch(/1 of 4 audits decided so far was moderated, and agreeing case FLOOR-4's audit without moderation would leave 20%/);

    // The QA lead agrees it anyway and records why; the reason is kept and shown.
    core.actAs('Quinn Lead', 'qa-lead');
    expect((await refused('moderation:agreeBelowShare', { auditId: ids[4], reason: 'short' })).code).toBe('INVALID_INPUT');
    await callOk(core, 'moderation:agreeBelowShare', { auditId: ids[4], reason: 'Auditor left the authority; the case closed last week.' });
    const queue = await callOk<QueueResult>(core, 'moderation:queue', {});
    expect(queue.recent.find((r) => r.auditId === ids[4])?.belowShareReason).toBe('Auditor left the authority; the case closed last week.');
    const kept = core.ctx.db.prepare('SELECT below_share_reason FROM moderation_unmoderated WHERE audit_id = ?').get(ids[4]) as { below_share_reason: string };
    expect(kept.below_share_reason).toBe('Auditor left the authority; the case closed last week.');
  });
});
