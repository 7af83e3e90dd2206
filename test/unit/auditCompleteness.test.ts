import { describe, expect, it } from 'vitest';
import type { AuditFeedback } from '../../shared/api/audits';
import { BUILTIN_TEMPLATE } from '../../shared/domain/builtinTemplate';
import { keyFindingsLimit, missingItems, type CompletenessInput } from '../../shared/domain/completeness';
import { applyChange, changeKey, describeChange, type EditorValues } from '../../renderer/src/features/audits/changes';
import { editorSteps, sectionsDone, stepForTarget } from '../../renderer/src/features/audits/steps';

const person = () => ({ spokenTo: null, reason: '', said: '', view: null }) as AuditFeedback['child'];
const emptyValues = (): EditorValues => ({
  sections: Object.fromEntries(BUILTIN_TEMPLATE.sections.map((s) => [s.key, { grade: null, evidence: '' }])),
  answers: {},
  feedback: { child: person(), parent: person() },
  keyFindings: '',
  strengths: [],
  areas: [],
  overall: null,
});
const input = (values: EditorValues): CompletenessInput => ({
  template: BUILTIN_TEMPLATE,
  sections: values.sections,
  feedback: values.feedback,
  keyFindings: values.keyFindings,
  keyFindingsLimit: 150,
  overall: values.overall,
});

describe('missingItems', () => {
  it('lists every ungraded section, the feedback, key findings and overall grade of an empty audit', () => {
    const codes = missingItems(input(emptyValues())).map((m) => m.code);
    expect(codes.filter((c) => c === 'section-ungraded')).toHaveLength(10);
    expect(codes.slice(10)).toEqual(['feedback-child', 'feedback-parent', 'key-findings', 'overall']);
  });

  it('accepts N/A as a grade and a reason instead of feedback, and names what is still missing', () => {
    let v = emptyValues();
    for (const s of BUILTIN_TEMPLATE.sections) v = applyChange(v, { kind: 'section-grade', section: s.key, grade: s.key === 's2' ? 'na' : 2 });
    v = applyChange(v, { kind: 'feedback-spoken', who: 'child', value: 'yes' });
    v = applyChange(v, { kind: 'feedback-spoken', who: 'parent', value: 'no' });
    v = applyChange(v, { kind: 'key-findings', text: 'Safer now.' });
    v = applyChange(v, { kind: 'overall', grade: 2 });
    const missing = missingItems(input(v));
    expect(missing.map((m) => m.message)).toEqual([
      'Child and family feedback: record what the child said.',
      'Child and family feedback: record the child\'s view of the help (choose "Not given" if they gave none).',
      'Child and family feedback: give the reason the parent or carer was not spoken to.',
    ]);
    v = applyChange(v, { kind: 'feedback-text', who: 'child', field: 'said', text: 'Likes school.' });
    v = applyChange(v, { kind: 'feedback-view', who: 'child', value: 'not-given' });
    v = applyChange(v, { kind: 'feedback-text', who: 'parent', field: 'reason', text: '  ' });
    expect(missingItems(input(v)).map((m) => m.code)).toEqual(['feedback-parent']);
    v = applyChange(v, { kind: 'feedback-text', who: 'parent', field: 'reason', text: 'Declined.' });
    expect(missingItems(input(v))).toEqual([]);
  });

  it('flags key findings over the limit, and the limit never exceeds 150 words', () => {
    const v = applyChange(emptyValues(), { kind: 'key-findings', text: Array(151).fill('w').join(' ') });
    expect(missingItems(input(v)).find((m) => m.code === 'key-findings-long')?.message).toBe('Key findings are 151 words; shorten them to 150 or fewer.');
    expect(keyFindingsLimit({ keyFindingsWordLimit: 100 })).toBe(100);
    expect(keyFindingsLimit({ keyFindingsWordLimit: 400 })).toBe(150);
    expect(keyFindingsLimit({ keyFindingsWordLimit: 0 })).toBe(150);
  });
});

describe('editor changes', () => {
  it('applies changes without touching the values given', () => {
    const before = emptyValues();
    const after = applyChange(before, { kind: 'answer', question: 's1.decision_timely', answer: 'partly' });
    expect(after.answers).toEqual({ 's1.decision_timely': 'partly' });
    expect(before.answers).toEqual({});
    expect(applyChange(after, { kind: 'answer', question: 's1.decision_timely', answer: null }).answers).toEqual({});
    const fb = applyChange(before, { kind: 'feedback-text', who: 'parent', field: 'said', text: 'Fair.' });
    expect(fb.feedback.parent.said).toBe('Fair.');
    expect(before.feedback.parent.said).toBe('');
  });

  it('keys changes so a later edit of the same field replaces an earlier one', () => {
    expect(changeKey({ kind: 'section-grade', section: 's1', grade: 2 })).toBe(changeKey({ kind: 'section-grade', section: 's1', grade: 3 }));
    expect(changeKey({ kind: 'section-grade', section: 's1', grade: 2 })).not.toBe(changeKey({ kind: 'section-evidence', section: 's1', text: '' }));
    expect(changeKey({ kind: 'feedback-text', who: 'child', field: 'said', text: '' })).not.toBe(
      changeKey({ kind: 'feedback-text', who: 'child', field: 'reason', text: '' }),
    );
  });

  it('describes a change in words for the conflict banner', () => {
    expect(describeChange(BUILTIN_TEMPLATE, { kind: 'section-grade', section: 's8', grade: 4 })).toEqual({
      label: 'Section 8 (Management oversight and supervision) grade',
      value: '4 Inadequate',
    });
    expect(describeChange(BUILTIN_TEMPLATE, { kind: 'answer', question: 's6.no_unexplained_gaps', answer: 'na' })).toEqual({ label: 'No unexplained gaps', value: 'N/A' });
    expect(describeChange(BUILTIN_TEMPLATE, { kind: 'strengths', items: ['A', 'B'] }).value).toBe('• A\n• B');
  });
});

describe('editor steps', () => {
  it('marks sections complete, N/A or to do, then the fixed steps in order', () => {
    let v = applyChange(emptyValues(), { kind: 'section-grade', section: 's1', grade: 3 });
    v = applyChange(v, { kind: 'section-grade', section: 's2', grade: 'na' });
    const steps = editorSteps(BUILTIN_TEMPLATE, v, 150);
    expect(steps.map((s) => s.id)).toEqual([...BUILTIN_TEMPLATE.sections.map((s) => s.key), 'feedback', 'findings', 'lists', 'overall', 'actions', 'submit']);
    expect(steps.slice(0, 3).map((s) => [s.state, s.marker])).toEqual([
      ['complete', '3 RI'],
      ['na', 'N/A'],
      ['todo', 'To do'],
    ]);
    expect(steps.find((s) => s.id === 'lists')).toMatchObject({ state: 'none', marker: 'Optional' });
    expect(sectionsDone(BUILTIN_TEMPLATE, v)).toEqual({ done: 2, total: 10 });
    expect(stepForTarget({ kind: 'section', section: 's4' })).toBe('s4');
    expect(stepForTarget({ kind: 'step', step: 'findings' })).toBe('findings');
    expect(stepForTarget({ kind: 'overall' })).toBe('overall');
  });
});
