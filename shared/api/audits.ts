import { z } from 'zod';
import type { MissingItem } from '../domain/completeness';
import type { Grade, GradeOrNA } from '../domain/grades';
import type { OptimismWarning, PersonFeedback } from '../domain/optimism';
import type { Answer, TemplateDefinition } from '../domain/template';
import { op, seeing, SIGNED_IN } from './define';

export const AUDIT_STATUSES = ['draft', 'submitted', 'in-moderation', 'agreed', 'returned'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];
export { KEY_FINDINGS_HARD_LIMIT, keyFindingsLimit } from '../domain/completeness';
/** A blocking optimism warning needs a written justification of at least this many characters. */
export const JUSTIFICATION_MIN_CHARS = 20;

export interface AuditFeedback {
  child: PersonFeedback;
  parent: PersonFeedback;
}

export interface SectionState {
  grade: GradeOrNA | null;
  evidence: string;
}

/** One audit as the editor shows it, with the template version frozen into it. */
export interface AuditDetail {
  id: string;
  caseId: string;
  caseReference: string;
  team: string;
  caseType: string;
  programmeId: string | null;
  templateId: string;
  template: TemplateDefinition;
  auditorId: string;
  auditorName: string;
  status: AuditStatus;
  revision: number;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  sections: Record<string, SectionState>;
  answers: Record<string, Answer>;
  feedback: AuditFeedback;
  keyFindings: string;
  strengths: string[];
  areas: string[];
  overall: Grade | null;
  justification: string;
  returnedReason: string;
  /** The optimism warnings shown when it was submitted. */
  submittedWarnings: OptimismWarning[];
  /** Whether the current user may change it (its auditor, while draft or returned). */
  canEdit: boolean;
  /** Why not, in words, when canEdit is false. */
  readOnlyReason: string | null;
}

const gradeValue = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const sectionKey = z.string().min(1).max(40);
const longText = (what: string) => z.string().max(20_000, `${what} is too long (20,000 characters at most).`);
const listItems = (what: string) =>
  z.array(z.string().max(500, `Each ${what} is 500 characters at most.`)).max(50, `At most 50 ${what}s.`);
export const FEEDBACK_VIEWS = ['helpful', 'mixed', 'not-helpful', 'not-given'] as const;

/** One edit in the editor; a save carries several, applied in order. */
export const changeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('section-grade'), section: sectionKey, grade: z.union([gradeValue, z.literal('na'), z.null()]) }),
  z.object({ kind: z.literal('section-evidence'), section: sectionKey, text: longText('Evidence') }),
  z.object({ kind: z.literal('answer'), question: z.string().min(1).max(80), answer: z.enum(['yes', 'partly', 'no', 'na']).nullable() }),
  z.object({ kind: z.literal('feedback-spoken'), who: z.enum(['child', 'parent']), value: z.enum(['yes', 'no']).nullable() }),
  z.object({ kind: z.literal('feedback-view'), who: z.enum(['child', 'parent']), value: z.enum(FEEDBACK_VIEWS).nullable() }),
  z.object({ kind: z.literal('feedback-text'), who: z.enum(['child', 'parent']), field: z.enum(['reason', 'said']), text: longText('Feedback') }),
  z.object({ kind: z.literal('key-findings'), text: longText('Key findings') }),
  z.object({ kind: z.literal('strengths'), items: listItems('strength') }),
  z.object({ kind: z.literal('areas'), items: listItems('area for improvement') }),
  z.object({ kind: z.literal('overall'), grade: gradeValue.nullable() }),
]);
export type Change = z.infer<typeof changeSchema>;

export type MissingItemView = MissingItem;

export interface SubmitCheckResult {
  missing: MissingItemView[];
  warnings: OptimismWarning[];
  /** True when at least one warning needs a written justification. */
  needsJustification: boolean;
}

/** A line of the dashboard's lists. */
export interface AuditSummary {
  id: string;
  caseId: string;
  caseReference: string;
  team: string;
  status: AuditStatus;
  overall: Grade | null;
  /** Sections graded (or N/A) out of the template's sections. */
  sectionsDone: number;
  sectionsTotal: number;
  updatedAt: string;
  submittedAt: string | null;
  returnedReason: string;
}

export interface MyAudits {
  inProgress: AuditSummary[];
  returned: AuditSummary[];
  submitted: AuditSummary[];
}

export interface GradeCounts {
  /** 'YYYY-MM' in London. */
  month: string;
  counts: Record<Grade, number>;
  total: number;
  scope: 'mine' | 'all';
}

const id = z.string().min(1, 'An audit id is required.');
const revision = z.number().int().min(0);

/** An operation on one audit (`id`) the caller must be able to see. */
const AUDIT = seeing(SIGNED_IN, { id: 'audits' });

/** The audits feature's operations (`audits:verb`). */
export const auditsOps = {
  /** Starts (or reopens the current user's draft of) an audit of a case, freezing the published template. */
  'audits:start': op<{ id: string; existing: boolean }>()(
    z
      .object({ caseId: z.string().min(1).optional(), caseReference: z.string().trim().min(1).max(60).optional(), programmeId: z.string().min(1).optional() })
      .refine((v) => v.caseId || v.caseReference, { message: 'Give the case (its id or its reference).' }),
    seeing(SIGNED_IN, { caseId: 'cases', caseReference: 'case-reference', programmeId: 'programmes' }),
  ),
  'audits:get': op<AuditDetail>()(z.object({ id }), AUDIT),
  'audits:save': op<{ revision: number; savedAt: string }>()(
    z.object({
      id,
      revision,
      /** A client id for this batch, so a retry after a lost reply is not applied twice. */
      saveId: z.string().min(8).max(64).optional(),
      changes: z.array(changeSchema).min(1).max(200),
    }),
    AUDIT,
  ),
  'audits:checkSubmit': op<SubmitCheckResult>()(z.object({ id }), AUDIT),
  'audits:submit': op<{ revision: number; status: AuditStatus; submittedAt: string }>()(
    z.object({ id, revision, justification: z.string().max(5000).optional() }),
    AUDIT,
  ),
  'audits:mine': op<MyAudits>()(z.object({}), SIGNED_IN),
  'audits:gradeCounts': op<GradeCounts>()(
    z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, 'Month is YYYY-MM.').optional(), scope: z.enum(['mine', 'all']).default('all') }),
    SIGNED_IN,
  ),
};
