import type { Grade } from './grades';

/** A question inside a section: answered yes / partly / no / N/A. */
export type Answer = 'yes' | 'partly' | 'no' | 'na';
export const ANSWERS: readonly Answer[] = ['yes', 'partly', 'no', 'na'];
export const ANSWER_LABELS: Record<Answer, string> = { yes: 'Yes', partly: 'Partly', no: 'No', na: 'N/A' };

export interface TemplateQuestion {
  /** Unique within the template, e.g. "s3.analysis" or the audit-level "left_at_risk". */
  key: string;
  text: string;
}

export interface TemplateSection {
  /** Stable key, e.g. "s1" … "s10". */
  key: string;
  /** 1-based number shown to users ("section 8"). */
  number: number;
  title: string;
  /** When the section normally applies, e.g. "CP cases". Free text shown as guidance. */
  appliesTo?: string;
  questions: TemplateQuestion[];
}

/**
 * Limiting rules: "the overall grade may not be better than …".
 * `cap` is the best overall grade allowed (overall number must be >= cap).
 */
export type LimitingRule =
  | {
      id: string;
      kind: 'section-grade';
      /** Applies when any of these sections has exactly this grade. */
      sections: string[];
      grade: Grade;
      /** Optional extra condition: a question (by key) has this answer. */
      question?: { key: string; answer: Answer };
      cap: Grade;
      description: string;
    }
  | {
      id: string;
      kind: 'worst-plus';
      /** Overall may be at most this many steps better than the worst graded section. */
      steps: number;
      description: string;
    };

export interface TemplateDefinition {
  /** Stable family key, e.g. "ilacs-case-file". */
  key: string;
  name: string;
  version: number;
  sections: TemplateSection[];
  /**
   * Questions asked once per audit, outside the sections (answered yes / no), e.g. "child left at
   * significant risk without intervention", which a limiting rule reads whichever section applies.
   * Absent in definitions stored before migration 009.
   */
  auditQuestions?: TemplateQuestion[];
  limitingRules: LimitingRule[];
  /** Concern words/phrases for the optimism check (case-insensitive). */
  concernWords: string[];
  keyFindingsWordLimit: number;
}

/** Every question of a template: the sections' and the audit-level ones. */
export function allQuestions(template: Pick<TemplateDefinition, 'sections' | 'auditQuestions'>): TemplateQuestion[] {
  return [...template.sections.flatMap((s) => s.questions), ...(template.auditQuestions ?? [])];
}
