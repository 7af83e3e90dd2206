import { describe, expect, it } from 'vitest';
import { getJob } from '../../electron/core/exports/jobs';
import { verifyHistory } from '../../electron/core/history/verify';
import { stateHash } from '../../electron/core/sync/index';
import { syncNow, syncStatus } from '../../electron/core/teamsync/sync';
import { startTeamServer, type TeamServer } from '../../electron/server/start';
import type { ActionRow, DriftCaseRow } from '../../shared/api/actions';
import type { ExportProgress } from '../../shared/api/exports';
import type { HistoryEntry } from '../../shared/api/system';
import type { ModerationFigures, ModerationView } from '../../shared/api/moderation';
import type { AllocationSummary, MyProgrammeCase, ProgrammePage } from '../../shared/api/programmes';
import { joinedLaptop, type Laptop } from '../support/laptop';
import { serverTestFile } from '../support/serverTestFile';
import { LEAD, startTestServer } from '../support/teamServer';
import { pdfPages } from './exportHelpers';
import { SECTIONS, submitAudit } from './moderation.fixtures';

/**
 * Issue 15 item 7: the round trip across real laptops. Four encrypted laptop databases, each
 * joined by the real client over HTTP to one team server, each acting as its own signed-in person
 * through dispatch. Nothing is written to a table by hand.
 */
const { ENGINES, dirs } = serverTestFile();

const NORTH = 'Team North';
const SOUTH = 'Team South';
const ANN = { name: 'Ann Auditor', email: 'ann@council.example', oneTime: 'ann one-time passphrase', own: 'ann chose this herself' };
const BO = { name: 'Bo Auditor', email: 'bo@council.example', oneTime: 'bo one-time passphrase', own: 'bo chose this himself' };
const MO = { name: 'Mo Moderator', email: 'mo@council.example', oneTime: 'mo one-time passphrase', own: 'mo chose this herself' };

const isoDay = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** A person's laptop: joined with the one-time passphrase, then they choose their own (as the app asks first). */
async function personLaptop(url: string, who: typeof ANN): Promise<Laptop> {
  const laptop = await joinedLaptop(url, who.email, who.oneTime, dirs);
  expect((await laptop.refused('programmes:mine', {})).message).toMatch(/Choose your own passphrase first/);
  await laptop.call('session:changePassphrase', { current: who.oneTime, next: who.own });
  return laptop;
}

/** The auditor's side on her own laptop: grade 3 overall with an action, submit, then move the action's due date twice. */
async function gradeAndSubmit(laptop: Laptop, mine: MyProgrammeCase): Promise<string> {
  const auditId = await submitAudit({ dispatch: laptop.dispatch } as never, mine.caseId, { overall: 3, withAction: true, programmeId: mine.programmeId });
  const [action] = await laptop.call<ActionRow[]>('actions:forAudit', { auditId });
  await laptop.call('actions:moveDue', { id: action.id, dueDate: isoDay(14), reason: 'The family moved house; the visit is rebooked.' });
  await laptop.call('actions:moveDue', { id: action.id, dueDate: isoDay(21), reason: 'The worker was off sick; rebooked again.' });
  return auditId;
}

async function packText(laptop: Laptop, programmeId: string): Promise<string> {
  const { jobId } = await laptop.call<{ jobId: string }>('exports:start', { kind: 'pack', programmeId });
  for (;;) {
    const p = await laptop.call<ExportProgress>('exports:progress', { jobId });
    // Made as in the browser preview, whose replies never name a path: read the file the job wrote.
    if (p.state === 'done') return pdfPages(getJob(jobId)!.finalPath).join('\n');
    if (p.state !== 'running') throw new Error(`the pack export ended ${p.state}: ${p.error}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(ENGINES)('the round trip across laptops through a team server on $name', (engine) => {
  it('QA lead samples and allocates → auditors grade offline and submit → moderator moderates blind and open → auditors receive the agreed grades → the QA lead sees every team', async () => {
    const storage = await engine.fresh();
    let server: TeamServer = await startTestServer(storage);
    const laptops: Laptop[] = [];
    try {
      // The QA lead's laptop: people, the register, a sampled programme, allocated.
      const lead = await joinedLaptop(server.url, LEAD.email, LEAD.passphrase, dirs);
      laptops.push(lead);
      const add = (who: typeof ANN, role: string, teams: string[]) => lead.call<{ id: string }>('people:add', { name: who.name, email: who.email, role, teams, passphrase: who.oneTime });
      const annId = (await add(ANN, 'auditor', [NORTH])).id;
      const boId = (await add(BO, 'auditor', [SOUTH])).id;
      await add(MO, 'moderator', []);
      // The register arrives as the case management system's CSV. (Its import is recorded as a
      // 'case-import' event, which the team server once refused as "not a change", blocking the lead's laptop.)
      const rows = [NORTH, SOUTH].flatMap((team) => [0, 1, 2, 3].map((i) => `${team === NORTH ? 'N' : 'S'}-10${i},${team},Sam Worker,${i % 2 ? 'CP' : 'CIN'},5-9,2026-01-10,`));
      const csv = ['Case ID,Team,Social worker,Case type,Age band,Opened,Closed', ...rows].join('\n');
      const MAPPING = { reference: 'Case ID', team: 'Team', worker: 'Social worker', caseType: 'Case type', ageBand: 'Age band', openedOn: 'Opened', closedOn: 'Closed' };
      expect(await lead.call('cases:import', { csv, mapping: MAPPING, fileName: 'register.csv' })).toMatchObject({ imported: 8 });
      const programme = await lead.call<{ id: string }>('programmes:create', { name: 'December case audits', type: 'monthly', periodStart: isoDay(-10) });
      const sampled = await lead.call<ProgrammePage>('programmes:fixSample', { programmeId: programme.id, seed: 42, strataBy: ['team'], perStratum: 1 });
      expect(sampled.cases.map((c) => c.team).sort()).toEqual([NORTH, SOUTH]);
      const allocation = await lead.call<AllocationSummary>('programmes:allocate', { programmeId: programme.id, auditorIds: [annId, boId] });
      expect(allocation).toMatchObject({ allocated: 2, unassigned: [] });
      expect((await syncNow(lead.core.ctx)).pushed).toBeGreaterThan(10);

      // Each auditor's laptop receives their own case (never from their own team), and nothing of the other's.
      const ann = await personLaptop(server.url, ANN);
      const bo = await personLaptop(server.url, BO);
      laptops.push(ann, bo);
      const annCases = await ann.call<MyProgrammeCase[]>('programmes:mine', {});
      const boCases = await bo.call<MyProgrammeCase[]>('programmes:mine', {});
      expect(annCases.map((c) => c.team)).toEqual([SOUTH]);
      expect(boCases.map((c) => c.team)).toEqual([NORTH]);
      // Team scope (decision 58): Ann also holds the cases of the team she manages (North), to follow
      // their actions and drift; never Bo's audits of them (checked below).
      const annRefs = (ann.core.ctx.db.prepare('SELECT reference FROM cases ORDER BY reference').all() as { reference: string }[]).map((r) => r.reference);
      expect(annRefs).toEqual([annCases[0].reference, 'N-100', 'N-101', 'N-102', 'N-103'].sort());

      // Ann works while the team server is down: everything stays on her laptop, waiting.
      const port = Number(new URL(server.url).port);
      await server.close();
      const annAudit = await gradeAndSubmit(ann, annCases[0]);
      await expect(syncNow(ann.core.ctx)).rejects.toThrow(/kept on this laptop/);
      expect(syncStatus(ann.core.ctx)).toMatchObject({ state: 'offline' });
      expect(syncStatus(ann.core.ctx).waiting).toBeGreaterThan(20);
      server = await startTeamServer({ ...storage, host: '127.0.0.1', port });
      expect((await syncNow(ann.core.ctx)).pushed).toBeGreaterThan(20);
      expect(syncStatus(ann.core.ctx)).toMatchObject({ state: 'synced', waiting: 0, offlineSince: null, refused: null });
      const boAudit = await gradeAndSubmit(bo, boCases[0]);
      await syncNow(bo.core.ctx);

      // The moderator receives both submitted audits and moderates Ann's blind, Bo's open.
      const mo = await personLaptop(server.url, MO);
      laptops.push(mo);
      for (const id of [annAudit, boAudit]) expect((await mo.call<ModerationView>('moderation:get', { auditId: id })).audit.status).toBe('submitted');
      // She draws the moderation sample first, as the queue page offers.
      await mo.call('moderation:draw', { seed: 2026 });
      const blind = await mo.call<ModerationView>('moderation:start', { auditId: annAudit, mode: 'blind' });
      expect(blind.auditorHidden).toBe(true);
      expect(blind.rows.every((r) => r.auditorGrade === null)).toBe(true);
      for (const s of SECTIONS) await mo.call('moderation:grade', { auditId: annAudit, section: s, grade: s === 's10' ? 3 : 2 });
      await mo.call('moderation:grade', { auditId: annAudit, section: 'overall', grade: 3 });
      const revealed = await mo.call<ModerationView>('moderation:finishGrading', { auditId: annAudit });
      expect(revealed.rows.filter((r) => r.difference).map((r) => r.section)).toEqual(['s10']);
      await mo.call('moderation:reconcile', { auditId: annAudit, section: 's10', agreedGrade: 3, rationale: 'Agreed with Ann: no evidence yet of impact on the child.', reasonCode: 'over-optimistic' });
      expect((await mo.call<ModerationView>('moderation:agree', { auditId: annAudit })).audit.status).toBe('agreed');
      await mo.call('moderation:start', { auditId: boAudit, mode: 'open' });
      await mo.call('moderation:grade', { auditId: boAudit, section: 's3', grade: 3, rationale: 'The plan has no timescales.', reasonCode: 'over-optimistic' });
      expect((await mo.call<ModerationView>('moderation:agree', { auditId: boAudit })).audit.status).toBe('agreed');
      expect((await syncNow(mo.core.ctx)).pushed).toBeGreaterThan(0);

      // Each auditor's laptop receives the agreed grades of their own audit.
      await syncNow(ann.core.ctx);
      await syncNow(bo.core.ctx);
      const annSees = await ann.call<ModerationView>('moderation:get', { auditId: annAudit });
      expect(annSees.audit.status).toBe('agreed');
      expect(annSees.rows.find((r) => r.section === 's10')).toMatchObject({ auditorGrade: 2, moderatorGrade: 3, agreedGrade: 3 });
      const boSees = await bo.call<ModerationView>('moderation:get', { auditId: boAudit });
      expect(boSees.audit.status).toBe('agreed');
      expect(boSees.rows.find((r) => r.section === 's3')).toMatchObject({ auditorGrade: 2, agreedGrade: 3 });
      expect(ann.core.ctx.db.prepare('SELECT id FROM audits').all()).toEqual([{ id: annAudit }]);

      // Both agree, across laptops: Ann acknowledges; Bo asks once to reconsider, Mo keeps the grades, Bo acknowledges.
      await ann.call('moderation:acknowledge', { auditId: annAudit });
      await bo.call('moderation:reconsider', { auditId: boAudit, reason: 'Section 3 has timescales on page 12 of the plan.' });
      await syncNow(ann.core.ctx);
      await syncNow(bo.core.ctx);
      await syncNow(mo.core.ctx);
      expect((await mo.call<ModerationView>('moderation:get', { auditId: boAudit })).moderation?.reconsider?.reason).toMatch(/page 12/);
      await mo.call('moderation:answerReconsider', { auditId: boAudit, decision: 'keep', rationale: 'Page 12 lists tasks, not timescales; the grade stands.' });
      await syncNow(mo.core.ctx);
      await syncNow(bo.core.ctx);
      expect((await bo.call<ModerationView>('moderation:get', { auditId: boAudit })).moderation?.reconsider?.answer).toBe('kept');
      await bo.call('moderation:acknowledge', { auditId: boAudit });
      await syncNow(bo.core.ctx);

      // The QA lead's figures, drift and pack cover both teams.
      await syncNow(lead.core.ctx);
      for (const id of [annAudit, boAudit]) expect((await lead.call<ModerationView>('moderation:get', { auditId: id })).moderation?.auditorAgreedAt).toBeTruthy();
      const figures = await lead.call<ModerationFigures>('moderation:figures', {});
      expect(figures.audits).toBe(2);
      expect(figures.byAuditor.map((a) => a.name).sort()).toEqual([ANN.name, BO.name]);
      const drift = await lead.call<{ cases: DriftCaseRow[] }>('actions:drift', {});
      expect(drift.cases.map((c) => c.team).sort()).toEqual([NORTH, SOUTH]);
      expect(drift.cases.every((c) => c.reasons.some((r) => r.code === 'due-date-moved'))).toBe(true);
      const pack = await packText(lead, programme.id);
      for (const c of [...annCases, ...boCases]) expect(pack).toContain(c.reference);

      // On the lead's laptop the history names who did what, each on their own laptop.
      const history = await lead.call<HistoryEntry[]>('system:history', { entity: 'audit', entityId: annAudit, limit: 1000 });
      expect(history.find((h) => h.field === 'status' && h.newValue === 'submitted')?.actorName).toBe(ANN.name);
      expect(history.find((h) => h.op === 'moderation-agreed')?.actorName).toBe(MO.name);
      // Passphrase hashes reach the server and their own laptops only: Mo's laptop holds hers, not Ann's.
      const hashOn = (l: Laptop, id: string) => (l.core.ctx.db.prepare('SELECT passphrase_hash AS h FROM users WHERE id = ?').get(id) as { h: string | null } | undefined)?.h ?? null;
      expect(hashOn(mo, mo.personId)).not.toBeNull();
      expect(hashOn(mo, annId)).toBeNull();
      expect(hashOn(bo, annId)).toBeNull();
      // Ann's own passphrase, chosen on her laptop, is the one the team server now knows.
      const second = await joinedLaptop(server.url, ANN.email, ANN.own, dirs);
      laptops.push(second);
      await expect(joinedLaptop(server.url, ANN.email, ANN.oneTime, dirs)).rejects.toThrow(/do not match/);

      // Every chain verifies everywhere; the lead and the moderator hold the same audits and moderations.
      for (const l of laptops) expect(verifyHistory(l.core.ctx.db).ok).toBe(true);
      const moderated = ['audits', 'audit_sections', 'moderations', 'moderation_grades'];
      await syncNow(mo.core.ctx);
      expect(stateHash(mo.core.ctx, { tables: moderated })).toBe(stateHash(lead.core.ctx, { tables: moderated }));
    } finally {
      for (const l of laptops) l.close();
      await server.close();
    }
  }, 600_000);
});
