import { describe, it, expect } from 'vitest';
import { BUILTIN_TEMPLATE } from '../../shared/domain/builtinTemplate';
import type { Grade } from '../../shared/domain/grades';
import {
  findConcernWords,
  runOptimismChecks,
  type OptimismInput,
  type PersonFeedback,
} from '../../shared/domain/optimism';
import type { SectionGrades } from '../../shared/domain/grading';

const T = BUILTIN_TEMPLATE;
const W = T.concernWords;

const spoken: PersonFeedback = { spokenTo: 'yes', reason: '', said: 'Likes school.', view: 'helpful' };

/** A clean audit: all sections 2 Good, overall 2 Good, child spoken to, no calibration. */
function input(over: Partial<OptimismInput> & { grades?: SectionGrades } = {}): OptimismInput {
  const sectionGrades: SectionGrades = {};
  for (const s of T.sections) sectionGrades[s.key] = 2 as Grade;
  const { grades, ...rest } = over;
  return {
    sectionGrades: { ...sectionGrades, ...grades },
    sectionEvidence: {},
    answers: {},
    overall: 2,
    feedback: { child: spoken, parent: spoken },
    calibration: null,
    ...rest,
  };
}

const codes = (i: OptimismInput) => runOptimismChecks(T, i).map((w) => w.code);

describe('runOptimismChecks — clean audit', () => {
  it('gives no warnings', () => {
    expect(runOptimismChecks(T, input())).toEqual([]);
  });
});

describe('1. limiting rule broken', () => {
  it('one blocking warning per broken rule, on the overall grade', () => {
    const w = runOptimismChecks(T, input({ grades: { s8: 4 }, overall: 2 })).filter((x) => x.code === 'limiting-rule');
    expect(w.map((x) => x.ruleId)).toEqual(['r2-oversight-inadequate', 'r3-worst-plus-one']);
    for (const x of w) {
      expect(x.blocking).toBe(true);
      expect(x.target).toEqual({ kind: 'overall' });
    }
    expect(w[0].message).toBe(
      'Overall cannot be better than 3 Requires improvement to be good because section 8 ' +
        '(Management oversight and supervision) is 4 Inadequate. The overall grade given is 2 Good.',
    );
  });
  it('quiet when the overall grade respects the cap', () => {
    expect(codes(input({ grades: { s8: 4 }, overall: 3 }))).not.toContain('limiting-rule');
  });
  it('left at risk is asked once: s4 Inadequate reads the same answer as s2 would (overall 3 blocked)', () => {
    const w = runOptimismChecks(T, input({ grades: { s2: 2, s4: 4 }, answers: { left_at_risk: 'yes' }, overall: 3 }));
    expect(w.find((x) => x.code === 'limiting-rule')?.message).toMatch(/section 4 .* is 4 Inadequate and the answer to "Child left at significant risk without intervention" is Yes/);
  });
  it('left at risk: overall 3 is blocked, overall 4 is not', () => {
    const base = { grades: { s4: 4 as Grade }, answers: { left_at_risk: 'yes' as const } };
    const w = runOptimismChecks(T, input({ ...base, overall: 3 })).filter((x) => x.code === 'limiting-rule');
    expect(w.map((x) => x.ruleId)).toEqual(['r1-left-at-risk']);
    expect(codes(input({ ...base, overall: 4 }))).not.toContain('limiting-rule');
  });
});

describe('2. overall better than the evidence', () => {
  it('fires when the overall grade is better than the median', () => {
    const w = runOptimismChecks(T, input({ overall: 1 }));
    expect(w).toEqual([
      {
        code: 'better-than-evidence',
        blocking: false,
        message: 'The overall grade (1 Outstanding) is better than the median of the 10 graded sections (2 Good).',
        target: { kind: 'overall' },
      },
    ]);
  });
  it('quiet when the overall grade equals or is worse than the median', () => {
    expect(codes(input({ overall: 2 }))).toEqual([]);
    expect(codes(input({ overall: 3 }))).toEqual([]);
  });
  it('a half-grade median: 2 is better than 2.5', () => {
    const w = runOptimismChecks(T, input({ grades: { s1: 3, s2: 3, s3: 3, s4: 3, s5: 3 }, overall: 2 }));
    const x = w.find((y) => y.code === 'better-than-evidence')!;
    expect(x.message).toBe(
      'The overall grade (2 Good) is better than the median of the 10 graded sections ' +
        '(2.5, between 2 Good and 3 Requires improvement to be good).',
    );
    expect(codes(input({ grades: { s1: 3, s2: 3, s3: 3, s4: 3, s5: 3 }, overall: 3 }))).not.toContain(
      'better-than-evidence',
    );
  });
  it('N/A sections are left out of the median', () => {
    const grades: SectionGrades = {};
    for (const s of T.sections) grades[s.key] = 'na';
    grades.s1 = 3;
    expect(codes(input({ grades, overall: 3 }))).toEqual([]);
    const w = runOptimismChecks(T, input({ grades, overall: 2 }));
    expect(w.find((x) => x.code === 'better-than-evidence')!.message).toContain('median of the 1 graded section (');
  });
  it('quiet when nothing is graded or there is no overall grade', () => {
    const grades: SectionGrades = {};
    for (const s of T.sections) grades[s.key] = 'na';
    expect(codes(input({ grades, overall: 1 }))).toEqual([]);
    expect(codes(input({ overall: null }))).toEqual([]);
    expect(codes(input({ overall: 'na' }))).toEqual([]);
  });
});

describe('3. concern words under a good grade', () => {
  it('fires for a section graded 2 and lists the words found, once each', () => {
    const w = runOptimismChecks(
      T,
      input({ sectionEvidence: { s6: 'Missed visit in May; DRIFT noted. Further drift in June.' } }),
    );
    expect(w).toEqual([
      {
        code: 'concern-words',
        blocking: false,
        message: 'Section 6 (Visits and timeliness) is graded 2 Good, but its evidence mentions "missed visit", "drift".',
        target: { kind: 'section', section: 's6' },
        words: ['missed visit', 'drift'],
      },
    ]);
  });
  it('fires for grade 1 as well, one warning per section', () => {
    const w = runOptimismChecks(
      T,
      input({ grades: { s1: 1 }, sectionEvidence: { s1: 'Repeat referral.', s8: 'No supervision for 4 months.' } }),
    );
    expect(w.map((x) => [x.target, x.words])).toEqual([
      [{ kind: 'section', section: 's1' }, ['repeat referral']],
      [{ kind: 'section', section: 's8' }, ['no supervision']],
    ]);
  });
  it('quiet for grade 3, 4 and N/A with concern words', () => {
    for (const g of [3, 4, 'na'] as const) {
      const w = runOptimismChecks(T, input({ grades: { s6: g }, overall: 4, sectionEvidence: { s6: 'drift and delay' } }));
      expect(w.filter((x) => x.code === 'concern-words')).toEqual([]);
    }
  });
  it('quiet when the evidence has no concern word, or only inside other words', () => {
    expect(codes(input({ sectionEvidence: { s6: 'Visits weekly as planned. The family felt adrift before.' } }))).toEqual(
      [],
    );
  });
});

describe('findConcernWords', () => {
  it('matches whole words and phrases, case-insensitively, with positions', () => {
    const text = 'Some Drift and a missed  visit.';
    expect(findConcernWords(text, W)).toEqual([
      { word: 'drift', start: 5, end: 10 },
      { word: 'missed visit', start: 17, end: 30 },
    ]);
    expect(text.slice(17, 30)).toBe('missed  visit');
  });
  it('does not match inside other words ("adrift", "driftwood", "delayering")', () => {
    expect(findConcernWords('adrift, driftwood, delayering, overdues-ish', ['drift', 'delay'])).toEqual([]);
  });
  it('matches simple endings: delays, delayed, drifting, missed visits', () => {
    const m = findConcernWords('delays, delayed, drifting, missed visits, waiting lists', W);
    expect(m.map((x) => x.word)).toEqual(['delay', 'delay', 'drift', 'missed visit', 'waiting list']);
  });
  it('matches across a line break and with punctuation around', () => {
    expect(findConcernWords('was not\nseen.', W).map((x) => x.word)).toEqual(['not seen']);
    expect(findConcernWords('(overdue)', W).map((x) => x.word)).toEqual(['overdue']);
  });
  it('matches hyphenated entries and treats regex characters literally', () => {
    expect(findConcernWords('A re-referral came in.', W).map((x) => x.word)).toEqual(['re-referral']);
    expect(findConcernWords('cost (x) was fine; costxx', ['cost (x)'])).toEqual([{ word: 'cost (x)', start: 0, end: 8 }]);
  });
  it('does not overlap: the longer phrase wins', () => {
    expect(findConcernWords('drift and delay', ['delay', 'drift and delay', 'drift'])).toEqual([
      { word: 'drift and delay', start: 0, end: 15 },
    ]);
  });
  it('ignores blank entries and empty text', () => {
    expect(findConcernWords('', W)).toEqual([]);
    expect(findConcernWords('anything', ['', '   '])).toEqual([]);
  });
});

describe('4. voice missing', () => {
  const notSpoken: PersonFeedback = { spokenTo: 'no', reason: '', said: '', view: null };
  it('fires when section 4 is 1 or 2, the child was not spoken to and no reason is given', () => {
    for (const g of [1, 2] as const) {
      const w = runOptimismChecks(
        T,
        input({ grades: { s4: g }, feedback: { child: notSpoken, parent: spoken } }),
      ).filter((x) => x.code === 'voice-missing');
      expect(w).toHaveLength(1);
      expect(w[0].blocking).toBe(false);
      expect(w[0].target).toEqual({ kind: 'feedback' });
    }
    const w = runOptimismChecks(T, input({ feedback: { child: notSpoken, parent: spoken } }));
    expect(w[0].message).toBe(
      "Section 4 (The child's voice and lived experience) is graded 2 Good, but the child was not spoken to " +
        'and no reason is given.',
    );
  });
  it('fires when spoken-to is unanswered and the reason is only whitespace', () => {
    const child: PersonFeedback = { spokenTo: null, reason: '  \n', said: '', view: null };
    expect(codes(input({ feedback: { child, parent: spoken } }))).toEqual(['voice-missing']);
  });
  it('quiet when a reason is given', () => {
    const child: PersonFeedback = { spokenTo: 'no', reason: 'Baby, 3 months old.', said: '', view: 'not-given' };
    expect(codes(input({ feedback: { child, parent: spoken } }))).toEqual([]);
  });
  it('quiet when the child was spoken to, or section 4 is 3, 4 or N/A', () => {
    expect(codes(input())).toEqual([]);
    for (const g of [3, 4, 'na'] as const) {
      const w = runOptimismChecks(T, input({ grades: { s4: g }, overall: 4, feedback: { child: notSpoken, parent: spoken } }));
      expect(w.map((x) => x.code)).not.toContain('voice-missing');
    }
  });
  it('only the child counts, not the parent', () => {
    expect(codes(input({ feedback: { child: spoken, parent: notSpoken } }))).toEqual([]);
  });
});

describe('5. calibration', () => {
  it('fires at 5 moderated audits and a mean shift of exactly 0.5', () => {
    const w = runOptimismChecks(T, input({ calibration: { moderatedCount: 5, meanShift: 0.5 } }));
    expect(w).toEqual([
      {
        code: 'calibration',
        blocking: false,
        message: 'Your audits in the last 12 months were moderated worse by a mean of 0.5 grades over 5 audits.',
        target: { kind: 'overall' },
      },
    ]);
  });
  it('shows the figure', () => {
    const w = runOptimismChecks(T, input({ calibration: { moderatedCount: 7, meanShift: 0.6 } }));
    expect(w[0].message).toBe('Your audits in the last 12 months were moderated worse by a mean of 0.6 grades over 7 audits.');
    const two = runOptimismChecks(T, input({ calibration: { moderatedCount: 12, meanShift: 0.57 } }));
    expect(two[0].message).toBe('Your audits in the last 12 months were moderated worse by a mean of 0.57 grades over 12 audits.');
    const one = runOptimismChecks(T, input({ calibration: { moderatedCount: 6, meanShift: 1 } }));
    expect(one[0].message).toBe('Your audits in the last 12 months were moderated worse by a mean of 1 grade over 6 audits.');
  });
  it('quiet with 4 moderated audits, a shift below 0.5, a negative shift, or no figure', () => {
    expect(codes(input({ calibration: { moderatedCount: 4, meanShift: 1.2 } }))).toEqual([]);
    expect(codes(input({ calibration: { moderatedCount: 12, meanShift: 0.49 } }))).toEqual([]);
    expect(codes(input({ calibration: { moderatedCount: 12, meanShift: -0.8 } }))).toEqual([]);
    expect(codes(input({ calibration: { moderatedCount: 12, meanShift: null } }))).toEqual([]);
    expect(codes(input({ calibration: null }))).toEqual([]);
  });
});

describe('several checks together', () => {
  it('all five come, in the order of the spec', () => {
    const w = runOptimismChecks(
      T,
      input({
        grades: { s8: 4, s4: 1 },
        overall: 1,
        sectionEvidence: { s4: 'Child not seen alone.' },
        feedback: { child: { spokenTo: 'no', reason: '', said: '', view: null }, parent: spoken },
        calibration: { moderatedCount: 9, meanShift: 0.7 },
      }),
    );
    expect(w.map((x) => x.code)).toEqual([
      'limiting-rule',
      'limiting-rule',
      'better-than-evidence',
      'concern-words',
      'voice-missing',
      'calibration',
    ]);
  });
});
