import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseList } from '../../shared/api/cases';
import type { SamplePreview } from '../../shared/api/programmes';
import { callOk } from './helpers';
import { addAudit, createProgramme, makeWorld, type World } from './programmeFixtures';

let world: World;
beforeEach(() => {
  world = makeWorld();
});
afterEach(() => world.core.cleanup());

describe('"last audited": only submitted audits count, one London date for the register and the sampler', () => {
  it('an abandoned draft keeps no case out of a sample; a late-evening submission is the same London date in both', async () => {
    const p = await createProgramme(world);
    const [abandoned, lateEvening] = world.caseIds.slice(0, 2); // Team North · CIN
    const auditorId = world.auditors['Esme Senior']!;
    // Started a month ago and never submitted.
    addAudit(world, abandoned!, { auditorId, status: 'draft', at: '2026-10-20T10:00:00Z' });
    // Submitted at 23:30 UTC on 31 May: 1 June in London (BST).
    addAudit(world, lateEvening!, { auditorId, status: 'submitted', at: '2026-05-31T23:30:00Z' });

    const preview = await callOk<SamplePreview>(world.core, 'programmes:samplePreview', { programmeId: p.id, seed: 2026, strataBy: ['team', 'caseType'], perStratum: 6 });
    expect(preview.recentlyAudited.map((r) => r.id)).toEqual([lateEvening]);
    expect(preview.recentlyAudited[0]!.lastAuditedAt).toBe('2026-06-01');
    const north = preview.strata.find((s) => s.label === 'Team North · CIN')!;
    expect(north.excludedRecent).toBe(1);
    expect(north.chosen.map((c) => c.id)).toContain(abandoned);

    const register = await callOk<CaseList>(world.core, 'cases:list', { limit: 100 });
    const row = (id: string) => register.rows.find((r) => r.id === id)!;
    expect(row(abandoned!).lastAuditedAt).toBeNull();
    expect(row(lateEvening!).lastAuditedAt).toBe('2026-06-01');
    const audited = await callOk<CaseList>(world.core, 'cases:list', { audited: 'yes', limit: 100 });
    expect(audited.rows.map((r) => r.id)).toEqual([lateEvening]);
  });
});
