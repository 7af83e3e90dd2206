import { describe, expect, it } from 'vitest';
import { syncNow } from '../../electron/core/teamsync/sync';
import type { ActionRow, FollowUp, MyFollowUp } from '../../shared/api/actions';
import type { BothAgreeInbox, ModerationView } from '../../shared/api/moderation';
import type { AllocationSummary, MyProgrammeCase, ProgrammePage } from '../../shared/api/programmes';
import type { ServiceFinding } from '../../shared/api/serviceActions';
import { joinedLaptop, type Laptop } from '../support/laptop';
import { serverTestFile } from '../support/serverTestFile';
import { LEAD, startTestServer } from '../support/teamServer';
import { completeAudit } from './actionFixtures';
import { submitAudit } from './moderation.fixtures';

/**
 * Issue 12 items 7, 8 and 14 across real laptops and a team server (PGlite): every change below is
 * made on its person's own laptop through dispatch and pushed over HTTP, where the server re-checks
 * it against that person (shared/sync/rules.ts). "Both agree": the auditor asks to reconsider and
 * acknowledges from her laptop; a follow-up re-audit reaches the auditor it is scheduled for and is
 * started on his laptop; a moderator's service-level finding reaches the QA lead.
 */
const { ENGINES, dirs } = serverTestFile();

const SOUTH = 'Team South';
const ANN = { name: 'Ann Auditor', email: 'ann@council.example', pass: 'ann one-time passphrase', own: 'ann chose this herself' };
const FEMI = { name: 'Femi Auditor', email: 'femi@council.example', pass: 'femi one-time passphrase', own: 'femi chose this himself' };
const MO = { name: 'Mo Moderator', email: 'mo@council.example', pass: 'mo one-time passphrase', own: 'mo chose this herself' };
const isoDay = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function personLaptop(url: string, who: typeof ANN): Promise<Laptop> {
  const laptop = await joinedLaptop(url, who.email, who.pass, dirs);
  await laptop.call('session:changePassphrase', { current: who.pass, next: who.own });
  return laptop;
}

describe.each(ENGINES)('issue 12 across laptops and a team server on $name', (engine) => {
  it('the auditor asks to reconsider and acknowledges from her laptop; a scheduled follow-up reaches its auditor; a service finding reaches the lead', async () => {
    const server = await startTestServer(await engine.fresh());
    const laptops: Laptop[] = [];
    try {
      const lead = await joinedLaptop(server.url, LEAD.email, LEAD.passphrase, dirs);
      laptops.push(lead);
      const annId = (await lead.call<{ id: string }>('people:add', { name: ANN.name, email: ANN.email, role: 'auditor', teams: [], passphrase: ANN.pass })).id;
      const femiId = (await lead.call<{ id: string }>('people:add', { name: FEMI.name, email: FEMI.email, role: 'auditor', teams: [], passphrase: FEMI.pass })).id;
      await lead.call('people:add', { name: MO.name, email: MO.email, role: 'moderator', teams: [], passphrase: MO.pass });
      const csv = ['Case ID,Team,Social worker,Case type,Age band', `S-100,${SOUTH},Sam Worker,CIN,5-9`].join('\n');
      await lead.call('cases:import', { csv, mapping: { reference: 'Case ID', team: 'Team', worker: 'Social worker', caseType: 'Case type', ageBand: 'Age band' }, fileName: 'register.csv' });
      const programme = await lead.call<{ id: string }>('programmes:create', { name: 'December case audits', type: 'monthly', periodStart: isoDay(-10) });
      await lead.call<ProgrammePage>('programmes:fixSample', { programmeId: programme.id, seed: 7, strataBy: ['team'], perStratum: 1 });
      expect(await lead.call<AllocationSummary>('programmes:allocate', { programmeId: programme.id, auditorIds: [annId] })).toMatchObject({ allocated: 1 });
      await syncNow(lead.core.ctx);

      // Ann grades and submits on her laptop; Mo moderates openly on hers and agrees.
      const ann = await personLaptop(server.url, ANN);
      laptops.push(ann);
      const [mine] = await ann.call<MyProgrammeCase[]>('programmes:mine', {});
      const auditId = await submitAudit({ dispatch: ann.dispatch } as never, mine.caseId, { overall: 3, withAction: true, programmeId: mine.programmeId });
      await syncNow(ann.core.ctx);
      const mo = await personLaptop(server.url, MO);
      laptops.push(mo);
      await mo.call('moderation:start', { auditId, mode: 'open' });
      await mo.call('moderation:grade', { auditId, section: 's3', grade: 3, rationale: 'The assessment describes but does not analyse.', reasonCode: 'evidence-missed' });
      await mo.call('moderation:agree', { auditId });
      await syncNow(mo.core.ctx);

      // Ann receives the agreed grades and asks once to reconsider: the server accepts her change to the moderation.
      await syncNow(ann.core.ctx);
      expect((await ann.call<BothAgreeInbox>('moderation:bothAgree', {})).toAcknowledge.map((x) => x.auditId)).toEqual([auditId]);
      await ann.call('moderation:reconsider', { auditId, reason: 'Section 3: the addendum analyses the family history.' });
      expect((await syncNow(ann.core.ctx)).pushed).toBeGreaterThan(0);
      await syncNow(mo.core.ctx);
      expect((await mo.call<BothAgreeInbox>('moderation:bothAgree', {})).toAnswer.map((x) => x.reason)).toEqual(['Section 3: the addendum analyses the family history.']);
      await mo.call('moderation:answerReconsider', { auditId, decision: 'keep', rationale: 'The addendum describes; it does not analyse: 3 stands.' });
      await syncNow(mo.core.ctx);
      await syncNow(ann.core.ctx);
      await ann.call('moderation:acknowledge', { auditId });
      expect((await syncNow(ann.core.ctx)).pushed).toBeGreaterThan(0);
      await syncNow(lead.core.ctx);
      const seen = await lead.call<ModerationView>('moderation:get', { auditId });
      expect(seen.agreement?.stage).toBe('final');
      expect(seen.moderation?.reconsider).toMatchObject({ answer: 'kept', answerRationale: 'The addendum describes; it does not analyse: 3 stands.' });
      expect(seen.moderation?.auditorAgreedAt).not.toBeNull();

      // Mo raises a service-level finding from the audit on her laptop; the lead receives it.
      await mo.call('serviceActions:add', { auditId, level: 'service', title: 'Assessments across the service describe rather than analyse', ownerName: 'Harriet Head', ownerRole: 'Head of service', dueDate: isoDay(30), priority: 'high' });
      expect((await syncNow(mo.core.ctx)).pushed).toBeGreaterThan(0);
      await syncNow(lead.core.ctx);
      expect((await lead.call<{ rows: ServiceFinding[] }>('serviceActions:list', {})).rows.map((r) => r.title)).toEqual(['Assessments across the service describe rather than analyse']);

      // The lead schedules a follow-up re-audit for Femi; his laptop receives it and the case, and he starts it there.
      const [action] = await lead.call<ActionRow[]>('actions:forAudit', { auditId });
      await lead.call('actions:scheduleFollowUp', { id: action.id, auditorId: femiId, dueOn: isoDay(14) });
      await syncNow(lead.core.ctx);
      const femi = await personLaptop(server.url, FEMI);
      laptops.push(femi);
      const due = await femi.call<{ items: MyFollowUp[] }>('actions:myFollowUps', {});
      expect(due.items.map((i) => [i.caseReference, i.dueOn])).toEqual([['S-100', isoDay(14)]]);
      const { auditId: reaudit } = await femi.call<{ auditId: string }>('actions:startFollowUp', { id: action.id });
      await femi.call('audits:save', { id: reaudit, revision: 0, changes: completeAudit(2) });
      const { revision } = await femi.call<{ revision: number }>('audits:get', { id: reaudit });
      await femi.call('audits:submit', { id: reaudit, revision, justification: 'Grades agreed with the team manager after reading the whole file.' });
      expect((await syncNow(femi.core.ctx)).pushed).toBeGreaterThan(0);
      await syncNow(lead.core.ctx);
      const followUps = await lead.call<FollowUp[]>('actions:followUps', { caseId: mine.caseId });
      expect(followUps.map((f) => [f.gradeBefore, f.gradeAfter, f.afterAuditId])).toEqual([[3, 2, reaudit]]);
    } finally {
      for (const l of laptops) l.close();
      await server.close();
    }
  }, 600_000);
});
