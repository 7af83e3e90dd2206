import { describe, it, expect } from 'vitest';
import { BUILTIN_TEMPLATE } from '../../shared/domain/builtinTemplate';
import {
  evaluateLimitingRules,
  gradedSections,
  medianGrade,
  overallViolations,
  wordCount,
  type SectionGrades,
} from '../../shared/domain/grading';
import type { Grade } from '../../shared/domain/grades';
import type { TemplateDefinition } from '../../shared/domain/template';

const T = BUILTIN_TEMPLATE;

/** All ten sections graded `base`, then the overrides. */
function grades(base: Grade | 'na' | null, overrides: SectionGrades = {}): SectionGrades {
  const out: SectionGrades = {};
  for (const s of T.sections) out[s.key] = base;
  return { ...out, ...overrides };
}

describe('wordCount', () => {
  it('counts words separated by any whitespace', () => {
    expect(wordCount('Drift and delay')).toBe(3);
    expect(wordCount('  one\ttwo\n\nthree   ')).toBe(3);
    expect(wordCount('re-referral, step-up')).toBe(2);
  });
  it('gives 0 for empty or blank text', () => {
    expect(wordCount('')).toBe(0);
    expect(wordCount('   \n\t ')).toBe(0);
  });
  it('counts exactly 150 words', () => {
    expect(wordCount(Array.from({ length: 150 }, () => 'word').join(' '))).toBe(150);
  });
});

describe('gradedSections', () => {
  it('keeps 1–4 in template order and leaves out N/A, null, undefined and unknown keys', () => {
    const g = gradedSections(T, { s3: 3, s1: 1, s2: 'na', s4: null, s5: undefined, s99: 4 });
    expect(g).toEqual([1, 3]);
  });
  it('is empty when nothing is graded', () => {
    expect(gradedSections(T, {})).toEqual([]);
  });
});

describe('medianGrade', () => {
  it('is null for no grades', () => expect(medianGrade([])).toBeNull());
  it('takes the middle of an odd count (unsorted input)', () => {
    expect(medianGrade([4, 1, 2])).toBe(2);
    expect(medianGrade([3])).toBe(3);
  });
  it('takes the mean of the two middle values for an even count', () => {
    expect(medianGrade([2, 3])).toBe(2.5);
    expect(medianGrade([1, 4, 2, 2])).toBe(2);
    expect(medianGrade([4, 1, 3, 2])).toBe(2.5);
  });
  it('does not change its input', () => {
    const input: Grade[] = [3, 1, 2];
    medianGrade(input);
    expect(input).toEqual([3, 1, 2]);
  });
  it('excludes N/A through gradedSections', () => {
    expect(medianGrade(gradedSections(T, { s1: 1, s2: 'na', s3: 4, s4: 'na', s5: 2 }))).toBe(2);
  });
});

describe('evaluateLimitingRules — left at risk (one audit-level question, read for section 2 or 4)', () => {
  for (const s of ['s2', 's4'] as const) {
    const title = T.sections.find((x) => x.key === s)!.title;
    it(`${s} Inadequate and left at risk = yes → cap 4`, () => {
      const r = evaluateLimitingRules(T, {
        sectionGrades: grades(2, { [s]: 4 }),
        answers: { left_at_risk: 'yes' },
      });
      expect(r.cap).toBe(4);
      const reason = r.reasons.find((x) => x.ruleId === 'r1-left-at-risk')!;
      expect(reason.cap).toBe(4);
      expect(reason.message).toBe(
        `Overall cannot be better than 4 Inadequate because section ${s.slice(1)} (${title}) is 4 Inadequate` +
          ` and the answer to "Child left at significant risk without intervention" is Yes.`,
      );
    });
    it(`${s} Inadequate but left at risk = partly/no/na/unanswered → only worst-plus (cap 3)`, () => {
      for (const answer of ['partly', 'no', 'na', null, undefined] as const) {
        const r = evaluateLimitingRules(T, {
          sectionGrades: grades(2, { [s]: 4 }),
          answers: { left_at_risk: answer },
        });
        expect(r.cap).toBe(3);
        expect(r.reasons.map((x) => x.ruleId)).toEqual(['r3-worst-plus-one']);
      }
    });
    it(`${s} Requires improvement with left at risk = yes → rule does not fire`, () => {
      const r = evaluateLimitingRules(T, {
        sectionGrades: grades(2, { [s]: 3 }),
        answers: { left_at_risk: 'yes' },
      });
      expect(r.reasons.map((x) => x.ruleId)).toEqual(['r3-worst-plus-one']);
      expect(r.cap).toBe(2);
    });
  }
  it('reads the one answer whichever section is Inadequate: s2 and s4 both Inadequate name both', () => {
    const r = evaluateLimitingRules(T, { sectionGrades: grades(2, { s2: 4, s4: 4 }), answers: { left_at_risk: 'yes' } });
    expect(r.cap).toBe(4);
    expect(r.reasons.find((x) => x.ruleId === 'r1-left-at-risk')!.message).toMatch(/section 2 \(.*\) and section 4 \(.*\) are 4 Inadequate and the answer/);
  });
  it('the old per-section answers no longer count (they were folded into one by migration 009)', () => {
    const r = evaluateLimitingRules(T, { sectionGrades: grades(2, { s4: 4 }), answers: { 's2.left_at_risk': 'yes', 's4.left_at_risk': 'yes' } });
    expect(r.reasons.map((x) => x.ruleId)).toEqual(['r3-worst-plus-one']);
  });
  it('s2 N/A does not fire even with the question = yes', () => {
    const r = evaluateLimitingRules(T, {
      sectionGrades: grades(1, { s2: 'na' }),
      answers: { left_at_risk: 'yes' },
    });
    expect(r).toEqual({ cap: null, reasons: [] });
  });
});

describe('evaluateLimitingRules — management oversight (section 8)', () => {
  it('section 8 Inadequate → cap 3 with the exact message', () => {
    const r = evaluateLimitingRules(T, { sectionGrades: grades(2, { s8: 4 }), answers: {} });
    const reason = r.reasons.find((x) => x.ruleId === 'r2-oversight-inadequate')!;
    expect(reason.cap).toBe(3);
    expect(reason.message).toBe(
      'Overall cannot be better than 3 Requires improvement to be good because section 8 ' +
        '(Management oversight and supervision) is 4 Inadequate.',
    );
    expect(r.cap).toBe(3);
  });
  it('section 8 Requires improvement → does not fire', () => {
    const r = evaluateLimitingRules(T, { sectionGrades: grades(2, { s8: 3 }), answers: {} });
    expect(r.reasons.map((x) => x.ruleId)).toEqual(['r3-worst-plus-one']);
  });
  it('section 8 N/A or ungraded → does not fire', () => {
    for (const g of ['na', null] as const) {
      const r = evaluateLimitingRules(T, { sectionGrades: grades(1, { s8: g }), answers: {} });
      expect(r.reasons).toEqual([]);
    }
  });
});

describe('evaluateLimitingRules — worst plus one step', () => {
  it('worst section 4 → cap 3, naming the worst section', () => {
    const r = evaluateLimitingRules(T, { sectionGrades: grades(1, { s6: 4 }), answers: {} });
    expect(r.reasons).toEqual([
      {
        ruleId: 'r3-worst-plus-one',
        cap: 3,
        message:
          'Overall cannot be better than 3 Requires improvement to be good because the worst section, ' +
          'section 6 (Visits and timeliness), is 4 Inadequate.',
      },
    ]);
  });
  it('worst section 3 → cap 2', () => {
    const r = evaluateLimitingRules(T, { sectionGrades: grades(1, { s3: 3 }), answers: {} });
    expect(r.cap).toBe(2);
    expect(r.reasons[0].message).toBe(
      'Overall cannot be better than 2 Good because the worst section, section 3 (Assessment), ' +
        'is 3 Requires improvement to be good.',
    );
  });
  it('names every section that shares the worst grade', () => {
    const r = evaluateLimitingRules(T, { sectionGrades: grades(2, { s6: 3, s10: 3 }), answers: {} });
    expect(r.reasons[0].message).toBe(
      'Overall cannot be better than 2 Good because the worst sections, section 6 (Visits and timeliness) ' +
        'and section 10 (Impact), are 3 Requires improvement to be good.',
    );
  });
  it('worst section 2 → cap would be 1, so it is skipped', () => {
    expect(evaluateLimitingRules(T, { sectionGrades: grades(2), answers: {} })).toEqual({ cap: null, reasons: [] });
    expect(evaluateLimitingRules(T, { sectionGrades: grades(1), answers: {} })).toEqual({ cap: null, reasons: [] });
  });
  it('nothing graded (all N/A or empty) → skipped', () => {
    expect(evaluateLimitingRules(T, { sectionGrades: grades('na'), answers: {} }).reasons).toEqual([]);
    expect(evaluateLimitingRules(T, { sectionGrades: {}, answers: {} }).reasons).toEqual([]);
  });
  it('N/A sections never count as the worst', () => {
    const r = evaluateLimitingRules(T, { sectionGrades: grades('na', { s1: 3 }), answers: {} });
    expect(r.cap).toBe(2);
  });
});

describe('evaluateLimitingRules — strictest cap', () => {
  it('takes the largest cap when several rules fire', () => {
    const r = evaluateLimitingRules(T, {
      sectionGrades: grades(2, { s4: 4, s8: 4 }),
      answers: { left_at_risk: 'yes' },
    });
    expect(r.reasons.map((x) => [x.ruleId, x.cap])).toEqual([
      ['r1-left-at-risk', 4],
      ['r2-oversight-inadequate', 3],
      ['r3-worst-plus-one', 3],
    ]);
    expect(r.cap).toBe(4);
  });
  it('uses rules as data: a custom worst-plus with 0 steps and a cap-1 rule that is skipped', () => {
    const custom: TemplateDefinition = {
      ...T,
      limitingRules: [
        { id: 'w0', kind: 'worst-plus', steps: 0, description: '' },
        { id: 'c1', kind: 'section-grade', sections: ['s1'], grade: 2, cap: 1, description: '' },
      ],
    };
    const r = evaluateLimitingRules(custom, { sectionGrades: grades(1, { s1: 2 }), answers: {} });
    expect(r.reasons.map((x) => [x.ruleId, x.cap])).toEqual([['w0', 2]]);
  });
});

describe('overallViolations', () => {
  const input = { sectionGrades: grades(2, { s8: 4 }), answers: {} };
  it('reports rules whose cap the overall grade beats', () => {
    expect(overallViolations(T, { ...input, overall: 2 }).map((r) => r.ruleId)).toEqual([
      'r2-oversight-inadequate',
      'r3-worst-plus-one',
    ]);
    expect(overallViolations(T, { ...input, overall: 1 })).toHaveLength(2);
  });
  it('is empty at the cap and worse than the cap', () => {
    expect(overallViolations(T, { ...input, overall: 3 })).toEqual([]);
    expect(overallViolations(T, { ...input, overall: 4 })).toEqual([]);
  });
  it('only the left-at-risk rule is broken by overall 3', () => {
    const r = overallViolations(T, {
      sectionGrades: grades(2, { s2: 4 }),
      answers: { left_at_risk: 'yes' },
      overall: 3,
    });
    expect(r.map((x) => x.ruleId)).toEqual(['r1-left-at-risk']);
  });
  it('is empty without an overall grade or with N/A', () => {
    expect(overallViolations(T, { ...input, overall: null })).toEqual([]);
    expect(overallViolations(T, { ...input, overall: 'na' })).toEqual([]);
  });
});
