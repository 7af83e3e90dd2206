import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sampleCases, type SamplingCase, type SamplingOptions, type StrataDimension } from '../../shared/domain/sampling';

const TEAMS = ['Team North', 'Team South', 'Team East', 'Team West', 'Court Team', 'Disabled Children'];
const CASE_TYPES = ['early-help', 'cin', 'cp', 'cla', 'care-leaver', 'pre-birth'];
const AGE_BANDS = ['0-4', '5-10', '11-15', '16+'];
const DAY = 86_400_000;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Independent of the code under test: a date-part comparison with the day clamped to the month. */
function auditedWithinYear(last: string | null, today: string): boolean {
  if (last === null) return false;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  const cutoff = `${y - 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
  return last > cutoff;
}

// Today between 2024-01-01 and 2027-12-31 (covers 29 Feb 2024), as days since the epoch.
const todayArb = fc.integer({ min: 19_723, max: 21_183 }).map((days) => isoDate(days * DAY));

/** A register over 1–6 teams; last-audited dates cluster around the 12-month edge. */
function registerArb(today: string): fc.Arbitrary<SamplingCase[]> {
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const lastAudited = fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 1100 }).map((back) => isoDate(todayMs - back * DAY)),
    fc.integer({ min: 360, max: 370 }).map((back) => isoDate(todayMs - back * DAY)),
  );
  return fc.integer({ min: 1, max: 6 }).chain((teamCount) =>
    fc
      .array(
        fc.record({
          team: fc.constantFrom(...TEAMS.slice(0, teamCount)),
          caseType: fc.constantFrom(...CASE_TYPES),
          ageBand: fc.constantFrom(...AGE_BANDS),
          lastAuditedAt: lastAudited,
        }),
        { maxLength: 300 },
      )
      .map((rows) => rows.map((row, i) => ({ id: `case-${String(i).padStart(4, '0')}`, reference: `LA${100000 + i}`, ...row }))),
  );
}

const strataByArb: fc.Arbitrary<StrataDimension[] | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.subarray<StrataDimension>(['team', 'caseType', 'ageBand']),
);

const amountArb = fc.oneof(
  fc.integer({ min: 0, max: 8 }).map((perStratum) => ({ perStratum })),
  fc.double({ min: 0, max: 1, noNaN: true }).map((share) => ({ share })),
  fc.integer({ min: 0, max: 350 }).map((total) => ({ total })),
);

interface Scenario {
  cases: SamplingCase[];
  options: SamplingOptions;
}

const scenarioArb: fc.Arbitrary<Scenario> = todayArb.chain((today) =>
  registerArb(today).chain((cases) =>
    fc
      .record({
        seed: fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
        strataBy: strataByArb,
        amount: amountArb,
        include: fc.subarray(cases.map((c) => c.id)),
      })
      .map(({ seed, strataBy, amount, include }) => ({
        cases,
        options: { seed, today, ...(strataBy ? { strataBy } : {}), ...amount, includeRecentlyAudited: include },
      })),
  ),
);

function stratumKeyOf(c: SamplingCase, strataBy: StrataDimension[]): string {
  return strataBy.map((d) => c[d].replace(/\\/g, '\\\\').replace(/\|/g, '\\|')).join('|');
}

describe('sampling properties', () => {
  it('the same seed and register give the same sample whatever the input order', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((s) => fc.shuffledSubarray(s.cases, { minLength: s.cases.length }).map((shuffled) => ({ ...s, shuffled }))),
        ({ cases, options, shuffled }) => {
          expect(sampleCases(shuffled, options)).toEqual(sampleCases(cases, options));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('honours every stratum count or reports it short with the exact shortfall', () => {
    fc.assert(
      fc.property(scenarioArb, ({ cases, options }) => {
        const result = sampleCases(cases, options);
        const strataBy = options.strataBy ?? ['team', 'caseType'];
        const included = new Set(options.includeRecentlyAudited);
        const eligibleByKey = new Map<string, SamplingCase[]>();
        const allByKey = new Map<string, number>();
        for (const c of cases) {
          const key = stratumKeyOf(c, strataBy);
          allByKey.set(key, (allByKey.get(key) ?? 0) + 1);
          if (!auditedWithinYear(c.lastAuditedAt, options.today) || included.has(c.id)) {
            eligibleByKey.set(key, [...(eligibleByKey.get(key) ?? []), c]);
          }
        }
        expect(result.strata.map((s) => s.key)).toEqual([...allByKey.keys()].sort());
        expect(result.strata.reduce((n, s) => n + s.available + s.excludedRecent, 0)).toBe(cases.length);

        let shortfall = 0;
        for (const s of result.strata) {
          const pool = eligibleByKey.get(s.key) ?? [];
          expect(s.available).toBe(pool.length);
          expect(s.excludedRecent).toBe((allByKey.get(s.key) ?? 0) - pool.length);
          if (options.perStratum !== undefined) expect(s.requested).toBe(options.perStratum);
          if (options.share !== undefined) {
            expect(s.requested).toBeGreaterThanOrEqual(Math.floor(options.share * s.available));
            expect(s.requested).toBeLessThanOrEqual(Math.ceil(options.share * s.available));
            expect(s.requested).toBeLessThanOrEqual(s.available);
          }
          expect(s.chosen).toHaveLength(Math.min(s.requested, s.available));
          expect(s.short).toBe(s.requested > s.available);
          if (s.short) {
            expect(s.message).toContain(s.label);
            expect(s.message).toContain(`${s.requested} requested`);
            shortfall += s.requested - s.available;
          } else {
            expect(s.message).toBeNull();
          }
          const poolIds = new Set(pool.map((c) => c.id));
          for (const c of s.chosen) expect(poolIds.has(c.id)).toBe(true);
        }
        expect(result.shortfall).toBe(shortfall);
        expect(new Set(result.chosen).size).toBe(result.chosen.length);
        expect(result.chosen).toEqual(result.strata.flatMap((s) => s.chosen.map((c) => c.id)));

        if (options.total !== undefined) {
          const eligibleTotal = result.strata.reduce((n, s) => n + s.available, 0);
          const requestedTotal = result.strata.reduce((n, s) => n + s.requested, 0);
          expect(requestedTotal).toBe(eligibleTotal === 0 ? 0 : options.total);
          for (const s of result.strata) {
            if (eligibleTotal > 0) expect(Math.abs(s.requested - (options.total * s.available) / eligibleTotal)).toBeLessThan(1);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never chooses a case audited in the last 12 months unless it was included on purpose', () => {
    fc.assert(
      fc.property(scenarioArb, ({ cases, options }) => {
        const result = sampleCases(cases, options);
        const byId = new Map(cases.map((c) => [c.id, c]));
        const included = new Set(options.includeRecentlyAudited);
        for (const id of result.chosen) {
          const c = byId.get(id)!;
          if (auditedWithinYear(c.lastAuditedAt, options.today)) expect(included.has(id)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('with nothing included on purpose, recently audited cases are never chosen and a full share takes everyone else', () => {
    fc.assert(
      fc.property(todayArb.chain((today) => registerArb(today).map((cases) => ({ today, cases }))), fc.integer(), ({ today, cases }, seed) => {
        const result = sampleCases(cases, { seed, today, share: 1 });
        const expected = cases.filter((c) => !auditedWithinYear(c.lastAuditedAt, today)).map((c) => c.id);
        expect([...result.chosen].sort()).toEqual(expected.sort());
        expect(result.shortfall).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
