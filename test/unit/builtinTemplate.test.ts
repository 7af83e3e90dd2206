import { describe, it, expect } from 'vitest';
import { BUILTIN_TEMPLATE, BUILTIN_TEMPLATE_V1, BUILTIN_TEMPLATE_V2 } from '../../shared/domain/builtinTemplate';
import { validateTemplate } from '../../shared/domain/templateValidation';
import type { TemplateDefinition } from '../../shared/domain/template';

const T = BUILTIN_TEMPLATE_V1;
const clone = (): TemplateDefinition => structuredClone(T);

describe('BUILTIN_TEMPLATE version 1', () => {
  it('has its name, key, version and word limit', () => {
    expect(T.key).toBe('ilacs-case-file');
    expect(T.name).toBe("Children's case file audit (ILACS areas)");
    expect(T.version).toBe(1);
    expect(T.keyFindingsWordLimit).toBe(150);
  });

  it('has the 10 sections s1..s10 numbered 1..10 with their titles', () => {
    expect(T.sections.map((s) => [s.key, s.number, s.title])).toEqual([
      ['s1', 1, 'Front door, referral and thresholds'],
      ['s2', 2, 'Strategy discussions and s47 enquiries'],
      ['s3', 3, 'Assessment'],
      ['s4', 4, "The child's voice and lived experience"],
      ['s5', 5, 'Plans'],
      ['s6', 6, 'Visits and timeliness'],
      ['s7', 7, 'Multi-agency working'],
      ['s8', 8, 'Management oversight and supervision'],
      ['s9', 9, 'Step-up, step-down and closure'],
      ['s10', 10, 'Impact'],
    ]);
    expect(T.sections.find((s) => s.key === 's2')!.appliesTo).toBe('CP cases');
  });

  it('has unique question keys prefixed by their section key, each with text', () => {
    const keys = T.sections.flatMap((s) => s.questions.map((q) => q.key));
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of T.sections) {
      expect(s.questions.length).toBeGreaterThan(0);
      for (const q of s.questions) {
        expect(q.key.startsWith(`${s.key}.`)).toBe(true);
        expect(q.text.trim()).not.toBe('');
      }
    }
  });

  it('has the questions the spec names', () => {
    const q = (key: string) => T.sections.flatMap((s) => s.questions).find((x) => x.key === key);
    expect(q('s3.identity_recorded')!.text).toBe('Identity and ethnicity recorded accurately');
    // "Child left at significant risk" is asked once per audit, not in s2 and again in s4.
    expect(q('s2.left_at_risk')).toBeUndefined();
    expect(q('s4.left_at_risk')).toBeUndefined();
    expect(T.auditQuestions).toEqual([{ key: 'left_at_risk', text: 'Child left at significant risk without intervention' }]);
    expect(T.sections.map((s) => s.questions.length)).toEqual([4, 4, 6, 4, 4, 2, 3, 3, 3, 2]);
  });

  it('carries the three limiting rules as data', () => {
    expect(T.limitingRules).toMatchObject([
      { kind: 'section-grade', sections: ['s2', 's4'], grade: 4, question: { key: 'left_at_risk', answer: 'yes' }, cap: 4 },
      { kind: 'section-grade', sections: ['s8'], grade: 4, cap: 3 },
      { kind: 'worst-plus', steps: 1 },
    ]);
  });

  it('lists the concern words of the spec', () => {
    for (const w of ['drift', 'delay', 'not seen', 'no supervision', 'overdue', 'repeat referral', 'missed visit', 'unallocated', 'waiting list']) {
      expect(T.concernWords).toContain(w);
    }
  });

  it('is valid', () => {
    expect(validateTemplate(T)).toEqual([]);
  });
});

describe('validateTemplate', () => {
  it('reports a rule that refers to a missing section', () => {
    const t = clone();
    t.limitingRules.push({ id: 'r2', kind: 'section-grade', sections: ['s11'], grade: 4, cap: 3, description: '' });
    expect(validateTemplate(t)).toEqual(['Limiting rule r2 refers to section s11, which does not exist.']);
  });
  it('reports a rule that refers to a missing question', () => {
    const t = clone();
    const r = t.limitingRules[0];
    if (r.kind === 'section-grade') r.question = { key: 's2.nope', answer: 'yes' };
    expect(validateTemplate(t)).toEqual([
      'Limiting rule r1-left-at-risk refers to question s2.nope, which does not exist.',
    ]);
  });
  it('reports duplicate section keys, numbers, question keys and rule ids', () => {
    const t = clone();
    t.sections[1].key = 's1';
    t.sections[2].number = 1;
    t.sections[3].questions[0].key = 's3.analysis';
    t.limitingRules[1].id = t.limitingRules[0].id;
    const problems = validateTemplate(t);
    expect(problems).toContain('Section key s1 is used more than once.');
    expect(problems).toContain('Section number 1 is used more than once.');
    expect(problems).toContain('Question key s3.analysis is used more than once.');
    expect(problems).toContain('Limiting rule id r1-left-at-risk is used more than once.');
  });
  it('reports empty titles and question text, bad grades, caps, steps, words and word limit', () => {
    const t = clone();
    t.sections[0].title = ' ';
    t.sections[0].questions[0].text = '';
    t.limitingRules.push(
      { id: 'bad', kind: 'section-grade', sections: [], grade: 5 as never, cap: 1, description: '' },
      { id: 'wp', kind: 'worst-plus', steps: 1.5, description: '' },
    );
    t.concernWords.push('', 'DRIFT');
    t.keyFindingsWordLimit = 0;
    expect(validateTemplate(t)).toEqual([
      'Section s1 has no title.',
      'Question s1.thresholds_applied has no text.',
      'Limiting rule bad refers to no section.',
      'Limiting rule bad has an invalid section grade (5); use 1, 2, 3, 4.',
      'Limiting rule bad has a cap of 1 Outstanding, so it can never limit the overall grade.',
      'Limiting rule wp must allow 0 to 3 steps (it allows 1.5).',
      'The concern-word list has an empty entry.',
      'Concern word "DRIFT" is listed more than once.',
      'The key-findings word limit must be a whole number of 1 or more (it is 0).',
    ]);
  });
  it('reports a template with no sections', () => {
    const t = clone();
    t.sections = [];
    t.limitingRules = [];
    expect(validateTemplate(t)).toEqual(['The template has no sections.']);
  });
});

describe('BUILTIN_TEMPLATE version 2', () => {
  const V2 = BUILTIN_TEMPLATE_V2;
  const keys = (t: TemplateDefinition, section: string) => t.sections.find((s) => s.key === section)!.questions.map((q) => q.key);
  it('is the current version and adds the inspection letters\' four questions to version 1, changing nothing else', () => {
    expect(BUILTIN_TEMPLATE).toBe(V2);
    expect(V2.version).toBe(2);
    expect(validateTemplate(V2)).toEqual([]);
    expect(keys(V2, 's3')).toEqual([...keys(T, 's3'), 's3.graded_care_profile', 's3.risk_analysis']);
    expect(keys(V2, 's7')).toEqual([...keys(T, 's7'), 's7.education']);
    expect(keys(V2, 's8')).toEqual([...keys(T, 's8'), 's8.plo_timely']);
    expect(V2.sections.map((s) => s.questions.length)).toEqual([4, 4, 8, 4, 4, 2, 4, 4, 3, 2]);
    const text = V2.sections.flatMap((s) => s.questions).map((q) => q.text).join(' | ');
    for (const phrase of ['Graded care profile', 'neglect', 'PLO / pre-proceedings', 'Missing education', 'learning needs', 'domestic abuse', 'substance misuse', 'mental health']) expect(text).toContain(phrase);
    const { sections: _a, version: _b, ...rest2 } = V2;
    const { sections: _c, version: _d, ...rest1 } = T;
    expect(rest2).toEqual(rest1);
  });
});
