import type { TemplateDraftInput } from '../../../../shared/api/templates';
import type { Grade } from '../../../../shared/domain/grades';
import type { Answer, LimitingRule, TemplateDefinition } from '../../../../shared/domain/template';

/** The editor's form: rules and words as the person types them; converted to a definition on save. */
export interface RuleValues {
  id: string;
  kind: 'section-grade' | 'worst-plus';
  /** Section keys, comma-separated, e.g. "s2, s4". */
  sections: string;
  grade: string;
  cap: string;
  questionKey: string;
  answer: string;
  steps: string;
  description: string;
}

export interface FormValues {
  name: string;
  keyFindingsWordLimit: string;
  sections: { key: string; number: string; title: string; appliesTo: string; questions: { key: string; text: string }[] }[];
  /** Audit-level questions (asked once per audit), kept as they are. */
  auditQuestions: { key: string; text: string }[];
  rules: RuleValues[];
  /** One per line. */
  concernWords: string;
}

export function toForm(d: TemplateDefinition): FormValues {
  return {
    name: d.name,
    keyFindingsWordLimit: String(d.keyFindingsWordLimit),
    sections: d.sections.map((s) => ({ key: s.key, number: String(s.number), title: s.title, appliesTo: s.appliesTo ?? '', questions: s.questions.map((q) => ({ ...q })) })),
    auditQuestions: (d.auditQuestions ?? []).map((q) => ({ ...q })),
    rules: d.limitingRules.map((r) => ({
      id: r.id,
      kind: r.kind,
      sections: r.kind === 'section-grade' ? r.sections.join(', ') : '',
      grade: r.kind === 'section-grade' ? String(r.grade) : '4',
      cap: r.kind === 'section-grade' ? String(r.cap) : '3',
      questionKey: r.kind === 'section-grade' ? (r.question?.key ?? '') : '',
      answer: r.kind === 'section-grade' ? (r.question?.answer ?? 'yes') : 'yes',
      steps: r.kind === 'worst-plus' ? String(r.steps) : '1',
      description: r.description,
    })),
    concernWords: d.concernWords.join('\n'),
  };
}

const whole = (v: string): number => (/^-?\d+$/.test(v.trim()) ? Number(v) : NaN);

export function fromForm(v: FormValues): TemplateDraftInput {
  const limitingRules: LimitingRule[] = v.rules.map((r) =>
    r.kind === 'worst-plus'
      ? { id: r.id.trim(), kind: 'worst-plus', steps: whole(r.steps), description: r.description.trim() }
      : {
          id: r.id.trim(),
          kind: 'section-grade',
          sections: r.sections.split(',').map((s) => s.trim()).filter(Boolean),
          grade: Number(r.grade) as Grade,
          cap: Number(r.cap) as Grade,
          ...(r.questionKey.trim() ? { question: { key: r.questionKey.trim(), answer: r.answer as Answer } } : {}),
          description: r.description.trim(),
        },
  );
  return {
    name: v.name.trim(),
    keyFindingsWordLimit: whole(v.keyFindingsWordLimit),
    sections: v.sections.map((s) => ({
      key: s.key,
      number: whole(s.number),
      title: s.title.trim(),
      ...(s.appliesTo.trim() ? { appliesTo: s.appliesTo.trim() } : {}),
      questions: s.questions.map((q) => ({ key: q.key, text: q.text.trim() })),
    })),
    ...(v.auditQuestions.length ? { auditQuestions: v.auditQuestions.map((q) => ({ key: q.key, text: q.text.trim() })) } : {}),
    limitingRules,
    concernWords: v.concernWords.split('\n').map((w) => w.trim()).filter(Boolean),
  };
}

/** The definition the form describes, for checking with validateTemplate as the person types. */
export const definitionOf = (key: string, version: number, v: FormValues): TemplateDefinition => {
  const d = fromForm(v);
  return { key, version, ...d, keyFindingsWordLimit: Number.isNaN(d.keyFindingsWordLimit) ? 0 : d.keyFindingsWordLimit } as TemplateDefinition;
};

/** The next unused key of the form prefix + n. */
export function nextKey(prefix: string, used: string[]): string {
  let n = used.length + 1;
  while (used.includes(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}
