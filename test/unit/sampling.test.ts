import { describe, expect, it } from 'vitest';
import { createRng, shuffle } from '../../shared/domain/random';
import { apportion, isRecentlyAudited, sampleCases, twelveMonthsBefore, type SamplingCase } from '../../shared/domain/sampling';
import { allocateCases } from '../../shared/domain/allocation';

const TODAY = '2026-03-15';

function register(): SamplingCase[] {
  // 4 teams × 3 case types × 4 cases = 48 cases, none audited recently.
  const teams = ['Team North', 'Team South', 'Team East', 'Team West'];
  const types = ['cin', 'cp', 'cla'];
  const cases: SamplingCase[] = [];
  for (const team of teams) {
    for (const caseType of types) {
      for (let i = 0; i < 4; i += 1) {
        const n = cases.length;
        cases.push({ id: `c${String(n).padStart(3, '0')}`, reference: `LA${2000 + n}`, team, caseType, ageBand: ['0-4', '5-10', '11-15', '16+'][i]!, lastAuditedAt: null });
      }
    }
  }
  return cases;
}

describe('seeded random numbers', () => {
  it('mulberry32 gives the same numbers on every platform (golden values)', () => {
    const rng = createRng(2026);
    const first = [rng.next(), rng.next(), rng.next()];
    const again = createRng(2026);
    expect([again.next(), again.next(), again.next()]).toEqual(first);
    // Reference mulberry32 outputs for seed 0 and seed 1 (first value × 2^32).
    expect(createRng(0).next() * 2 ** 32).toBe(1144304738);
    expect(createRng(1).next() * 2 ** 32).toBe(2693262067);
    expect(createRng(-1).next()).toBe(createRng(0xffffffff).next());
  });

  it('int stays in range and shuffle returns a new permutation', () => {
    const rng = createRng(7);
    for (let i = 0; i < 1000; i += 1) {
      const v = rng.int(6);
      expect(v >= 0 && v < 6 && Number.isInteger(v)).toBe(true);
    }
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = shuffle(input, createRng(7));
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...out].sort()).toEqual(input);
    expect(shuffle(input, createRng(7))).toEqual(out);
    expect(() => createRng(1.5)).toThrow(/whole number/);
    expect(() => rng.int(0)).toThrow();
  });
});

describe('stratified sampling', () => {
  it('samples 24 cases across 4 teams with seed 2026, two per team and case type', () => {
    const result = sampleCases(register(), { seed: 2026, today: TODAY, perStratum: 2 });
    expect(result.seed).toBe(2026);
    expect(result.strata).toHaveLength(12);
    expect(result.chosen).toHaveLength(24);
    expect(result.shortfall).toBe(0);
    expect(result.strata[0]!.label).toBe('Team East · CIN');
    expect(result.strata.map((s) => s.key)).toEqual([...result.strata.map((s) => s.key)].sort());
    for (const s of result.strata) {
      expect(s).toMatchObject({ available: 4, excludedRecent: 0, requested: 2, short: false, message: null });
    }
    // Reproducible, and the reversed register gives the same sample.
    expect(sampleCases([...register()].reverse(), { seed: 2026, today: TODAY, perStratum: 2 })).toEqual(result);
  });

  it('stratifies by team only, or by age band when asked', () => {
    const byTeam = sampleCases(register(), { seed: 2026, today: TODAY, strataBy: ['team'], perStratum: 6 });
    expect(byTeam.strata.map((s) => s.label)).toEqual(['Team East', 'Team North', 'Team South', 'Team West']);
    expect(byTeam.chosen).toHaveLength(24);
    const byAge = sampleCases(register(), { seed: 1, today: TODAY, strataBy: ['ageBand'], perStratum: 1 });
    expect(byAge.strata.map((s) => s.label)).toEqual(['Age 0-4', 'Age 11-15', 'Age 16+', 'Age 5-10']);
    const whole = sampleCases(register(), { seed: 1, today: TODAY, strataBy: [], perStratum: 5 });
    expect(whole.strata).toMatchObject([{ key: '', label: 'All cases', available: 48, requested: 5 }]);
  });

  it('a different seed usually gives a different sample', () => {
    const samples = new Set<string>();
    for (let seed = 1; seed <= 20; seed += 1) {
      samples.add(sampleCases(register(), { seed, today: TODAY, perStratum: 2 }).chosen.join(','));
    }
    expect(samples.size).toBeGreaterThanOrEqual(19);
    expect(sampleCases(register(), { seed: 2026, today: TODAY, perStratum: 2 }).chosen).not.toEqual(
      sampleCases(register(), { seed: 2027, today: TODAY, perStratum: 2 }).chosen,
    );
  });

  it('says so when a stratum has too few cases', () => {
    const cases = register().filter((c) => !(c.team === 'Team North' && c.caseType === 'cp' && c.ageBand !== '0-4' && c.ageBand !== '5-10'));
    const result = sampleCases(cases, { seed: 2026, today: TODAY, perStratum: 3 });
    const northCp = result.strata.find((s) => s.label === 'Team North · CP')!;
    expect(northCp).toMatchObject({ available: 2, requested: 3, short: true });
    expect(northCp.chosen).toHaveLength(2);
    expect(northCp.message).toBe('Only 2 cases available in Team North · CP; 3 requested.');
    expect(result.shortfall).toBe(1);
    expect(result.chosen).toHaveLength(11 * 3 + 2);
  });

  it('mentions recently audited cases left out when a stratum falls short', () => {
    const cases = register().map((c) => (c.team === 'Team West' && c.caseType === 'cla' ? { ...c, lastAuditedAt: '2025-12-01' } : c));
    const result = sampleCases(cases, { seed: 3, today: TODAY, perStratum: 1 });
    const westCla = result.strata.find((s) => s.label === 'Team West · CLA')!;
    expect(westCla).toMatchObject({ available: 0, excludedRecent: 4, requested: 1, short: true, chosen: [] });
    expect(westCla.message).toBe('No cases available in Team West · CLA; 1 requested (4 audited in the last 12 months left out).');
  });

  it('12-month edge: audited exactly 12 months ago is eligible; a day later is left out', () => {
    expect(twelveMonthsBefore('2026-03-15')).toBe('2025-03-15');
    expect(isRecentlyAudited('2025-03-15', TODAY)).toBe(false);
    expect(isRecentlyAudited('2025-03-16', TODAY)).toBe(true);
    expect(isRecentlyAudited('2026-03-15', TODAY)).toBe(true);
    expect(isRecentlyAudited(null, TODAY)).toBe(false);
    // 29 February: a year earlier is 28 February.
    expect(twelveMonthsBefore('2024-02-29')).toBe('2023-02-28');
    expect(isRecentlyAudited('2023-02-28', '2024-02-29')).toBe(false);
    expect(isRecentlyAudited('2023-03-01', '2024-02-29')).toBe(true);

    const cases: SamplingCase[] = [
      { id: 'a', reference: 'LA1', team: 'Team North', caseType: 'cp', ageBand: '0-4', lastAuditedAt: '2025-03-15' },
      { id: 'b', reference: 'LA2', team: 'Team North', caseType: 'cp', ageBand: '0-4', lastAuditedAt: '2025-03-16' },
      { id: 'c', reference: 'LA3', team: 'Team North', caseType: 'cp', ageBand: '0-4', lastAuditedAt: '2026-01-10' },
    ];
    const result = sampleCases(cases, { seed: 9, today: TODAY, perStratum: 3 });
    expect(result.chosen).toEqual(['a']);
    expect(result.strata[0]).toMatchObject({ available: 1, excludedRecent: 2, short: true });
    expect(result.recentCutoff).toBe('2025-03-15');
    // Included on purpose: eligible again (not forced in).
    const withC = sampleCases(cases, { seed: 9, today: TODAY, perStratum: 3, includeRecentlyAudited: ['c'] });
    expect([...withC.chosen].sort()).toEqual(['a', 'c']);
    expect(withC.strata[0]).toMatchObject({ available: 2, excludedRecent: 1 });
  });

  it('rounds a share up per stratum without floating-point noise', () => {
    const cases = register();
    expect(sampleCases(cases, { seed: 1, today: TODAY, share: 0.25 }).strata.every((s) => s.requested === 1)).toBe(true);
    expect(sampleCases(cases, { seed: 1, today: TODAY, share: 0.3 }).strata.every((s) => s.requested === 2)).toBe(true);
    // 0.1 × 30 is 3.0000000000000004 in floating point; it must round to 3.
    const thirty = Array.from({ length: 30 }, (_, i) => ({ ...cases[0]!, id: `x${i}`, reference: `R${i}` }));
    expect(sampleCases(thirty, { seed: 1, today: TODAY, share: 0.1 }).strata[0]!.requested).toBe(3);
  });

  it('spreads a total across strata by largest remainder', () => {
    expect(apportion(10, [5, 3, 2])).toEqual([5, 3, 2]);
    expect(apportion(5, [4, 4, 2])).toEqual([2, 2, 1]);
    expect(apportion(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(apportion(7, [0, 0])).toEqual([0, 0]);
    const result = sampleCases(register(), { seed: 2026, today: TODAY, strataBy: ['team'], total: 10 });
    expect(result.strata.map((s) => s.requested)).toEqual([3, 3, 2, 2]);
    expect(result.chosen).toHaveLength(10);
  });

  it('refuses unclear options and bad dates', () => {
    const cases = register();
    expect(() => sampleCases(cases, { seed: 1, today: TODAY })).toThrow(/exactly one/);
    expect(() => sampleCases(cases, { seed: 1, today: TODAY, perStratum: 2, share: 0.5 })).toThrow(/exactly one/);
    expect(() => sampleCases(cases, { seed: 1, today: TODAY, share: 1.5 })).toThrow(/between 0 and 1/);
    expect(() => sampleCases(cases, { seed: 1, today: TODAY, perStratum: -1 })).toThrow(/whole number/);
    expect(() => sampleCases(cases, { seed: 1, today: '15/03/2026', perStratum: 1 })).toThrow(/YYYY-MM-DD/);
    expect(() => sampleCases([...cases, cases[0]!], { seed: 1, today: TODAY, perStratum: 1 })).toThrow(/twice/);
  });
});

describe('allocation examples', () => {
  it('allocates 24 cases across 4 teams to 4 team managers and 2 QA officers evenly', () => {
    const sample = sampleCases(register(), { seed: 2026, today: TODAY, perStratum: 2 });
    const teamOf = new Map(register().map((c) => [c.id, c.team]));
    const cases = sample.chosen.map((id) => ({ id, team: teamOf.get(id)! }));
    const auditors = [
      { id: 'm-n', name: 'Sam Patel', managesTeams: ['Team North'], openAudits: 0 },
      { id: 'm-s', name: 'Alex Jones', managesTeams: ['Team South'], openAudits: 2 },
      { id: 'm-e', name: 'Priya Shah', managesTeams: ['Team East'], openAudits: 0 },
      { id: 'm-w', name: 'Chris Lee', managesTeams: ['Team West'], openAudits: 1 },
      { id: 'qa1', name: 'Jo Evans', managesTeams: [], openAudits: 3 },
      { id: 'qa2', name: 'Morgan Hill', managesTeams: [], openAudits: 0 },
    ];
    const result = allocateCases({ cases, auditors, seed: 2026 });
    expect(result.unassigned).toEqual([]);
    const loads = Object.values(result.load);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(loads.reduce((a, b) => a + b, 0)).toBe(24 + 6);
    for (const c of cases) expect(auditors.find((a) => a.id === result.assignments[c.id])!.managesTeams).not.toContain(c.team);
    expect(allocateCases({ cases: [...cases].reverse(), auditors: [...auditors].reverse(), seed: 2026 })).toEqual(result);
  });

  it('reports a case no one may audit, and re-allocates an existing assignment that breaks the rule', () => {
    const auditors = [{ id: 'a1', name: 'Sam Patel', managesTeams: ['Team North'], openAudits: 0 }];
    const result = allocateCases({ cases: [{ id: 'c1', team: 'Team North' }, { id: 'c2', team: 'Team South' }], auditors, existing: { c1: 'a1' } });
    expect(result.assignments).toEqual({ c2: 'a1' });
    expect(result.unassigned).toEqual([{ caseId: 'c1', reason: 'The only auditor manages Team North, so no one can audit this case.' }]);
    expect(result.reallocated).toEqual([{ caseId: 'c1', from: 'a1', reason: 'Sam Patel manages Team North, so cannot audit this case.' }]);
    expect(allocateCases({ cases: [{ id: 'c1', team: 'X' }], auditors: [] }).unassigned[0]!.reason).toBe('There are no auditors to allocate to.');
  });

  it('balances through a chain of moves when the greedy pass cannot', () => {
    // Greedy alone gives 4 / 4 / 2: Priya cannot take South cases and Sam cannot take East
    // ones, so evening out needs a chain: a South case Sam → Alex, an East case Alex → Priya.
    const auditors = [
      { id: 'a0', name: 'Sam Patel', managesTeams: ['Team East'], openAudits: 1 },
      { id: 'a1', name: 'Alex Jones', managesTeams: ['Team North'], openAudits: 1 },
      { id: 'a2', name: 'Priya Shah', managesTeams: ['Team South'], openAudits: 2 },
    ];
    const teams = ['Team East', 'Team South', 'Team South', 'Team East', 'Team South', 'Team South'];
    const cases = teams.map((team, i) => ({ id: `c${i}`, team }));
    const result = allocateCases({ cases, auditors });
    expect(result.unassigned).toEqual([]);
    expect(result.load).toEqual({ a0: 3, a1: 4, a2: 3 });
  });
});
