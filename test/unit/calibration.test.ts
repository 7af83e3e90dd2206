import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  auditorCalibration,
  calibrationFigures,
  figuresByAuditor,
  figuresBySection,
  quadraticWeightedKappa,
  roundTo,
  UNRELIABLE_NOTE,
  type GradePair,
} from '../../shared/domain/calibration';
import type { Grade, GradeOrNA } from '../../shared/domain/grades';

/**
 * Independent brute-force quadratic kappa: κ = 1 − mean over items of (x_n − y_n)²
 * divided by the mean over ALL (item, item') cross pairs of (x_n − y_m)² — the
 * disagreement expected if the two raters' grades were paired at random.
 */
function bruteKappa(pairs: [number, number][]): number {
  const n = pairs.length;
  let observed = 0;
  for (const [x, y] of pairs) observed += (x - y) ** 2;
  let expected = 0;
  for (const [x] of pairs) for (const [, y] of pairs) expected += (x - y) ** 2;
  return 1 - observed / n / (expected / (n * n));
}

function fromTable(table: number[][]): [Grade, Grade][] {
  const out: [Grade, Grade][] = [];
  table.forEach((row, i) => row.forEach((count, j) => {
    for (let c = 0; c < count; c++) out.push([(i + 1) as Grade, (j + 1) as Grade]);
  }));
  return out;
}

let seq = 0;
function pair(auditor: GradeOrNA | null, agreed: GradeOrNA | null, extra: Partial<GradePair> = {}): GradePair {
  seq++;
  return { auditId: `a${seq}`, auditorId: 'u1', team: 'T1', section: 's1', auditor, agreed, moderated: true, ...extra };
}

describe('quadraticWeightedKappa', () => {
  it('is 1 when every pair agrees across several grades', () => {
    // Table diagonal 2,1,1,1. Po = 1 (all weights 1 on the diagonal). Pe < 1. κ = (1 − Pe)/(1 − Pe) = 1.
    expect(quadraticWeightedKappa([[1, 1], [1, 1], [2, 2], [3, 3], [4, 4]])).toBe(1);
  });

  it('is −1 when the raters are at opposite ends', () => {
    // (1,4) and (4,1): p14 = p41 = 0.5. w14 = w41 = 1 − 9/9 = 0, so Po = 0.
    // Marginals both (0.5, 0, 0, 0.5): Pe = 0.25·(w11 + w14 + w41 + w44) = 0.25·2 = 0.5.
    // κ = (0 − 0.5)/(1 − 0.5) = −1.
    expect(quadraticWeightedKappa([[1, 4], [4, 1]])).toBeCloseTo(-1, 12);
  });

  it('all disagreeing by one grade in a cycle is still worse than chance', () => {
    // (1,2),(2,1): p12 = p21 = 0.5, w = 1 − 1/9 = 8/9 → Po = 8/9.
    // Marginals (0.5, 0.5, 0, 0) each: Pe = 0.25·(1 + 8/9 + 8/9 + 1) = 0.25·(34/9) = 17/18.
    // κ = (8/9 − 17/18)/(1 − 17/18) = (−1/18)/(1/18) = −1.
    expect(quadraticWeightedKappa([[1, 2], [2, 1]])).toBeCloseTo(-1, 12);
  });

  it('one shared category: 1 − Pe = 0, so we return 1 (perfect observed agreement)', () => {
    // Every pair (2,2): Po = 1, Pe = 1 → 0/0. Documented choice: 1.
    expect(quadraticWeightedKappa([[2, 2], [2, 2], [2, 2]])).toBe(1);
    expect(quadraticWeightedKappa([[4, 4]])).toBe(1);
  });

  it('one rater constant, the other not: Pe < 1 and κ = 0', () => {
    // Auditor always 2, agreed 2,3. Marginals r = (0,1,0,0), c = (0,.5,.5,0).
    // Po = .5·1 + .5·8/9 = 17/18; Pe = 1·(.5·1 + .5·8/9) = 17/18 → κ = 0.
    expect(quadraticWeightedKappa([[2, 2], [2, 3]])).toBeCloseTo(0, 12);
  });

  it('is null for no pairs', () => {
    expect(quadraticWeightedKappa([])).toBeNull();
  });

  it('hand-worked 4×4 table: κ = 27/34 ≈ 0.794', () => {
    // auditor\agreed   1  2  3  4 | row
    //        1         2  1  0  0 |  3
    //        2         1  5  2  0 |  8
    //        3         0  1  4  1 |  6
    //        4         0  0  1  2 |  3
    // col              3  7  7  3 | N = 20
    // κ_q = 1 − D_o/D_e with D in counts of squared distance:
    // D_o = six off-diagonal counts one step away = 1+1+2+1+1+1 = 7.
    // D_e = Σ r_i c_j (i−j)² / N:
    //   i=1: 3·(7·1 + 7·4 + 3·9) = 3·62 = 186
    //   i=2: 8·(3·1 + 7·1 + 3·4) = 8·22 = 176
    //   i=3: 6·(3·4 + 7·1 + 3·1) = 6·22 = 132
    //   i=4: 3·(3·9 + 7·4 + 7·1) = 3·62 = 186   → 680 / 20 = 34.
    // κ = 1 − 7/34 = 27/34 = 0.79411…
    const pairs = fromTable([
      [2, 1, 0, 0],
      [1, 5, 2, 0],
      [0, 1, 4, 1],
      [0, 0, 1, 2],
    ]);
    expect(pairs).toHaveLength(20);
    const k = quadraticWeightedKappa(pairs)!;
    expect(k).toBeCloseTo(27 / 34, 12);
    expect(k).toBeCloseTo(bruteKappa(pairs), 12);
    expect(roundTo(k, 3)).toBe(0.794);
  });

  it('published example (scikit-learn test suite): quadratic κ = 0.9541', () => {
    // sklearn's test_cohen_kappa: y1 = [0]*46 + [1]*44 + [2]*10, y2 = [0]*50 + [1]*40 + [2]*10,
    // cohen_kappa_score(y1, y2, weights='quadratic') ≈ 0.9541. Mapped to grades 1..3.
    // Table: (1,1)×46, (2,1)×4, (2,2)×40, (3,3)×10. D_o = 4.
    // r = (46,44,10), c = (50,40,10): D_e = [46·(40+40) + 44·(50+10) + 10·(200+40)]/100 = 8720/100 = 87.2.
    // κ = 1 − 4/87.2 = 0.954128…
    const y1 = [...Array(46).fill(1), ...Array(44).fill(2), ...Array(10).fill(3)] as Grade[];
    const y2 = [...Array(50).fill(1), ...Array(40).fill(2), ...Array(10).fill(3)] as Grade[];
    const pairs = y1.map((g, i) => [g, y2[i]] as [Grade, Grade]);
    const k = quadraticWeightedKappa(pairs)!;
    expect(k).toBeCloseTo(1 - 4 / 87.2, 12);
    expect(k).toBeCloseTo(0.9541, 4);
    expect(k).toBeCloseTo(bruteKappa(pairs), 12);
  });

  it('matches the brute-force implementation on random tables (property)', () => {
    const grade = fc.constantFrom<Grade>(1, 2, 3, 4);
    fc.assert(
      fc.property(fc.array(fc.tuple(grade, grade), { minLength: 1, maxLength: 60 }), (pairs) => {
        const k = quadraticWeightedKappa(pairs);
        const distinct = new Set(pairs.flat());
        if (distinct.size === 1) return k === 1;
        return k !== null && Math.abs(k - bruteKappa(pairs)) < 1e-9 && k <= 1 + 1e-12 && k >= -1 - 1e-12;
      }),
    );
  });
});

describe('calibrationFigures', () => {
  it('excludes N/A, null and unmoderated pairs from every figure', () => {
    const pairs = [
      pair(2, 2), pair(2, 3), pair(1, 1),
      pair('na', 2), pair(3, 'na'), pair(null, 2), pair(2, null), pair('na', 'na'),
      pair(1, 4, { moderated: false }),
    ];
    const f = calibrationFigures(pairs);
    // Valid: (2,2) (2,3) (1,1). Exact 2/3 = 66.7 %; within one 3/3; shift (0+1+0)/3 = 0.33.
    // κ: r = (1,2,0,0), c = (1,1,1,0); D_o = 1; D_e = [1·(1+4) + 2·(1+0+1)]/3 = 9/3 = 3 → κ = 1 − 1/3.
    expect(f).toEqual({
      n: 3,
      exactAgreement: 66.7,
      withinOne: 100,
      meanShift: 0.33,
      movedDown: null,
      kappaQuadratic: 0.667,
      reliable: false,
      note: UNRELIABLE_NOTE,
    });
    expect(calibrationFigures(pairs.slice(0, 3))).toEqual(f);
  });

  it('no pairs at all: everything null, unreliable', () => {
    expect(calibrationFigures([pair('na', 1)])).toEqual({
      n: 0, exactAgreement: null, withinOne: null, meanShift: null, movedDown: null,
      kappaQuadratic: null, reliable: false, note: UNRELIABLE_NOTE,
    });
  });

  it('10 pairs is reliable; 9 is not', () => {
    const ten = Array.from({ length: 10 }, (_, i) => pair(((i % 4) + 1) as Grade, ((i % 4) + 1) as Grade));
    expect(calibrationFigures(ten)).toMatchObject({ n: 10, reliable: true, note: null, kappaQuadratic: 1, exactAgreement: 100 });
    expect(calibrationFigures(ten.slice(1))).toMatchObject({ n: 9, reliable: false, note: UNRELIABLE_NOTE });
  });

  it('mean shift is positive when the auditor was too generous, negative when too harsh', () => {
    expect(calibrationFigures([pair(1, 3), pair(2, 3)]).meanShift).toBe(1.5);
    expect(calibrationFigures([pair(4, 3), pair(3, 3), pair(3, 3), pair(3, 3)]).meanShift).toBe(-0.25);
    // −1/8 = −0.125 rounds away from zero to −0.13.
    const eighth = [pair(3, 2), ...Array.from({ length: 7 }, () => pair(2, 2))];
    expect(calibrationFigures(eighth).meanShift).toBe(-0.13);
  });

  it('within one and moved down (overall pairs only, per audit)', () => {
    const pairs = [
      pair(2, 4, { auditId: 'A', section: 'overall' }), // down by 2
      pair(2, 3, { auditId: 'B', section: 'overall' }), // down by 1
      pair(3, 2, { auditId: 'C', section: 'overall' }), // up
      pair(2, 'na', { auditId: 'D', section: 'overall' }), // excluded
      pair(1, 4, { auditId: 'A', section: 's2' }), // section: not in movedDown
    ];
    const f = calibrationFigures(pairs);
    expect(f.n).toBe(4);
    expect(f.withinOne).toBe(50); // (2,3) and (3,2)
    expect(f.exactAgreement).toBe(0);
    expect(f.movedDown).toBe(66.7); // A and B of A, B, C
  });
});

describe('grouped figures', () => {
  const pairs: GradePair[] = [
    pair(2, 3, { auditorId: 'u2', section: 's10', auditId: 'X' }),
    pair(2, 2, { auditorId: 'u1', section: 's2', auditId: 'X' }),
    pair(2, 3, { auditorId: 'u1', section: 'overall', auditId: 'X' }),
    pair(1, 1, { auditorId: 'u1', section: 's1', auditId: 'Y' }),
    pair('na', 1, { auditorId: 'u3', section: 's3', auditId: 'Y' }),
  ];

  it('by section: s1, s2, s10, then overall; sections with no countable pair left out', () => {
    const rows = figuresBySection(pairs);
    expect(rows.map((r) => r.section)).toEqual(['s1', 's2', 's10', 'overall']);
    expect(rows[3]).toMatchObject({ section: 'overall', n: 1, meanShift: 1, movedDown: 100 });
    expect(rows[0].movedDown).toBeNull();
  });

  it('by auditor', () => {
    const rows = figuresByAuditor(pairs);
    expect(rows.map((r) => r.auditorId)).toEqual(['u1', 'u2']);
    expect(rows[0]).toMatchObject({ n: 3, exactAgreement: 66.7, meanShift: 0.33, movedDown: 100 });
    expect(rows[1]).toMatchObject({ n: 1, meanShift: 1, movedDown: null });
  });
});

describe('auditorCalibration', () => {
  it('counts moderated overall grades only, one per audit', () => {
    const pairs = [
      pair(2, 3, { section: 'overall', auditId: 'a' }),
      pair(2, 3, { section: 'overall', auditId: 'b' }),
      pair(1, 2, { section: 'overall', auditId: 'c' }),
      pair(2, 2, { section: 'overall', auditId: 'd' }),
      pair(3, 3, { section: 'overall', auditId: 'e' }),
      pair(1, 4, { section: 'overall', auditId: 'f', moderated: false }),
      pair(1, 4, { section: 's4', auditId: 'a' }),
      pair('na', 4, { section: 'overall', auditId: 'g' }),
    ];
    // Shifts 1, 1, 1, 0, 0 over 5 moderated audits → 0.6.
    expect(auditorCalibration(pairs)).toEqual({ moderatedCount: 5, meanShift: 0.6 });
    expect(auditorCalibration([])).toEqual({ moderatedCount: 0, meanShift: null });
  });
});

describe('scale', () => {
  // Speed is measured by benchmarks, not asserted here.
  it('figures over 10,000 moderated audits (11 pairs each) cover every audit and section', () => {
    const pairs: GradePair[] = [];
    for (let a = 0; a < 10_000; a++) {
      for (let s = 0; s <= 10; s++) {
        const g = (((a + s) % 4) + 1) as Grade;
        const agreed = (Math.min(4, g + ((a * 7 + s) % 3 === 0 ? 1 : 0))) as Grade;
        pairs.push(pair(g, agreed, { auditId: `A${a}`, auditorId: `u${a % 40}`, section: s === 10 ? 'overall' : `s${s + 1}` }));
      }
    }
    expect(calibrationFigures(pairs).n).toBe(110_000);
    expect(figuresBySection(pairs)).toHaveLength(11);
    expect(figuresByAuditor(pairs)).toHaveLength(40);
  });
});
