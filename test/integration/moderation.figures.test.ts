import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModerationFigures } from '../../shared/api/moderation';
import { UNRELIABLE_NOTE } from '../../shared/domain/calibration';
import { filterFromOptions, statsJson } from '../../electron/cli/commands/stats';
import { callOk, makeTestCore, type TestCore } from './helpers';
import { addCase, moderateOpen, SECTIONS, submitAudit } from './moderation.fixtures';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
let core: TestCore;
afterEach(() => core?.cleanup());

/**
 * A small fixture worked by hand (auditor grade → agreed grade):
 *  A (Ann, North, agreed 2 Nov): s1 2→3, s2–s10 2→2, overall 1→2
 *  B (Bob, South, agreed 20 Nov): s2 N/A (excluded), s3 2→1, others 2→2, overall 2→3
 *  C (Ann, North, agreed 2 Nov): everything 2→2
 * 32 pairs: 28 exact, 4 one apart; shift +1 +1 −1 +1 = 2 → 2/32 = 0.0625.
 * Quadratic kappa: Do = 4/32; marginals auditor {1: 1, 2: 31}, agreed {1: 1, 2: 29, 3: 2};
 * De = [1·(29·1 + 2·4) + 31·(1·1 + 2·1)]/32² = 130/1024; κ = 1 − 128/130 = 0.01538…
 */
async function fixture(): Promise<{ ann: string; bob: string }> {
  core = makeTestCore({ now: '2026-11-02T10:00:00Z' });
  const ann = core.actAs('Ann Auditor', 'auditor');
  const a = await submitAudit(core, addCase(core, 'F-A'), { overall: 1, justification: 'The child is thriving in every respect here.' });
  const c = await submitAudit(core, addCase(core, 'F-C'), { overall: 2 });
  const bob = core.actAs('Bob Auditor', 'auditor');
  const bSections = SECTIONS.map((s) => (s === 's2' ? 'na' : 2)) as (2 | 'na')[];
  const b = await submitAudit(core, addCase(core, 'F-B', 'Assessment South'), { sections: bSections, overall: 2 });
  core.actAs('Mo Moderator', 'moderator');
  await moderateOpen(core, a, { s1: 3, overall: 2 });
  await moderateOpen(core, c, {});
  core.setNow('2026-11-20T10:00:00Z');
  await callOk(core, 'moderation:start', { auditId: b, mode: 'open' });
  await callOk(core, 'moderation:grade', { auditId: b, section: 's3', grade: 1, rationale: 'Excellent analysis of the history.', reasonCode: 'under-graded' });
  await callOk(core, 'moderation:grade', { auditId: b, section: 'overall', grade: 3, rationale: 'Drift since the plan.', reasonCode: 'evidence-missed' });
  await callOk(core, 'moderation:agree', { auditId: b });
  return { ann, bob };
}

describe('moderation figures', () => {
  it('equal the hand-worked values, overall, by section, by auditor, before/after and training needs', async () => {
    const { ann, bob } = await fixture();
    const f = await callOk<ModerationFigures>(core, 'moderation:figures', {});
    expect(f).toMatchObject({ n: 32, audits: 3, exactAgreement: 87.5, withinOne: 100, meanShift: 0.06, movedDown: 66.7, kappaQuadratic: 0.015, reliable: true, note: null });

    const overall = f.bySection.find((s) => s.section === 'overall')!;
    expect(overall).toMatchObject({ title: 'Overall', n: 3, exactAgreement: 33.3, withinOne: 100, meanShift: 0.67, movedDown: 66.7, reliable: false, note: UNRELIABLE_NOTE });
    expect(f.bySection.map((s) => s.section)).toEqual([...SECTIONS, 'overall']);
    expect(f.bySection.find((s) => s.section === 's2')?.n).toBe(2); // Bob's N/A is left out
    expect(f.bySection.find((s) => s.section === 's1')?.title).toBe('1. Front door, referral and thresholds');

    expect(f.byAuditor.map((a) => [a.name, a.n, a.exactAgreement, a.meanShift, a.movedDown])).toEqual([
      ['Ann Auditor', 22, 90.9, 0.09, 50],
      ['Bob Auditor', 10, 80, 0, 100],
    ]);
    expect(f.distribution).toEqual([
      { grade: 1, label: 'Outstanding', before: 1, after: 0 },
      { grade: 2, label: 'Good', before: 2, after: 2 },
      { grade: 3, label: 'Requires improvement to be good', before: 0, after: 1 },
      { grade: 4, label: 'Inadequate', before: 0, after: 0 },
    ]);
    const annNeeds = f.trainingNeeds.byAuditor.find((t) => t.key === ann)!;
    expect(annNeeds).toMatchObject({ label: 'Ann Auditor', total: 2, counts: { 'over-optimistic': 2, 'under-graded': 0 } });
    const bobNeeds = f.trainingNeeds.byAuditor.find((t) => t.key === bob)!;
    expect(bobNeeds).toMatchObject({ total: 2, counts: { 'under-graded': 1, 'evidence-missed': 1 } });
    expect(f.trainingNeeds.byTeam.map((t) => [t.label, t.total])).toEqual([
      ['Assessment North', 2],
      ['Assessment South', 2],
    ]);

    // Filters: period (the date agreed), team, auditor, section.
    const late = await callOk<ModerationFigures>(core, 'moderation:figures', { from: '2026-11-10' });
    expect([late.audits, late.n, late.meanShift]).toEqual([1, 10, 0]);
    const north = await callOk<ModerationFigures>(core, 'moderation:figures', { team: 'Assessment North' });
    expect([north.audits, north.n, north.exactAgreement]).toEqual([2, 22, 90.9]);
    const bobOnly = await callOk<ModerationFigures>(core, 'moderation:figures', { auditorId: bob });
    expect(bobOnly.byAuditor.map((a) => a.name)).toEqual(['Bob Auditor']);
    const s1 = await callOk<ModerationFigures>(core, 'moderation:figures', { section: 's1' });
    expect([s1.n, s1.exactAgreement, s1.meanShift, s1.movedDown, s1.reliable]).toEqual([3, 66.7, 0.33, null, false]);
    expect(s1.distribution.map((d) => [d.before, d.after])).toEqual([[0, 0], [3, 2], [0, 1], [0, 0]]);
    const none = await callOk<ModerationFigures>(core, 'moderation:figures', { from: '2027-01-01' });
    expect(none).toMatchObject({ n: 0, exactAgreement: null, kappaQuadratic: null, reliable: false });
    const bad = await core.dispatch('moderation:figures', { from: '2026-12-01', to: '2026-11-01' });
    expect(bad.ok).toBe(false);
  });

  it('the CLI prints the same numbers as the service, and explains bad dates', async () => {
    await fixture();
    const env = { ...process.env, PLUMBLINE_KEY: core.key };
    const cli = (args: string[]) => run(process.execPath, [path.join(ROOT, 'bin/plumbline.mjs'), 'stats', 'moderation', '--db', core.ctx.dbFile, ...args], { cwd: ROOT, env });

    const all = await callOk<ModerationFigures>(core, 'moderation:figures', {});
    const { stdout } = await cli(['--json']);
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    expect(printed).toEqual(JSON.parse(JSON.stringify(statsJson(all))));
    expect(Object.keys(printed).slice(0, 6)).toEqual(['n', 'exactAgreement', 'withinOne', 'meanShift', 'movedDown', 'kappaQuadratic']);

    const filtered = await callOk<ModerationFigures>(core, 'moderation:figures', { from: '2026-11-01', to: '2026-11-05', team: 'Assessment North' });
    const uk = JSON.parse((await cli(['--json', '--from', '01/11/2026', '--to', '2026-11-05', '--team', 'assessment north'])).stdout) as unknown;
    expect(uk).toEqual(JSON.parse(JSON.stringify(statsJson(filtered))));

    const text = (await cli([])).stdout;
    expect(text).toMatch(/Moderation figures: 3 moderated audits, all time/);
    expect(text).toMatch(/All pairs\s+32\s+87\.5%\s+100\.0%\s+\+0\.06\s+66\.7%\s+0\.015/);
    expect(text).toMatch(/Fewer than 10 pairs: this figure is unreliable/);

    await expect(cli(['--from', '31/02/2026'])).rejects.toMatchObject({ stderr: expect.stringContaining('--from "31/02/2026" is not a date. Write it as 2026-11-23 or 23/11/2026.') });
    // The other checks, in process (each CLI start costs seconds on a busy machine).
    const db = core.ctx.db;
    expect(() => filterFromOptions(db, { db: '', from: '2026-11-20', to: '01/11/2026' })).toThrow('--from (20 Nov 2026) is after --to (1 Nov 2026)');
    expect(() => filterFromOptions(db, { db: '', team: 'Nowhere' })).toThrow('There is no team called "Nowhere"');
    expect(() => filterFromOptions(db, { db: '', section: 'twelve' })).toThrow(/is not a section/);
    expect(filterFromOptions(db, { db: '', auditor: 'bob auditor', section: '3' })).toMatchObject({ auditorId: expect.any(String), section: 's3' });
  }, 180_000);
});
