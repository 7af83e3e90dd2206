import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRow, DriftCaseRow, TimelinessReport, TrackerPage } from '../../shared/api/actions';
import { newId, write } from '../../electron/core/write';
import { generateDemo } from '../../electron/core/demo/generate';
import '../../electron/core/actions/handlers';
import { driftActions } from '../../electron/core/actions/queries';
import { computeDrift } from '../../electron/core/actions/reports';
import { callOk, makeTestCore, type TestCore } from './helpers';
import { addAction, addCase, insertSubmittedAudit } from './actionFixtures';

const ROOT = path.resolve(__dirname, '../..');
let core: TestCore;
let auditorId: string;

beforeEach(() => {
  core = makeTestCore({ now: '2026-09-01T09:00:00Z' });
  auditorId = core.actAs('Esme Auditor', 'auditor');
});
afterEach(() => core.cleanup());

function addProgramme(name: string, start: string): string {
  const id = newId();
  const template = core.ctx.db.prepare("SELECT id FROM templates WHERE status = 'published' LIMIT 1").get() as { id: string };
  write(core.ctx, (tx) =>
    tx.insert('programmes', { id, name, type: 'monthly', template_id: template.id, period_start: start, period_end: null, due_date: null, status: 'planned', created_at: tx.at, updated_at: tx.at }),
  );
  return id;
}

const list = (q: Record<string, unknown> = {}) => callOk<TrackerPage>(core, 'actions:list', q);

/** Four cases in two teams, with actions in every state; then today is 1 Nov 2026. */
async function scenario() {
  const september = addProgramme('September 2026 monthly audit', '2026-09-01');
  const c1 = addCase(core, 'N-100', 'Assessment North', 'L. Ashby');
  const c2 = addCase(core, 'N-200', 'Assessment North', 'M. Brennan');
  const c3 = addCase(core, 'S-300', 'Assessment South', 'N. Castell');
  const c4 = addCase(core, 'S-400', 'Assessment South', 'O. Dunmore');
  const a1 = insertSubmittedAudit(core, c1, auditorId, 4, '2026-09-01T10:00:00Z', september);
  const a2 = insertSubmittedAudit(core, c2, auditorId, 2, '2026-09-01T10:00:00Z', september);
  const a3 = insertSubmittedAudit(core, c3, auditorId, 3, '2026-09-01T10:00:00Z', september);
  const a4 = insertSubmittedAudit(core, c4, auditorId, 3, '2026-09-01T10:00:00Z', september);
  const late = await addAction(core, a1, { title: 'Hold core group', dueDate: '2026-09-20', ownerName: 'L. Ashby', priority: 'high' });
  const onTime = await addAction(core, a2, { title: 'Update chronology', dueDate: '2026-09-15', ownerName: 'M. Brennan', priority: 'low' });
  const moved = await addAction(core, a3, { title: 'Visit fortnightly', dueDate: '2026-09-10', ownerName: 'N. Castell', priority: 'medium' });
  const openA4 = await addAction(core, a4, { title: 'Offer an FGC', dueDate: '2026-12-01', ownerName: 'O. Dunmore', priority: 'medium' });
  core.setNow('2026-09-14T09:00:00Z');
  await callOk(core, 'actions:markDone', { id: onTime.id, note: 'Chronology updated', doneOn: '2026-09-14' });
  await callOk(core, 'actions:moveDue', { id: moved.id, dueDate: '2026-09-24', reason: 'Family on holiday' });
  await callOk(core, 'actions:moveDue', { id: moved.id, dueDate: '2026-10-08', reason: 'Worker off sick' });
  core.setNow('2026-10-20T09:00:00Z');
  const october = addProgramme('October 2026 monthly audit', '2026-10-05');
  core.setNow('2026-11-01T09:00:00Z');
  return { september, october, c1, c3, c4, late, onTime, moved, openA4 };
}

describe('drift', () => {
  it('the fast loader gives exactly the drift the rule gives on every action (demo data, several days)', () => {
    core.cleanup();
    core = makeTestCore({ now: '2026-11-23T10:00:00Z' });
    generateDemo(core.ctx, { seed: 2026 });
    expect((core.ctx.db.prepare('SELECT count(*) AS n FROM actions').get() as { n: number }).n).toBeGreaterThan(40);
    for (const today of ['2026-08-01', '2026-10-09', '2026-11-23', '2027-02-01', '2027-06-30']) {
      const full = computeDrift(core.ctx.db, today, driftActions(core.ctx.db));
      expect(computeDrift(core.ctx.db, today)).toEqual(full);
      if (today === '2026-11-23') expect(full.length).toBeGreaterThan(5);
    }
  });

  it('finds each rule with its reason: overdue > 28 days, moved twice, all actions still open at the next programme', async () => {
    const s = await scenario();
    const { cases } = await callOk<{ cases: DriftCaseRow[] }>(core, 'actions:drift', {});
    const byRef = Object.fromEntries(cases.map((c) => [c.caseReference, c.reasons.map((r) => r.code)]));
    // N-100: due 20 Sep, 42 days overdue on 1 Nov; its grade-4 audit's only action is still open after October started.
    expect(byRef['N-100']).toEqual(['overdue-28', 'actions-open-at-next-programme']);
    expect(byRef['S-300']).toEqual(['actions-open-at-next-programme', 'due-date-moved']);
    expect(byRef['S-400']).toEqual(['actions-open-at-next-programme']);
    expect(byRef['N-200']).toBeUndefined(); // graded 2, action done
    const n100 = cases.find((c) => c.caseReference === 'N-100')!;
    expect(n100.reasons[0].message).toBe("Action 'Hold core group' is 42 days overdue (due 20 Sep 2026).");
    expect(n100.reasons[1].message).toContain('the next programme started on 5 Oct 2026');
    expect(n100).toMatchObject({ team: 'Assessment North', worker: 'L. Ashby' });
    expect((await callOk<{ cases: DriftCaseRow[] }>(core, 'actions:drift', { team: 'Assessment South' })).cases.map((c) => c.caseReference).sort()).toEqual(['S-300', 'S-400']);

    // Marking the case's action done ends "all still open at the next programme" and "overdue".
    await callOk(core, 'actions:markDone', { id: s.late.id, note: 'Core group held', doneOn: '2026-11-01' });
    const after = await callOk<{ cases: DriftCaseRow[] }>(core, 'actions:drift', {});
    expect(after.cases.map((c) => c.caseReference)).not.toContain('N-100');
  });

  it('uses the agreed overall grade once moderation has agreed one (auditor 2, agreed 3: the programme rule applies)', async () => {
    const september = addProgramme('September 2026 monthly audit', '2026-09-01');
    const caseId = addCase(core, 'M-1', 'Assessment North');
    const auditId = insertSubmittedAudit(core, caseId, auditorId, 2, '2026-09-02T10:00:00Z', september);
    const a = await addAction(core, auditId, { dueDate: '2026-12-01' });
    const moderator = core.actAs('Iris Moderator', 'moderator');
    const moderationId = newId();
    write(core.ctx, (tx) => {
      tx.insert('moderations', { id: moderationId, audit_id: auditId, audit_revision: 1, mode: 'open', moderator_id: moderator, status: 'agreed', started_at: tx.at, finished_at: tx.at, finished_on: '2026-09-10' });
      tx.insert('moderation_grades', { moderation_id: moderationId, section_key: 'overall', auditor_grade: '2', moderator_grade: '3', agreed_grade: '3', reconciled: 1 }, { entity: 'moderation', entityId: moderationId });
    });
    addProgramme('October 2026 monthly audit', '2026-10-05');
    core.setNow('2026-10-06T09:00:00Z');
    const row = await callOk<ActionRow>(core, 'actions:get', { id: a.id });
    expect(row.auditOverall).toBe(3);
    expect(row.driftReasons.map((r) => r.code)).toEqual(['actions-open-at-next-programme']);
    expect(row.driftReasons[0].message).toContain('graded 3 Requires improvement to be good');
  });

  it('the tracker filters by team, owner, status, priority, case, programme, overdue and drifting, and sorts', async () => {
    const s = await scenario();
    expect((await list()).total).toBe(4);
    expect((await list({ team: 'Assessment South' })).rows.map((r) => r.caseReference).sort()).toEqual(['S-300', 'S-400']);
    expect((await list({ owner: 'l. ashby' })).rows.map((r) => r.id)).toEqual([s.late.id]);
    expect((await list({ status: 'done' })).rows.map((r) => r.id)).toEqual([s.onTime.id]);
    expect((await list({ priority: 'medium' })).total).toBe(2);
    expect((await list({ caseRef: 's-3' })).rows.map((r) => r.id)).toEqual([s.moved.id]);
    expect((await list({ caseId: s.c4 })).rows.map((r) => r.id)).toEqual([s.openA4.id]);
    expect((await list({ programmeId: s.september })).total).toBe(4);
    expect((await list({ programmeId: s.october })).total).toBe(0);
    const overdue = await list({ overdue: true, sort: 'overdue', dir: 'desc' });
    expect(overdue.rows.map((r) => [r.caseReference, r.daysOverdue])).toEqual([['N-100', 42], ['S-300', 24]]);
    const drifting = await list({ drifting: true });
    expect(drifting.rows.map((r) => r.caseReference).sort()).toEqual(['N-100', 'S-300', 'S-400']);
    const row = drifting.rows.find((r) => r.id === s.moved.id)!;
    expect(row.driftReasons.map((r) => r.code)).toEqual(['due-date-moved', 'actions-open-at-next-programme']);
    expect((await list({ sort: 'due', dir: 'desc' })).rows.map((r) => r.dueDate)).toEqual(['2026-12-01', '2026-10-08', '2026-09-20', '2026-09-15']);
    expect((await list({ sort: 'priority' })).rows[0].priority).toBe('high');
    const paged = await list({ limit: 2, offset: 2 });
    expect([paged.total, paged.rows.length]).toEqual([4, 2]);
  });

  it('timeliness per team, owner and month: due, done on time %, median days late, open overdue', async () => {
    await scenario();
    const t = await callOk<TimelinessReport>(core, 'actions:timeliness', {});
    expect(t.overall).toEqual({ key: 'all', due: 3, doneOnTime: 1, doneOnTimePct: 33.3, medianDaysLate: 33, openOverdue: 2 });
    expect(t.byTeam.map((f) => [f.key, f.due, f.doneOnTimePct, f.openOverdue])).toEqual([
      ['Assessment North', 2, 50, 1],
      ['Assessment South', 1, 0, 1],
    ]);
    expect(t.byOwner.map((f) => f.key)).toEqual(['L. Ashby', 'M. Brennan', 'N. Castell']);
    expect(t.byMonth.map((m) => [m.month, m.due])).toEqual([['2026-09', 2], ['2026-10', 1]]);
    expect((await callOk<TimelinessReport>(core, 'actions:timeliness', { team: 'Assessment South' })).overall.due).toBe(1);
  });

  it('plumbline report drift --json and report actions --overdue --json read the same file', async () => {
    await scenario();
    const env = { PLUMBLINE_KEY: core.key, PLUMBLINE_NOW: '2026-11-01T09:00:00Z' };
    const dbFile = core.ctx.dbFile;
    core.close();
    const drift = JSON.parse((await cli(['report', 'drift', '--db', dbFile, '--json'], env)).stdout) as { today: string; count: number; cases: DriftCaseRow[] };
    expect(drift.today).toBe('2026-11-01');
    expect(drift.cases.map((c) => c.caseReference).sort()).toEqual(['N-100', 'S-300', 'S-400']);
    expect(drift.cases.find((c) => c.caseReference === 'N-100')!.reasons[0].message).toContain('42 days overdue');
    const actions = JSON.parse((await cli(['report', 'actions', '--db', dbFile, '--json', '--overdue'], env)).stdout) as { count: number; actions: ActionRow[] };
    expect(actions.actions.map((a) => a.caseReference)).toEqual(['N-100', 'S-300']);
    const table = await cli(['report', 'drift', '--db', dbFile], env);
    expect(table.stdout).toContain('3 drifting cases on 1 Nov 2026');
    const bad = await cli(['report', 'actions', '--db', dbFile, '--status', 'finished'], env);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('--status must be one of open, done, cancelled, verified')]);
    const missing = await cli(['report', 'drift', '--db', path.join(core.dir, 'nope.db')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No database at');
  }, 180_000); // spawns CLI processes (tsx): slow on a loaded 2-core machine
});

function cli(args: string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/plumbline.mjs'), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ stdout, stderr, code }));
  });
}
