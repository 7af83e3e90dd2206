import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AllocationSummary, MyProgrammeCase, ProgrammePage, SamplePreview } from '../../shared/api/programmes';
import { prepared } from '../../electron/core/write';
import { callOk } from './helpers';
import { addAudit, cli, createProgramme, makeWorld, TEAMS, type World } from './programmeFixtures';

let world: World;
beforeEach(() => {
  world = makeWorld();
});
afterEach(() => world.core.cleanup());

const sample = (programmeId: string, extra: Record<string, unknown> = {}) => ({ programmeId, seed: 2026, strataBy: ['team', 'caseType'], perStratum: 2, ...extra });

describe('programmes: who may change them', () => {
  it('refuses an auditor with a clear FORBIDDEN message, and a thematic programme without a theme', async () => {
    world.core.actAs('Esme Senior', 'auditor');
    await expect(callOk(world.core, 'programmes:create', { name: 'Monthly audit', type: 'monthly' })).rejects.toThrow(
      /FORBIDDEN: Only QA leads can do this \(programmes:create\)\. You are signed in as Esme Senior \(Auditor\)/,
    );
    world.core.actAs('Quinn Lead', 'qa-lead');
    await expect(callOk(world.core, 'programmes:create', { name: 'Thematic audit', type: 'thematic' })).rejects.toThrow(/VALIDATION: A thematic programme needs a theme/);
    const p = await createProgramme(world, { dueDate: '2026-12-18' });
    const page = await callOk<ProgrammePage>(world.core, 'programmes:get', { id: p.id });
    expect(page.programme).toMatchObject({ name: 'Thematic audit: neglect', type: 'thematic', theme: 'Neglect', status: 'planned', templateVersion: 2, dueDate: '2026-12-18' });
    expect(page.canEdit).toBe(true);
  });
});

describe('programmes: sampling through the service', () => {
  it('is reproducible with the seed, and the fixed sample is recorded with it', async () => {
    const p = await createProgramme(world);
    const a = await callOk<SamplePreview>(world.core, 'programmes:samplePreview', sample(p.id));
    const b = await callOk<SamplePreview>(world.core, 'programmes:samplePreview', sample(p.id));
    expect(a.strata).toEqual(b.strata);
    expect(a.chosenCount).toBe(16);
    expect(a.strata.map((s) => s.label)).toContain('Team North · CP');
    const other = await callOk<SamplePreview>(world.core, 'programmes:samplePreview', sample(p.id, { seed: 7 }));
    expect(other.strata.map((s) => s.chosen)).not.toEqual(a.strata.map((s) => s.chosen));

    const page = await callOk<ProgrammePage>(world.core, 'programmes:fixSample', sample(p.id));
    expect(page.programme.sample).toMatchObject({ seed: 2026, perStratum: 2, strataBy: ['team', 'caseType'], today: '2026-11-23' });
    expect(page.cases.map((c) => c.caseId).sort()).toEqual(a.strata.flatMap((s) => s.chosen.map((c) => c.id)).sort());
    expect(page.cases.every((c) => c.chosenBy === 'sample')).toBe(true);
    const history = prepared(world.core.ctx.db, "SELECT op, new_value FROM history WHERE entity = 'programmes' AND entity_id = ? AND op = 'sample-fixed'").get(p.id) as { new_value: string };
    expect(JSON.parse(history.new_value)).toMatchObject({ seed: 2026, chosen: 16 });

    await expect(callOk(world.core, 'programmes:fixSample', sample(p.id, { seed: 9 }))).rejects.toThrow(/CONFLICT: A sample \(seed 2026\) was already fixed/);
    const replaced = await callOk<ProgrammePage>(world.core, 'programmes:fixSample', sample(p.id, { seed: 9, replace: true }));
    expect(replaced.programme.sample?.seed).toBe(9);
    expect(replaced.cases).toHaveLength(16);
  });

  it('leaves out cases audited in the last 12 months unless included on purpose, and reports short strata', async () => {
    const p = await createProgramme(world);
    const north = world.caseIds.slice(0, 6); // Team North · CIN
    const recent = north[0]!;
    const old = north[1]!;
    addAudit(world, recent, { auditorId: world.auditors['Esme Senior']!, status: 'agreed', at: '2026-05-01T10:00:00Z' });
    addAudit(world, old, { auditorId: world.auditors['Esme Senior']!, status: 'agreed', at: '2025-06-01T10:00:00Z' });

    const all = await callOk<SamplePreview>(world.core, 'programmes:samplePreview', sample(p.id, { perStratum: 6 }));
    const stratum = all.strata.find((s) => s.label === 'Team North · CIN')!;
    expect(stratum.chosen.map((c) => c.id)).not.toContain(recent);
    expect(stratum.chosen.map((c) => c.id)).toContain(old);
    expect(stratum).toMatchObject({ available: 5, excludedRecent: 1, short: true });
    expect(stratum.message).toBe('Only 5 cases available in Team North · CIN; 6 requested (1 audited in the last 12 months left out).');
    expect(all.recentlyAudited).toEqual([expect.objectContaining({ id: recent, lastAuditedAt: '2026-05-01', included: false })]);

    const withIt = await callOk<SamplePreview>(world.core, 'programmes:samplePreview', sample(p.id, { perStratum: 6, includeRecentlyAudited: [recent] }));
    expect(withIt.strata.find((s) => s.label === 'Team North · CIN')!.chosen.map((c) => c.id)).toContain(recent);
    const page = await callOk<ProgrammePage>(world.core, 'programmes:fixSample', sample(p.id, { perStratum: 6, includeRecentlyAudited: [recent] }));
    expect(page.cases.find((c) => c.caseId === recent)).toMatchObject({ includedOnPurpose: true, lastAuditedAt: '2026-05-01' });
    expect(page.cases.filter((c) => c.includedOnPurpose)).toHaveLength(1);
    expect(page.programme.sample?.includedOnPurpose).toEqual([recent]);
  });

  it('adds cases by hand and refuses to take out a case whose audit has started', async () => {
    const p = await createProgramme(world);
    const [first, second] = world.caseIds;
    const page = await callOk<ProgrammePage>(world.core, 'programmes:addCases', { programmeId: p.id, caseIds: [first, second] });
    expect(page.cases.map((c) => c.chosenBy)).toEqual(['hand', 'hand']);
    addAudit(world, first!, { auditorId: world.auditors['Esme Senior']!, status: 'draft', at: '2026-11-20T10:00:00Z', programmeId: p.id });
    await expect(callOk(world.core, 'programmes:removeCase', { programmeId: p.id, caseId: first })).rejects.toThrow(/CONFLICT/);
    const after = await callOk<ProgrammePage>(world.core, 'programmes:removeCase', { programmeId: p.id, caseId: second });
    expect(after.cases).toHaveLength(1);
  });
});

describe('programmes: allocation through the service', () => {
  it('never gives a manager a case from their own team, spreads load counting open audits, and checks manual moves', async () => {
    const p = await createProgramme(world);
    await callOk(world.core, 'programmes:fixSample', sample(p.id, { strataBy: ['team'], perStratum: 5 })); // 20 cases
    // Esme already has two audits open elsewhere.
    addAudit(world, world.caseIds[40]!, { auditorId: world.auditors['Esme Senior']!, status: 'draft', at: '2026-11-01T10:00:00Z' });
    addAudit(world, world.caseIds[41]!, { auditorId: world.auditors['Esme Senior']!, status: 'returned', at: '2026-11-02T10:00:00Z' });
    const summary = await callOk<AllocationSummary>(world.core, 'programmes:allocate', { programmeId: p.id });
    expect(summary.allocated).toBe(20);
    expect(summary.unassigned).toEqual([]);
    const page = await callOk<ProgrammePage>(world.core, 'programmes:get', { id: p.id });
    for (const c of page.cases) {
      if (c.team === 'Team North') expect(c.auditorName).not.toBe('Aria Manager');
      if (c.team === 'Team South') expect(c.auditorName).not.toBe('Ben Manager');
    }
    const totals = page.auditors.map((a) => a.here + a.openElsewhere);
    expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(1);
    expect(page.auditors.find((a) => a.name === 'Esme Senior')).toMatchObject({ openElsewhere: 2 });

    const northCase = page.cases.find((c) => c.team === 'Team North')!;
    await expect(callOk(world.core, 'programmes:assign', { programmeId: p.id, caseId: northCase.caseId, auditorId: world.auditors['Aria Manager'] })).rejects.toThrow(
      `VALIDATION: ${northCase.reference} was not moved: Aria Manager manages Team North, so cannot audit this case. Choose an auditor from another team.`,
    );
    const target = northCase.auditorName === 'Femi Senior' ? 'Esme Senior' : 'Femi Senior';
    const moved = await callOk<ProgrammePage>(world.core, 'programmes:assign', { programmeId: p.id, caseId: northCase.caseId, auditorId: world.auditors[target] });
    expect(moved.cases.find((c) => c.caseId === northCase.caseId)?.auditorName).toBe(target);

    // Allocating again keeps every assignment, including the manual move.
    const again = await callOk<AllocationSummary>(world.core, 'programmes:allocate', { programmeId: p.id });
    expect(again.allocated).toBe(0);

    // The auditor sees their programme cases; an audit started in the programme moves the progress counts.
    world.core.actAs(target, 'auditor');
    const mine = await callOk<MyProgrammeCase[]>(world.core, 'programmes:mine', {});
    expect(mine.map((m) => m.caseId)).toContain(northCase.caseId);
    await expect(callOk(world.core, 'programmes:allocate', { programmeId: p.id })).rejects.toThrow(/FORBIDDEN/);
    addAudit(world, northCase.caseId, { auditorId: world.auditors[target]!, status: 'submitted', at: '2026-11-22T10:00:00Z', programmeId: p.id });
    const progress = (await callOk<ProgrammePage>(world.core, 'programmes:get', { id: p.id })).progress;
    expect(progress).toMatchObject({ total: 20, submitted: 1, 'not-started': 19 });
  });

  it('lists overdue audits once the due date has passed, and names partner auditors in multi-agency programmes', async () => {
    const p = await createProgramme(world, { name: 'Multi-agency audit: thresholds', type: 'multi-agency', theme: '', partnerAgencies: ['Police', 'Health'], dueDate: '2026-11-16' });
    await callOk(world.core, 'programmes:addCases', { programmeId: p.id, caseIds: world.caseIds.slice(0, 3) });
    addAudit(world, world.caseIds[0]!, { auditorId: world.auditors['Esme Senior']!, status: 'agreed', at: '2026-11-10T10:00:00Z', programmeId: p.id });
    const page = await callOk<ProgrammePage>(world.core, 'programmes:setPartner', { programmeId: p.id, caseId: world.caseIds[1], partnerAuditor: 'DS Demo', partnerAgency: 'Police' });
    expect(page.cases.find((c) => c.caseId === world.caseIds[1])).toMatchObject({ partnerAuditor: 'DS Demo', partnerAgency: 'Police' });
    expect(page.overdue.map((o) => o.caseId).sort()).toEqual(world.caseIds.slice(1, 3).sort());
    expect(page.overdue[0]!.daysOverdue).toBe(7);
    await expect(
      callOk(world.core, 'programmes:setPartner', { programmeId: p.id, caseId: world.caseIds[1], partnerAuditor: 'X', partnerAgency: 'Probation' }),
    ).rejects.toThrow(/VALIDATION: Probation is not one of this programme's partner agencies/);
  });
});

describe('plumbline programme (CLI)', () => {
  it('creates, samples and allocates with JSON output and clear errors', { timeout: 90_000 }, async () => {
    const dbFile = path.join(world.core.dir, 'test.db');
    world.core.close();
    const created = await cli(world.core.key, ['programme', 'create', '--db', dbFile, '--name', 'Thematic audit: exploitation', '--type', 'thematic', '--theme', 'Exploitation', '--json']);
    expect(created.code).toBe(0);
    const programme = JSON.parse(created.stdout) as { id: string; type: string; theme: string };
    expect(programme).toMatchObject({ type: 'thematic', theme: 'Exploitation' });

    const args = ['programme', 'sample', '--db', dbFile, '--programme', programme.id, '--seed', '2026', '--strata', 'team', '--per-stratum', '6', '--json'];
    const preview = await cli(world.core.key, [...args, '--preview']);
    const sampled = await cli(world.core.key, args);
    expect(sampled.code).toBe(0);
    const out = JSON.parse(sampled.stdout) as { seed: number; fixed: boolean; chosen: number; strata: { stratum: string; references: string[] }[] };
    expect(out).toMatchObject({ seed: 2026, fixed: true, chosen: 24 });
    expect(out.strata.map((s) => s.stratum)).toEqual([...TEAMS].sort());
    expect(out.strata.every((s) => s.references.length === 6)).toBe(true);
    expect((JSON.parse(preview.stdout) as typeof out).strata).toEqual(out.strata);

    const allocated = await cli(world.core.key, ['programme', 'allocate', '--db', dbFile, '--programme', programme.id, '--json']);
    expect(allocated.code).toBe(0);
    const alloc = JSON.parse(allocated.stdout) as { allocated: number; cases: { team: string; auditor: string }[]; load: { auditor: string; cases: number }[] };
    expect(alloc.allocated).toBe(24);
    expect(alloc.cases.some((c) => c.team === 'Team North' && c.auditor === 'Aria Manager')).toBe(false);
    expect(alloc.load.map((l) => l.cases).sort()).toEqual([6, 6, 6, 6]);

    const bad = await cli(world.core.key, ['programme', 'create', '--db', dbFile, '--name', 'Monthly', '--type', 'weekly']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/type: Choose monthly, thematic or multi-agency/);
    const missing = await cli(world.core.key, ['programme', 'allocate', '--db', dbFile, '--programme', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Programme nope was not found/);
  });
});
