import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceFinding, ServiceFindingDetail } from '../../shared/api/serviceActions';
import type { TrackerPage } from '../../shared/api/actions';
import { allocateToCurrent, callOk, makeTestCore, type TestCore } from './helpers';
import { exportNow, pdfPages } from './exportHelpers';
import { addCase, submitAudit } from './moderation.fixtures';

let core: TestCore;
afterEach(() => core?.cleanup());

async function refused(name: string, input: unknown): Promise<{ code: string; message: string }> {
  const reply = await core.dispatch(name, input);
  if (reply.ok) throw new Error(`${name} should have been refused`);
  return reply.error;
}

const TEAM_FINDING = 'Supervision records in Assessment North set no timescales: add them to the supervision template';
const SERVICE_FINDING = 'Return-home interviews are not offered within 72 hours across the service';

describe('service-level findings: raised from an audit or a programme, tracked like actions, reported and exported apart', () => {
  it('moderators and QA leads raise and track them; the pack, the report and the data export carry them', async () => {
    core = makeTestCore({ now: '2026-11-23T10:00:00Z' });
    core.actAs('Quinn Lead', 'qa-lead');
    const programme = await callOk<{ id: string }>(core, 'programmes:create', { name: 'November thematic: neglect', type: 'thematic', theme: 'Neglect' });
    core.actAs('Ann Auditor', 'auditor');
    const auditId = await submitAudit(core, addCase(core, 'SVC-1'), { overall: 2 });
    const draftCase = addCase(core, 'SVC-2');
    allocateToCurrent(core, draftCase);
    const draft = await callOk<{ id: string }>(core, 'audits:start', { caseId: draftCase });

    const base = { title: TEAM_FINDING, ownerName: 'Tara Team-Manager', ownerRole: 'Team manager', dueDate: '2026-12-18', priority: 'high' };
    // Auditors do not raise them (access declared on the operation).
    expect((await refused('serviceActions:add', { ...base, auditId, level: 'team' })).code).toBe('FORBIDDEN');
    expect((await refused('serviceActions:list', {})).code).toBe('FORBIDDEN');

    core.actAs('Mo Moderator', 'moderator');
    expect(await refused('serviceActions:add', { ...base, level: 'team' })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('from an audit or a programme') });
    // A draft is its auditor's alone: to a moderator it is as good as missing (visibleTo); a QA lead is told it is a draft.
    expect(await refused('serviceActions:add', { ...base, auditId: draft.id, level: 'team' })).toMatchObject({ code: 'NOT_FOUND' });
    core.actAs('Quinn Lead', 'qa-lead');
    expect(await refused('serviceActions:add', { ...base, auditId: draft.id, level: 'team' })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('still a draft') });
    core.actAs('Mo Moderator', 'moderator');
    expect(await refused('serviceActions:add', { ...base, programmeId: programme.id, level: 'team' })).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('Name the team') });
    expect((await refused('serviceActions:add', { ...base, auditId, level: 'team', dueDate: '2026-11-01' })).message).toContain('is in the past');
    // Team level from an audit: the case's team owns it unless another is named.
    const team = await callOk<ServiceFinding>(core, 'serviceActions:add', { ...base, auditId, level: 'team' });
    expect(team).toMatchObject({ level: 'team', team: 'Assessment North', caseReference: 'SVC-1', status: 'open', overdue: false, drifting: false, createdBy: 'Mo Moderator' });

    core.actAs('Quinn Lead', 'qa-lead');
    const service = await callOk<ServiceFinding>(core, 'serviceActions:add', {
      programmeId: programme.id, level: 'service', team: 'ignored at service level', title: SERVICE_FINDING, ownerName: 'Harriet Head-of-Service', ownerRole: 'Head of service', dueDate: '2026-12-01', priority: 'medium',
    });
    expect(service).toMatchObject({ level: 'service', team: '', programmeName: 'November thematic: neglect', auditId: null });

    // Tracked like actions: due-date moves with reasons (two make it drift), done with a date, never twice.
    await callOk(core, 'serviceActions:moveDue', { id: service.id, dueDate: '2026-12-15', reason: 'Waiting for the new interview form' });
    const moved = await callOk<ServiceFindingDetail>(core, 'serviceActions:moveDue', { id: service.id, dueDate: '2027-01-15', reason: 'Commissioning delayed to January' });
    expect(moved).toMatchObject({ dueDate: '2027-01-15', dueDateMoves: 2, drifting: true });
    expect(moved.moves.map((m) => [m.fromDate, m.toDate, m.reason, m.movedBy])).toEqual([
      ['2026-12-01', '2026-12-15', 'Waiting for the new interview form', 'Quinn Lead'],
      ['2026-12-15', '2027-01-15', 'Commissioning delayed to January', 'Quinn Lead'],
    ]);
    core.setNow('2026-12-21T09:00:00Z');
    const listed = await callOk<{ rows: ServiceFinding[] }>(core, 'serviceActions:list', { overdue: true });
    expect(listed.rows.map((r) => [r.title, r.daysOverdue])).toEqual([[TEAM_FINDING, 3]]);
    expect((await callOk<{ rows: ServiceFinding[] }>(core, 'serviceActions:list', { level: 'service' })).rows.map((r) => r.id)).toEqual([service.id]);
    expect((await refused('serviceActions:markDone', { id: team.id, note: 'Template updated', doneOn: '2026-12-30' })).message).toContain('is in the future');
    const done = await callOk<ServiceFinding>(core, 'serviceActions:markDone', { id: team.id, note: 'Supervision template now asks for a timescale per action', doneOn: '2026-12-20' });
    expect(done).toMatchObject({ status: 'done', doneOn: '2026-12-20', overdue: false });
    expect((await refused('serviceActions:cancel', { id: team.id, reason: 'Not needed' })).code).toBe('CONFLICT');
    // Apart from actions for one child: the actions tracker does not list them.
    expect((await callOk<TrackerPage>(core, 'actions:list', {})).rows.map((r) => r.title)).not.toContain(TEAM_FINDING);

    // The pack for the programme's period carries both (one from its audit, one from the programme); the report only its audit's.
    await callOk(core, 'moderation:agreeBelowShare', { auditId, reason: 'Agreed without moderation for the service findings test.' });
    const pack = path.join(core.dir, 'pack.pdf');
    expect((await exportNow(core, { kind: 'pack', outPath: pack })).state).toBe('done');
    const packText = pdfPages(pack).join('\n').replace(/\s+/g, ' ');
    expect(packText).toContain('Service-level findings');
    const findingsPage = pdfPages(pack).find((p) => p.includes('What the service must improve'))!.replace(/\s+/g, ' ');
    for (const part of ['Team:', 'Tara Team-Manager', 'Team manager', '18 Dec 2026', 'High', 'Done', 'on 20 Dec 2026', 'Raised from the audit of case SVC-1', 'What was done: Supervision template now asks for a timescale per action']) {
      expect(findingsPage).toContain(part);
    }
    expect(packText).toMatch(/Contents .*Action plan \d+ Service-level findings \d+ Verifying this pack/);
    expect(packText).not.toContain(SERVICE_FINDING); // its programme has no audit in this pack
    const programmePack = path.join(core.dir, 'programme.pdf');
    core.baseCtx.db.prepare('UPDATE audits SET programme_id = ? WHERE id = ?').run(programme.id, auditId);
    expect((await exportNow(core, { kind: 'pack', programmeId: programme.id, outPath: programmePack })).state).toBe('done');
    if (process.env.PLUMBLINE_KEEP_PDF) fs.copyFileSync(programmePack, process.env.PLUMBLINE_KEEP_PDF);
    const programmeFindings = pdfPages(programmePack).find((p) => p.includes('What the service must improve'))!.replace(/\s+/g, ' ');
    for (const part of ['Whole service', 'Return-home interviews', 'Raised from the programme November thematic: neglect', 'Harriet Head-of-', 'Head of service', '15 Jan 2027', 'Medium', 'Open', 'drifting · due date', 'moved 2×', 'Raised from the audit of case SVC-1']) {
      expect(programmeFindings).toContain(part);
    }
    const report = path.join(core.dir, 'report.pdf');
    await exportNow(core, { kind: 'report', auditId, outPath: report });
    const reportText = pdfPages(report).join('\n').replace(/\s+/g, ' ');
    expect(reportText).toMatch(/Actions No actions have been raised by this audit\. Service-level findings Owned by .* Raised from the audit of case SVC-1 What was done: Supervision template now asks/);
    expect(reportText).not.toContain('Return-home interviews');

    // The data export has its own file for them.
    const dir = path.join(core.dir, 'data');
    await exportNow(core, { kind: 'data', format: 'csv', outPath: dir });
    const rows = parse(fs.readFileSync(path.join(dir, 'service-findings.csv')), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.Level, r.Team, r['What the service must improve'], r.Status, r['Due date moves'], r.Drifting, r['Case reference'], r.Programme])).toEqual([
      ['Whole service', '', SERVICE_FINDING, 'Open', '2', 'Yes', '', 'November thematic: neglect'],
      ['Team', 'Assessment North', TEAM_FINDING, 'Done', '0', 'No', 'SVC-1', ''],
    ]);
  });
});
