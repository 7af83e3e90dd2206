import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allocateCases,
  checkAssignment,
  type AllocationAuditor,
  type AllocationCase,
  type AllocationInput,
} from '../../shared/domain/allocation';

const TEAMS = ['Team North', 'Team South', 'Team East', 'Team West', 'Court Team', 'Disabled Children'];
const NAMES = ['Sam Patel', 'Alex Jones', 'Priya Shah', 'Chris Lee', 'Jo Evans', 'Morgan Hill', 'Kim Walsh', 'Ali Khan'];

function casesArb(teamCount: number): fc.Arbitrary<AllocationCase[]> {
  return fc
    .array(fc.constantFrom(...TEAMS.slice(0, teamCount)), { maxLength: 300 })
    .map((teams) => teams.map((team, i) => ({ id: `case-${String(i).padStart(4, '0')}`, team })));
}

function auditorsArb(teamCount: number, opts: { managesNone?: boolean; equalOpen?: boolean }): fc.Arbitrary<AllocationAuditor[]> {
  const manages = opts.managesNone ? fc.constant<string[]>([]) : fc.subarray(TEAMS.slice(0, teamCount), { maxLength: Math.min(2, teamCount) });
  return fc.integer({ min: 0, max: 10 }).chain((sharedOpen) =>
    fc
      .array(fc.record({ managesTeams: manages, openAudits: opts.equalOpen ? fc.constant(sharedOpen) : fc.integer({ min: 0, max: 12 }) }), {
        minLength: 1,
        maxLength: NAMES.length,
      })
      .map((rows) => rows.map((row, i) => ({ id: `auditor-${i}`, name: NAMES[i]!, ...row }))),
  );
}

function inputArb(opts: { managesNone?: boolean; equalOpen?: boolean; withExisting?: boolean } = {}): fc.Arbitrary<AllocationInput> {
  return fc.integer({ min: 1, max: 6 }).chain((teamCount) =>
    fc.tuple(casesArb(teamCount), auditorsArb(teamCount, opts), fc.option(fc.integer(), { nil: undefined })).chain(([cases, auditors, seed]) => {
      const existingArb = opts.withExisting
        ? fc
            .array(fc.tuple(fc.constantFrom(...(cases.length ? cases.map((c) => c.id) : ['none'])), fc.constantFrom(...auditors.map((a) => a.id), 'gone')), {
              maxLength: 20,
            })
            .map((pairs) => Object.fromEntries(pairs.filter(([caseId]) => caseId !== 'none')))
        : fc.constant(undefined);
      return existingArb.map((existing) => ({ cases, auditors, seed, ...(existing ? { existing } : {}) }));
    }),
  );
}

const shuffledInputArb = (arb: fc.Arbitrary<AllocationInput>) =>
  arb.chain((input) =>
    fc
      .tuple(
        fc.shuffledSubarray([...input.cases], { minLength: input.cases.length }),
        fc.shuffledSubarray([...input.auditors], { minLength: input.auditors.length }),
      )
      .map(([cases, auditors]) => ({ input, shuffled: { ...input, cases, auditors } })),
  );

function spread(load: Record<string, number>): number {
  const values = Object.values(load);
  return Math.max(...values) - Math.min(...values);
}

describe('allocation properties', () => {
  it('never gives an auditor a case from a team they manage, and keeps valid existing assignments', () => {
    fc.assert(
      fc.property(inputArb({ withExisting: true }), (input) => {
        const result = allocateCases(input);
        const auditors = new Map(input.auditors.map((a) => [a.id, a]));
        const cases = new Map(input.cases.map((c) => [c.id, c]));
        for (const [caseId, auditorId] of Object.entries(result.assignments)) {
          const auditor = auditors.get(auditorId)!;
          expect(auditor.managesTeams).not.toContain(cases.get(caseId)!.team);
          expect(checkAssignment(cases.get(caseId)!, auditor)).toEqual({ ok: true });
        }
        for (const [caseId, auditorId] of Object.entries(input.existing ?? {})) {
          const auditor = auditors.get(auditorId);
          if (auditor && !auditor.managesTeams.includes(cases.get(caseId)!.team)) expect(result.assignments[caseId]).toBe(auditorId);
          else expect(result.reallocated.map((r) => r.caseId)).toContain(caseId);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('assigns every case or reports it unassigned with a reason, and only when no auditor may take it', () => {
    fc.assert(
      fc.property(inputArb({ withExisting: true }), (input) => {
        const result = allocateCases(input);
        const unassigned = new Map(result.unassigned.map((u) => [u.caseId, u.reason]));
        for (const c of input.cases) {
          const assigned = result.assignments[c.id] !== undefined;
          expect(assigned !== unassigned.has(c.id)).toBe(true);
          if (!assigned) {
            expect(unassigned.get(c.id)!.length).toBeGreaterThan(10);
            expect(input.auditors.every((a) => a.managesTeams.includes(c.team))).toBe(true);
          }
        }
        expect(Object.keys(result.assignments).length + result.unassigned.length).toBe(input.cases.length);
        for (const a of input.auditors) {
          const mine = Object.values(result.assignments).filter((id) => id === a.id).length;
          expect(result.load[a.id]).toBe(a.openAudits + mine);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('loads of any two auditors differ by at most one when no auditor manages a team (equal open audits)', () => {
    fc.assert(
      fc.property(inputArb({ managesNone: true, equalOpen: true }), (input) => {
        expect(spread(allocateCases(input).load)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('when every case has every auditor eligible, loads even out as far as open audits allow', () => {
    fc.assert(
      fc.property(inputArb({ managesNone: true }), (input) => {
        const result = allocateCases(input);
        const loads = Object.values(result.load);
        const min = Math.min(...loads);
        for (const a of input.auditors) {
          const received = Object.values(result.assignments).filter((id) => id === a.id).length;
          // Anyone who received a case is at most one above the lightest auditor.
          if (received > 0) expect(result.load[a.id]).toBeLessThanOrEqual(min + 1);
        }
        // And when there are enough cases to level everyone, all loads differ by at most one.
        const maxOpen = Math.max(...input.auditors.map((a) => a.openAudits));
        const needed = input.auditors.reduce((n, a) => n + maxOpen - a.openAudits, 0);
        if (input.cases.length >= needed) expect(spread(result.load)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('under the own-team rule, no single allowed move of a new case would even out the load', () => {
    fc.assert(
      fc.property(inputArb(), (input) => {
        const result = allocateCases(input);
        const cases = new Map(input.cases.map((c) => [c.id, c]));
        for (const [caseId, from] of Object.entries(result.assignments)) {
          for (const to of input.auditors) {
            if (to.id === from || to.managesTeams.includes(cases.get(caseId)!.team)) continue;
            expect(result.load[from]!).toBeLessThanOrEqual(result.load[to.id]! + 1);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('on small registers, the loads are as even as any allocation the own-team rule allows (brute force)', () => {
    const small = fc.integer({ min: 1, max: 3 }).chain((teamCount) =>
      fc.tuple(
        fc.array(fc.constantFrom(...TEAMS.slice(0, teamCount)), { maxLength: 7 }).map((teams) => teams.map((team, i) => ({ id: `c${i}`, team }))),
        fc
          .array(fc.record({ managesTeams: fc.subarray(TEAMS.slice(0, teamCount)), openAudits: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 4 })
          .map((rows) => rows.map((row, i) => ({ id: `a${i}`, name: NAMES[i]!, ...row }))),
      ),
    );
    fc.assert(
      fc.property(small, ([cases, auditors]) => {
        const result = allocateCases({ cases, auditors });
        const placeable = cases.filter((c) => auditors.some((a) => !a.managesTeams.includes(c.team)));
        // Every allocation of the placeable cases: the best max load and sum of squared loads.
        let bestMax = Infinity;
        let bestSquares = Infinity;
        const load = auditors.map((a) => a.openAudits);
        const visit = (k: number): void => {
          if (k === placeable.length) {
            bestMax = Math.min(bestMax, Math.max(...load));
            bestSquares = Math.min(bestSquares, load.reduce((s, v) => s + v * v, 0));
            return;
          }
          auditors.forEach((a, i) => {
            if (a.managesTeams.includes(placeable[k]!.team)) return;
            load[i] = load[i]! + 1;
            visit(k + 1);
            load[i] = load[i]! - 1;
          });
        };
        visit(0);
        const loads = Object.values(result.load);
        expect(Math.max(...loads)).toBe(bestMax);
        expect(loads.reduce((s, v) => s + v * v, 0)).toBe(bestSquares);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic whatever the order of cases and auditors', () => {
    fc.assert(
      fc.property(shuffledInputArb(inputArb({ withExisting: true })), ({ input, shuffled }) => {
        expect(allocateCases(shuffled)).toEqual(allocateCases(input));
      }),
      { numRuns: 150 },
    );
  });

  it('checkAssignment explains a refusal by name and team', () => {
    const sam = { id: 'a1', name: 'Sam Patel', managesTeams: ['Team North'], openAudits: 0 };
    expect(checkAssignment({ id: 'c1', team: 'Team North' }, sam)).toEqual({
      ok: false,
      reason: 'Sam Patel manages Team North, so cannot audit this case.',
    });
    expect(checkAssignment({ id: 'c2', team: 'Team South' }, sam)).toEqual({ ok: true });
    expect(checkAssignment({ id: 'c3', team: ' team north' }, sam).ok).toBe(false);
  });
});
