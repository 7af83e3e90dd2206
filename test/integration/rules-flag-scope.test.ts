import { afterEach, describe, expect, it } from 'vitest';
import type { DrawSummary, QueueResult } from '../../shared/api/moderation';
import { write } from '../../electron/core/write';
import { callOk, makeTestCore, type TestCore } from './helpers';
import { addCase, moderateOpen, submitAudit } from './moderation.fixtures';

let core: TestCore;
afterEach(() => core?.cleanup());

function inProgramme(auditId: string, programmeId: string): void {
  write(core.ctx, (tx) => tx.update('audits', { id: auditId }, { programme_id: programmeId }, { entity: 'audit', entityId: auditId }));
}

describe('audits agreed without moderation are flagged in the same programme as the finding', () => {
  it('flags Bob\'s unmoderated audit in the programme where he was moderated down, not those in another programme or month', async () => {
    core = makeTestCore({ now: '2026-03-10T10:00:00Z' });
    core.actAs('Quinn Lead', 'qa-lead');
    await callOk(core, 'moderation:setSettings', { sharePercent: 1 });
    const march = await callOk<{ id: string }>(core, 'programmes:create', { name: 'March monthly audit', type: 'monthly' });
    const january = await callOk<{ id: string }>(core, 'programmes:create', { name: 'January monthly audit', type: 'monthly' });

    // January programme and a February audit outside programmes: agreed without moderation while Bob was within tolerance.
    core.actAs('Bob Auditor', 'auditor');
    const other = await submitAudit(core, addCase(core, 'JAN-1'), { overall: 2 });
    inProgramme(other, january.id);
    core.setNow('2026-02-10T10:00:00Z');
    const february = await submitAudit(core, addCase(core, 'FEB-1'), { overall: 2 });
    core.setNow('2026-03-10T10:00:00Z');
    const same = await submitAudit(core, addCase(core, 'MAR-1'), { overall: 2 });
    inProgramme(same, march.id);
    const moderated = [];
    for (let i = 0; i < 5; i++) {
      core.actAs('Bob Auditor', 'auditor');
      const id = await submitAudit(core, addCase(core, `MAR-M${i}`), { overall: 2 });
      inProgramme(id, march.id);
      moderated.push(id);
    }
    core.actAs('Mo Moderator', 'moderator');
    // Agreed without moderation while Bob is still within tolerance; then his five March audits are moderated down a whole grade.
    // (Below the share floor, so the QA lead records why.)
    core.actAs('Quinn Lead', 'qa-lead');
    for (const auditId of [other, february, same]) await callOk(core, 'moderation:agreeBelowShare', { auditId, reason: 'Agreed as submitted before the round began.' });
    core.actAs('Mo Moderator', 'moderator');
    for (const auditId of moderated) await moderateOpen(core, auditId, { overall: 3 });

    const draw = await callOk<DrawSummary>(core, 'moderation:draw', { seed: 1 });
    expect(draw.outsideTolerance.map((o) => o.name)).toEqual(['Bob Auditor']);
    expect(draw.flagged).toBe(1);
    const queue = await callOk<QueueResult>(core, 'moderation:queue', {});
    expect(queue.flags.map((f) => f.auditId)).toEqual([same]);
    expect(queue.flags[0].message).toMatch(/this audit was agreed without moderation in the same programme \(March monthly audit\)\.$/);
  });
});
