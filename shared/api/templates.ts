import { z } from 'zod';
import type { TemplateDefinition } from '../domain/template';
import { op, QA_LEAD, REVIEWERS, seeing } from './define';

export type TemplateStatus = 'draft' | 'published';

/** One version of a template (read by the audit editor). */
export interface TemplateSummary {
  id: string;
  key: string;
  version: number;
  name: string;
  status: TemplateStatus;
  createdAt: string;
  publishedAt: string | null;
}

export interface TemplateRecord extends TemplateSummary {
  definition: TemplateDefinition;
}

/** One version of a template, as the template list shows it. */
export interface TemplateVersionSummary extends TemplateSummary {
  basedOnId: string | null;
  sections: number;
  questions: number;
  /** Audits that started with this version. */
  audits: number;
  /** Programmes that name this version. */
  programmes: number;
}

export interface TemplateVersion extends TemplateVersionSummary, TemplateRecord {
  /** Problems validateTemplate finds (a draft can be saved only without them). */
  problems: string[];
}

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One line of a comparison: what was there before and what is there now, as text. */
export interface TemplateChange {
  kind: ChangeKind;
  /** Section, question or rule key; the word itself for concern words; the setting's name otherwise. */
  key: string;
  /** A short label, e.g. "Section 8 (s8)". */
  label: string;
  before: string | null;
  after: string | null;
}

export interface TemplateComparison {
  from: TemplateVersionSummary;
  to: TemplateVersionSummary;
  settings: TemplateChange[];
  sections: TemplateChange[];
  questions: TemplateChange[];
  rules: TemplateChange[];
  concernWords: TemplateChange[];
  /** Number of changes in all groups. */
  total: number;
}

const id = z.string().trim().min(1, 'A template id is required.');
const grade = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

export const templateQuestionSchema = z.object({ key: z.string().trim(), text: z.string().trim() });
export const templateSectionSchema = z.object({
  key: z.string().trim(),
  number: z.number().int(),
  title: z.string().trim(),
  appliesTo: z.string().trim().optional(),
  questions: z.array(templateQuestionSchema).max(60),
});
export const limitingRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    id: z.string().trim(),
    kind: z.literal('section-grade'),
    sections: z.array(z.string().trim()).max(30),
    grade,
    question: z.object({ key: z.string().trim(), answer: z.enum(['yes', 'partly', 'no', 'na']) }).optional(),
    cap: grade,
    description: z.string().trim(),
  }),
  z.object({ id: z.string().trim(), kind: z.literal('worst-plus'), steps: z.number().int(), description: z.string().trim() }),
]);
/** A definition as the editor sends it; key and version always come from the stored version. */
export const templateDefinitionSchema = z.object({
  name: z.string().trim().min(1, 'Give the template a name.').max(200),
  sections: z.array(templateSectionSchema).max(40),
  /** Questions asked once per audit (e.g. "child left at significant risk without intervention"). */
  auditQuestions: z.array(templateQuestionSchema).max(20).optional(),
  limitingRules: z.array(limitingRuleSchema).max(40),
  concernWords: z.array(z.string()).max(300),
  keyFindingsWordLimit: z.number().int(),
});
export type TemplateDraftInput = z.infer<typeof templateDefinitionSchema>;

/**
 * The templates feature's operations (`templates:verb`). Moderators and QA leads read them (the
 * audit editor reads an audit's frozen template from audits:get); the writes (copy, update,
 * publish, discard) are for the QA lead.
 */
export const templatesOps = {
  'templates:get': op<TemplateVersion>()(z.object({ id }), seeing(REVIEWERS, { id: 'templates' })),
  'templates:list': op<TemplateVersionSummary[]>()(z.object({ status: z.enum(['draft', 'published']).optional() }), REVIEWERS),
  /** Copies a version into a new draft version of the same template (highest version + 1). */
  'templates:copy': op<TemplateVersion>()(z.object({ id }), QA_LEAD),
  /** Saves a draft: refused (VALIDATION) with every problem validateTemplate finds; READ_ONLY when published. */
  'templates:update': op<TemplateVersion>()(z.object({ id, definition: templateDefinitionSchema }), QA_LEAD),
  'templates:publish': op<TemplateVersion>()(z.object({ id }), QA_LEAD),
  /** Discards a draft nobody uses. */
  'templates:discard': op<{ ok: true }>()(z.object({ id }), QA_LEAD),
  'templates:compare': op<TemplateComparison>()(z.object({ fromId: id, toId: id }), seeing(REVIEWERS, { fromId: 'templates', toId: 'templates' })),
};
