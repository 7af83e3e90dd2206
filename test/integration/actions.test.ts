import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionDetail, ActionRow, FollowUp, TrackerPage } from '../../shared/api/actions';
import type { SubmitCheckResult } from '../../shared/api/audits';
import { verifyHistory } from '../../electron/core/history/verify';
import { callOk, makeTestCore, type TestCore } from './helpers';
import { addAction, addCase, callErr, gradedAudit, submit } from './actionFixtures';

let core: TestCore;

beforeEach(() => {
  core = makeTestCore({ now: '2026-11-23T10:00:00Z' });
  core.actAs('Esme Auditor', 'auditor');
});
afterEach(() => core.cleanup());

const get = (id: string) => callOk<ActionDetail>(core, 'actions:get', { id });
const historyOf = (id: string) =>
  core.ctx.db.prepare("SELECT actor_name, op, field, old_value, new_value FROM history WHERE entity = 'action' AND entity_id = ? ORDER BY seq").all(id) as {
    actor_name: string; op: string; field: string | null; old_value: string | null; new_value: string | null;
  }[];

describe('the submit check', () => {
  it('stops a grade-4 audit being submitted until it has an action, and says where to add one', async () => {
    const caseId = addCase(core, 'CASE-1');
    const audit = await gradedAudit(core, caseId, 4);
    const check = await callOk<SubmitCheckResult>(core, 'audits:checkSubmit', { id: audit.id });
    const item = check.missing.find((m) => m.code === 'action-required');
    expect(item).toBeDefined();
    expect(item!.target).toEqual({ kind: 'step', step: 'actions' });
    expect(item!.message).toContain('4 Inadequate');
    const err = await callErr(core, 'audits:submit', { id: audit.id, revision: audit.revision, justification: 'x'.repeat(30) });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('add at least one action');

    // A cancelled action does not count; an open one does.
    const first = await addAction(core, audit.id);
    await callOk(core, 'actions:cancel', { id: first.id, reason: 'Raised against the wrong case' });
    expect((await callOk<SubmitCheckResult>(core, 'audits:checkSubmit', { id: audit.id })).missing.map((m) => m.code)).toContain('action-required');
    await addAction(core, audit.id, { title: 'Hold a core group with school and health' });
    expect((await callOk<SubmitCheckResult>(core, 'audits:checkSubmit', { id: audit.id })).missing).toEqual([]);
    await submit(core, audit.id, audit.revision);
  });

  it('does not ask for an action when the overall grade is 1 or 2', async () => {
    const audit = await gradedAudit(core, addCase(core, 'CASE-2'), 2);
    const check = await callOk<SubmitCheckResult>(core, 'audits:checkSubmit', { id: audit.id });
    expect(check.missing.map((m) => m.code)).not.toContain('action-required');
  });
});

describe('adding actions', () => {
  it('validates what must happen, owner, role, due date, priority and section', async () => {
    const audit = await gradedAudit(core, addCase(core, 'CASE-3'), 3);
    expect((await callErr(core, 'actions:add', { auditId: audit.id, title: 'Visit', ownerName: 'S', ownerRole: 'SW', dueDate: '2026-12-01', priority: 'urgent' })).code).toBe('INVALID_INPUT');
    const past = await callErr(core, 'actions:add', { auditId: audit.id, title: 'Visit the child at home', ownerName: 'Sam Social-Worker', ownerRole: 'Social worker', dueDate: '2026-11-22', priority: 'high' });
    expect(past).toEqual({ code: 'VALIDATION', message: expect.stringContaining('22 Nov 2026 is in the past') });
    const badDate = await callErr(core, 'actions:add', { auditId: audit.id, title: 'Visit the child at home', ownerName: 'Sam', ownerRole: 'Social worker', dueDate: '2026-02-30', priority: 'high' });
    expect(badDate.code).toBe('INVALID_INPUT');
    expect((await callErr(core, 'actions:add', { auditId: audit.id, sectionKey: 's99', title: 'Visit the child at home', ownerName: 'Sam', ownerRole: 'Social worker', dueDate: '2026-12-01', priority: 'low' })).code).toBe('VALIDATION');

    const a = await addAction(core, audit.id, { sectionKey: 's4' });
    expect(a).toMatchObject({ status: 'open', sectionKey: 's4', team: 'Assessment North', caseReference: 'CASE-3', overdue: false, dueDateMoves: 0, createdBy: 'Esme Auditor' });
    expect((await callOk<ActionRow[]>(core, 'actions:forAudit', { auditId: audit.id })).map((r) => r.id)).toEqual([a.id]);

    // Someone else's audit: another auditor may not add to it (they cannot see it, so it is as good
    // as missing: NOT_FOUND, which does not reveal that it exists); a moderator may, once it is
    // submitted (a draft is its auditor's alone: visibility work).
    await submit(core, audit.id, audit.revision);
    core.actAs('Ben Other', 'auditor');
    expect((await callErr(core, 'actions:add', { auditId: audit.id, title: 'Visit the child at home', ownerName: 'Sam', ownerRole: 'Social worker', dueDate: '2026-12-01', priority: 'low' })).code).toBe('NOT_FOUND');
    core.actAs('Iris Moderator', 'moderator');
    await addAction(core, audit.id, { title: 'Supervision to set timescales' });
  });
});

describe('the lifecycle', () => {
  it('open → done → verified (by a moderator or QA lead only), open → cancelled, every change in the history', async () => {
    const audit = await gradedAudit(core, addCase(core, 'CASE-4'), 4);
    const a = await addAction(core, audit.id);
    const b = await addAction(core, audit.id, { title: 'Hold a core group with school and health' });
    await submit(core, audit.id, audit.revision); // moderators see a submitted audit's actions, not a draft's

    // Verify needs a done action, and a moderator or QA lead.
    core.actAs('Kit QA', 'qa-lead');
    expect(await callErr(core, 'actions:verify', { id: a.id })).toEqual({ code: 'VALIDATION', message: expect.stringContaining('mark it done first') });
    core.actAs('Esme Auditor', 'auditor');
    expect((await callErr(core, 'actions:markDone', { id: a.id, note: 'Seen alone at school', doneOn: '2026-11-24' })).message).toContain('in the future');
    const done = await callOk<ActionRow>(core, 'actions:markDone', { id: a.id, note: 'Seen alone at school; views recorded', doneOn: '2026-11-23' });
    expect(done).toMatchObject({ status: 'done', doneOn: '2026-11-23', doneNote: 'Seen alone at school; views recorded' });
    expect((await callErr(core, 'actions:markDone', { id: a.id, note: 'Again', doneOn: '2026-11-23' })).code).toBe('CONFLICT');
    expect((await callErr(core, 'actions:verify', { id: a.id })).code).toBe('FORBIDDEN');
    core.actAs('Iris Moderator', 'moderator');
    const verified = await callOk<ActionRow>(core, 'actions:verify', { id: a.id, note: 'Checked the visit record' });
    expect(verified).toMatchObject({ status: 'verified', verifiedBy: 'Iris Moderator' });
    expect((await callErr(core, 'actions:verify', { id: a.id })).message).toContain('already verified');

    expect((await callErr(core, 'actions:cancel', { id: b.id, reason: '' })).code).toBe('INVALID_INPUT');
    const cancelled = await callOk<ActionRow>(core, 'actions:cancel', { id: b.id, reason: 'Case transferred to another authority' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Case transferred to another authority' });
    expect((await callErr(core, 'actions:verify', { id: b.id })).code).toBe('VALIDATION');

    const h = historyOf(a.id);
    expect(h[0]).toMatchObject({ op: 'create', actor_name: 'Esme Auditor' });
    expect(h.filter((r) => r.field === 'status').map((r) => [r.actor_name, r.old_value, r.new_value])).toEqual([
      ['Esme Auditor', '"open"', '"done"'],
      ['Iris Moderator', '"done"', '"verified"'],
    ]);
    expect(verifyHistory(core.ctx.db).ok).toBe(true);
  });

  it('keeps every move of a due date with its reason, and an action moved twice drifts', async () => {
    const audit = await gradedAudit(core, addCase(core, 'CASE-5'), 3);
    const a = await addAction(core, audit.id, { dueDate: '2026-11-30' });
    expect((await callErr(core, 'actions:moveDue', { id: a.id, dueDate: '2026-12-14', reason: '' })).code).toBe('INVALID_INPUT');
    expect((await callErr(core, 'actions:moveDue', { id: a.id, dueDate: '2026-11-30', reason: 'No change' })).code).toBe('VALIDATION');
    expect((await callErr(core, 'actions:moveDue', { id: a.id, dueDate: '2026-11-01', reason: 'Back-date it' })).message).toContain('in the past');
    const once = await callOk<ActionDetail>(core, 'actions:moveDue', { id: a.id, dueDate: '2026-12-14', reason: 'Family on holiday' });
    expect(once).toMatchObject({ dueDate: '2026-12-14', dueDateMoves: 1, driftReasons: [] });
    core.setNow('2026-12-01T10:00:00Z');
    const twice = await callOk<ActionDetail>(core, 'actions:moveDue', { id: a.id, dueDate: '2027-01-11', reason: 'Worker on sick leave' });
    expect(twice.moves.map((m) => [m.fromDate, m.toDate, m.reason, m.movedBy])).toEqual([
      ['2026-11-30', '2026-12-14', 'Family on holiday', 'Esme Auditor'],
      ['2026-12-14', '2027-01-11', 'Worker on sick leave', 'Esme Auditor'],
    ]);
    expect(twice.driftReasons.map((r) => r.code)).toEqual(['due-date-moved']);
    expect(twice.driftReasons[0].message).toContain('moved 2 times');
    expect((await get(a.id)).moves).toHaveLength(2);
  });

  it('overdue after the due date; drifting when more than 28 days overdue (day 28 is not, day 29 is)', async () => {
    const audit = await gradedAudit(core, addCase(core, 'CASE-6'), 4);
    const a = await addAction(core, audit.id, { dueDate: '2026-11-25' });
    core.setNow('2026-11-25T23:30:00Z'); // 23:30 GMT, still 25 Nov in London
    expect((await get(a.id)).overdue).toBe(false);
    core.setNow('2026-11-26T00:30:00Z');
    expect(await get(a.id)).toMatchObject({ overdue: true, daysOverdue: 1, driftReasons: [] });
    core.setNow('2026-12-23T12:00:00Z'); // day 28
    expect(await get(a.id)).toMatchObject({ daysOverdue: 28, driftReasons: [] });
    core.setNow('2026-12-24T12:00:00Z'); // day 29
    const drifting = await get(a.id);
    expect(drifting.driftReasons.map((r) => r.code)).toEqual(['overdue-28']);
    const report = await callOk<{ cases: { caseReference: string; reasons: { code: string }[] }[] }>(core, 'actions:drift', {});
    expect(report.cases.map((c) => c.caseReference)).toEqual(['CASE-6']);
  });
});

describe('bulk update for one owner', () => {
  it('marks several of one owner\'s actions done together, and refuses a mix of owners without changing anything', async () => {
    const audit = await gradedAudit(core, addCase(core, 'CASE-7'), 3);
    const a = await addAction(core, audit.id);
    const b = await addAction(core, audit.id, { title: 'Update the chronology' });
    const c = await addAction(core, audit.id, { title: 'Supervision to set timescales', ownerName: 'Ben Manager', ownerRole: 'Team manager' });
    const mixed = await callErr(core, 'actions:bulkStatus', { ownerName: 'Sam Social-Worker', ids: [a.id, c.id], status: 'done', note: 'All done', doneOn: '2026-11-23' });
    expect(mixed.message).toContain('belongs to Ben Manager');
    expect((await get(a.id)).status).toBe('open');
    expect(await callOk(core, 'actions:bulkStatus', { ownerName: 'sam social-worker', ids: [a.id, b.id], status: 'done', note: 'Done at the visit on Monday', doneOn: '2026-11-23' })).toEqual({ updated: 2 });
    expect([(await get(a.id)).status, (await get(b.id)).status, (await get(c.id)).status]).toEqual(['done', 'done', 'open']);
  });
});

describe('follow-up and spot-check', () => {
  it('schedules a re-audit for an auditor and a date; it waits on their dashboard (due, then overdue); only they start it; the grade before and after', async () => {
    const caseId = addCase(core, 'CASE-8', 'Children in Care');
    const audit = await gradedAudit(core, caseId, 4);
    const a = await addAction(core, audit.id);
    await submit(core, audit.id, audit.revision);
    const femi = core.actAs('Femi Auditor', 'auditor');
    core.actAs('Gus Auditor', 'auditor');
    // An auditor cannot schedule (access declared on the operation), not even for themselves.
    expect((await callErr(core, 'actions:scheduleFollowUp', { id: a.id, auditorId: femi, dueOn: '2026-12-14' })).code).toBe('FORBIDDEN');
    // Gus cannot see another auditor's action at all (visibility work); its own auditor is told none is scheduled.
    expect((await callErr(core, 'actions:startFollowUp', { id: a.id })).code).toBe('NOT_FOUND');
    core.actAs('Esme Auditor', 'auditor');
    expect((await callErr(core, 'actions:startFollowUp', { id: a.id })).message).toContain('No follow-up audit of case CASE-8 is scheduled');
    core.actAs('Gus Auditor', 'auditor');

    core.actAs('Quinn Lead', 'qa-lead');
    expect((await callErr(core, 'actions:scheduleFollowUp', { id: a.id, auditorId: femi, dueOn: '2026-11-01' })).message).toContain('(1 Nov 2026) is in the past');
    const scheduled = await callOk<ActionRow>(core, 'actions:scheduleFollowUp', { id: a.id, auditorId: femi, dueOn: '2026-12-14' });
    expect(scheduled).toMatchObject({ followUpAuditId: null, followUp: { auditorId: femi, auditorName: 'Femi Auditor', dueOn: '2026-12-14', scheduledBy: 'Quinn Lead', overdue: false } });
    // Scheduling starts nothing: no audit for the QA lead, none for Femi yet.
    expect((core.ctx.db.prepare('SELECT count(*) AS n FROM audits WHERE case_id = ?').get(caseId) as { n: number }).n).toBe(1);

    // Someone else cannot start it; it is not on their dashboard.
    core.actAs('Gus Auditor', 'auditor');
    expect(await callOk(core, 'actions:myFollowUps', {})).toMatchObject({ items: [] });
    // Gus cannot even see the action (visibility work); its own auditor may see it but not start it.
    expect(await callErr(core, 'actions:startFollowUp', { id: a.id })).toMatchObject({ code: 'NOT_FOUND' });
    core.actAs('Esme Auditor', 'auditor');
    expect(await callErr(core, 'actions:startFollowUp', { id: a.id })).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('scheduled for Femi Auditor; only they can start it') });

    core.actAs('Femi Auditor', 'auditor');
    expect(await callOk(core, 'actions:myFollowUps', {})).toEqual({
      today: '2026-11-23',
      items: [{ actionId: a.id, actionTitle: 'See the child alone and record their views', caseId, caseReference: 'CASE-8', team: 'Children in Care', dueOn: '2026-12-14', overdue: false, daysOverdue: 0, scheduledBy: 'Quinn Lead', auditId: null, auditStatus: null }],
    });
    core.setNow('2026-12-16T09:00:00Z');
    expect((await callOk<{ items: { overdue: boolean; daysOverdue: number }[] }>(core, 'actions:myFollowUps', {})).items[0]).toMatchObject({ overdue: true, daysOverdue: 2 });
    expect((await get(a.id)).followUp?.overdue).toBe(true);

    const { auditId } = await callOk<{ auditId: string }>(core, 'actions:startFollowUp', { id: a.id });
    expect(await callOk(core, 'actions:startFollowUp', { id: a.id })).toEqual({ auditId }); // starting twice opens the same draft
    const draft = core.ctx.db.prepare('SELECT case_id, status, follows_audit_id, auditor_id FROM audits WHERE id = ?').get(auditId) as Record<string, string>;
    expect(draft).toMatchObject({ case_id: caseId, status: 'draft', follows_audit_id: audit.id, auditor_id: femi });
    expect((await callOk<{ items: { auditId: string | null; auditStatus: string | null }[] }>(core, 'actions:myFollowUps', {})).items[0]).toMatchObject({ auditId, auditStatus: 'draft' });
    // Once started, it cannot be moved to someone else.
    core.actAs('Quinn Lead', 'qa-lead');
    expect((await callErr(core, 'actions:scheduleFollowUp', { id: a.id, auditorId: femi, dueOn: '2026-12-20' })).code).toBe('CONFLICT');
    core.actAs('Femi Auditor', 'auditor');
    let fu = await callOk<FollowUp[]>(core, 'actions:followUps', { caseId });
    expect(fu).toEqual([expect.objectContaining({ actionId: a.id, beforeAuditId: audit.id, gradeBefore: 4, afterAuditId: auditId, gradeAfter: null, afterStatus: 'draft' })]);

    const saved = await callOk<{ revision: number }>(core, 'audits:save', { id: auditId, revision: 0, changes: (await import('./actionFixtures')).completeAudit(2) });
    await submit(core, auditId, saved.revision);
    fu = await callOk<FollowUp[]>(core, 'actions:followUps', { caseId });
    expect(fu[0]).toMatchObject({ gradeBefore: 4, gradeAfter: 2, afterStatus: 'submitted' });
    expect(await get(a.id)).toMatchObject({ followUpAuditId: auditId, followUpGrade: 2, followUp: { overdue: false } });
    expect(await callOk(core, 'actions:myFollowUps', {})).toMatchObject({ items: [] });
  });

  it('refuses a follow-up for someone who manages the case\'s team', async () => {
    const audit = await gradedAudit(core, addCase(core, 'CASE-9', 'Assessment South'), 3);
    const a = await addAction(core, audit.id);
    const ben = core.actAs('Ben Manager', 'auditor', ['Assessment South']);
    core.actAs('Quinn Lead', 'qa-lead');
    expect((await callErr(core, 'actions:scheduleFollowUp', { id: a.id, auditorId: ben, dueOn: '2026-12-14' })).message).toContain('Ben Manager manages Assessment South, the team of case CASE-9');
  });

  it('asks for a spot-check only on a done action of a case graded 3 or 4', async () => {
    const weak = await gradedAudit(core, addCase(core, 'CASE-10'), 4);
    const good = await gradedAudit(core, addCase(core, 'CASE-11'), 2);
    const a = await addAction(core, weak.id);
    const b = await addAction(core, good.id);
    expect((await callErr(core, 'actions:requestSpotCheck', { id: a.id, note: 'Check it lasted' })).code).toBe('CONFLICT');
    await callOk(core, 'actions:markDone', { id: a.id, note: 'Seen alone', doneOn: '2026-11-23' });
    await callOk(core, 'actions:markDone', { id: b.id, note: 'Seen alone', doneOn: '2026-11-23' });
    expect((await callErr(core, 'actions:requestSpotCheck', { id: b.id, note: 'Check it lasted' })).message).toContain('graded 3 or 4');
    const asked = await callOk<ActionRow>(core, 'actions:requestSpotCheck', { id: a.id, note: 'Check in two months the child is still seen alone' });
    expect(asked.spotCheck).toMatchObject({ requestedBy: 'Esme Auditor', result: null });
    const found = await callOk<ActionRow>(core, 'actions:recordSpotCheck', { id: a.id, lasted: true, note: 'Seen alone at the last three visits' });
    expect(found.spotCheck).toMatchObject({ result: 'lasted', resultNote: 'Seen alone at the last three visits' });
  });
});

describe('reminders', () => {
  it('shows my overdue actions and the drifting cases of the teams I manage', async () => {
    const north = await gradedAudit(core, addCase(core, 'N-1', 'Assessment North'), 4);
    const south = await gradedAudit(core, addCase(core, 'S-1', 'Assessment South'), 4);
    await addAction(core, north.id, { ownerName: 'Aria Manager', ownerRole: 'Team manager', dueDate: '2026-11-24' });
    await addAction(core, south.id, { dueDate: '2026-11-24' });
    core.setNow('2027-01-05T09:00:00Z');
    core.actAs('Aria Manager', 'auditor', ['Assessment North']);
    const r = await callOk<{ myOverdue: ActionRow[]; drifting: { caseReference: string }[]; scope: string }>(core, 'actions:reminders', {});
    expect(r.myOverdue.map((a) => a.caseReference)).toEqual(['N-1']);
    expect(r.drifting.map((c) => c.caseReference)).toEqual(['N-1']);
    expect(r.scope).toBe('Assessment North and the cases allocated to you or audited by you');
    core.actAs('Kit QA', 'qa-lead');
    const all = await callOk<{ drifting: { caseReference: string }[]; scope: string }>(core, 'actions:reminders', {});
    expect(all.drifting.map((c) => c.caseReference).sort()).toEqual(['N-1', 'S-1']);
    expect(all.scope).toBe('all teams');
    const page = await callOk<TrackerPage>(core, 'actions:list', { overdue: true });
    expect(page.total).toBe(2);
  });

  it("an auditor's drifting cases are visibleTo's: the dashboard and the drift page agree, allocated cases included", async () => {
    // Bob audits N-2 and S-2 (overdue actions make both drift); the QA lead then allocates N-2 to Ann
    // for the next round. Ann has audited neither and manages no team: N-2 is hers to see, S-2 is not.
    core.actAs('Bob Auditor', 'auditor');
    const n2 = addCase(core, 'N-2', 'Assessment North');
    const s2 = addCase(core, 'S-2', 'Assessment South');
    for (const caseId of [n2, s2]) await addAction(core, (await gradedAudit(core, caseId, 4)).id, { dueDate: '2026-11-24' });
    core.actAs('Quinn Lead', 'qa-lead');
    const programme = await callOk<{ id: string }>(core, 'programmes:create', { name: 'December audits', type: 'monthly' });
    await callOk(core, 'programmes:addCases', { programmeId: programme.id, caseIds: [n2] });
    const ann = core.actAs('Ann Auditor', 'auditor');
    core.actAs('Quinn Lead', 'qa-lead');
    await callOk(core, 'programmes:assign', { programmeId: programme.id, caseId: n2, auditorId: ann });
    core.setNow('2027-01-05T09:00:00Z');
    core.actAs('Ann Auditor', 'auditor');
    const r = await callOk<{ drifting: { caseId: string; caseReference: string }[]; scope: string }>(core, 'actions:reminders', {});
    const page = await callOk<{ cases: { caseId: string }[] }>(core, 'actions:drift', {});
    expect(r.drifting.map((c) => c.caseReference)).toEqual(['N-2']);
    expect(r.drifting.map((c) => c.caseId)).toEqual(page.cases.map((c) => c.caseId));
    expect(r.scope).toBe('the cases allocated to you or audited by you');
  });
});
