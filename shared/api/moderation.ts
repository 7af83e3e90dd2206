import { z } from 'zod';
import type { Figures } from '../domain/calibration';
import { isIsoDate } from '../domain/dates';
import type { Grade, GradeOrNA } from '../domain/grades';
import type { OptimismCode, OptimismWarning } from '../domain/optimism';
import { op, QA_LEAD, REVIEWERS, seeing, SIGNED_IN } from './define';

export const REASON_CODES = ['evidence-missed', 'threshold-misread', 'over-optimistic', 'under-graded', 'recording-gap', 'other'] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
export const REASON_LABELS: Record<ReasonCode, string> = {
  'evidence-missed': 'Evidence missed',
  'threshold-misread': 'Threshold misread',
  'over-optimistic': 'Over-optimistic',
  'under-graded': 'Under-graded',
  'recording-gap': 'Recording gap',
  other: 'Other',
};

export type ModerationMode = 'open' | 'blind';
export type ModerationStatus = 'grading' | 'reconciling' | 'agreed' | 'returned';
export const MODE_LABELS: Record<ModerationMode, string> = { open: 'Open', blind: 'Blind' };
export const WARNING_LABELS: Record<OptimismCode, string> = {
  'limiting-rule': 'Limiting rule broken',
  'better-than-evidence': 'Overall better than the evidence',
  'concern-words': 'Concern words under a good grade',
  'voice-missing': "Child's voice missing",
  calibration: 'Auditor calibration',
};
export const OVERALL_KEY = 'overall';
export const DEFAULT_SHARE_PERCENT = 20;
export const TOLERANCE_FLAG_TEXT = 'review: auditor outside tolerance';
export type PickReason = 'random' | 'auditor-outside-tolerance';

export interface AuditorTolerance {
  auditorId: string;
  name: string;
  moderatedCount: number;
  meanShift: number;
}

export interface QueueItem {
  auditId: string;
  caseReference: string;
  team: string;
  caseType: string;
  auditorId: string;
  auditorName: string;
  programmeId: string | null;
  programmeName: string | null;
  status: 'submitted' | 'in-moderation';
  submittedAt: string | null;
  /** Warning codes only: grades and messages are not shown before a blind moderation. */
  warningCodes: OptimismCode[];
  pick: { drawId: string; reason: PickReason; seed: number; drawnAt: string } | null;
  moderation: { mode: ModerationMode; status: ModerationStatus; moderatorName: string; byMe: boolean } | null;
  /** The current user wrote this audit, so cannot moderate it. */
  own: boolean;
  timesReturned: number;
}

export interface FlagItem {
  id: string;
  auditId: string;
  caseReference: string;
  team: string;
  auditorName: string;
  message: string;
  raisedAt: string;
}

export interface DrawSummary {
  id: string;
  drawnAt: string;
  drawnBy: string;
  seed: number;
  sharePercent: number;
  poolCount: number;
  picked: { auditId: string; caseReference: string; auditorName: string; reason: PickReason }[];
  outsideTolerance: AuditorTolerance[];
  flagged: number;
}

export interface RecentItem {
  auditId: string;
  caseReference: string;
  team: string;
  auditorName: string;
  agreedAt: string;
  /** 'open' | 'blind', or null when agreed without moderation. */
  mode: ModerationMode | null;
  moderatorName: string | null;
  /** Why a QA lead agreed it without moderation below the moderation share ('' otherwise). */
  belowShareReason: string;
}

export interface QueueResult {
  items: QueueItem[];
  /** The last audits agreed, moderated or not: links to their records. */
  recent: RecentItem[];
  flags: FlagItem[];
  sharePercent: number;
  canSetShare: boolean;
  canModerate: boolean;
  lastDraw: DrawSummary | null;
  outsideTolerance: AuditorTolerance[];
  options: { teams: string[]; auditors: { id: string; name: string }[]; programmes: { id: string; name: string }[] };
}

export interface ModerationRow {
  /** Template section key ('s1' …) or 'overall'. */
  section: string;
  number: number | null;
  title: string;
  questions: string[];
  /** Null while the auditor's side is hidden (blind grading). */
  auditorGrade: GradeOrNA | null;
  auditorEvidence: string | null;
  answers: { question: string; answer: string }[] | null;
  moderatorGrade: GradeOrNA | null;
  moderatorRationale: string;
  moderatorReason: ReasonCode | null;
  agreedGrade: GradeOrNA | null;
  agreedRationale: string;
  reasonCode: ReasonCode | null;
  reconciled: boolean;
  /** Moderator and auditor differ (null while hidden or not graded). */
  difference: boolean | null;
}

export interface AuditorSide {
  keyFindings: string;
  strengths: string[];
  areas: string[];
  feedback: unknown;
  /** The auditor's written justification of blocking warnings at submission. */
  justification: string;
  warnings: OptimismWarning[];
}

export interface ModerationRecord {
  id: string;
  mode: ModerationMode;
  status: ModerationStatus;
  moderatorId: string;
  moderatorName: string;
  startedAt: string;
  gradedAt: string | null;
  finishedAt: string | null;
  returnReasons: string[];
  /** Written justifications for an overall grade that breaks a limiting rule ('' when none was needed). */
  ruleJustification: { moderator: string; agreed: string };
  /** "Both agree": when the moderator agreed the reconciled grades, and when the auditor acknowledged them. */
  moderatorAgreedAt: string | null;
  auditorAgreedAt: string | null;
  /** The auditor's one request to reconsider, with its reason, and the moderator's answer (null until given). */
  reconsider: {
    reason: string;
    requestedAt: string;
    answer: 'kept' | 'changed' | null;
    answerRationale: string;
    answeredAt: string | null;
  } | null;
}

/**
 * "Both agree" for the agreed moderation: awaiting the auditor's acknowledgement, awaiting the
 * moderator's answer to a request to reconsider, or final (the auditor acknowledged).
 */
export type AgreementStage = 'awaiting-auditor' | 'awaiting-moderator' | 'final';
export const AGREEMENT_LABELS: Record<AgreementStage, string> = {
  'awaiting-auditor': "Awaiting the auditor's acknowledgement",
  'awaiting-moderator': "Awaiting the moderator's answer",
  final: 'Final: both agree',
};
export interface BothAgreeInbox {
  toAcknowledge: { auditId: string; caseReference: string; team: string; moderatorName: string; moderatorAgreedAt: string | null; changed: number }[];
  toAnswer: { auditId: string; caseReference: string; team: string; auditorName: string; requestedAt: string; reason: string }[];
}
export interface Agreement {
  stage: AgreementStage;
  /** The signed-in person is the audit's auditor and may acknowledge now. */
  canAcknowledge: boolean;
  /** … and may still ask to reconsider (once). */
  canReconsider: boolean;
  /** The signed-in person agreed the grades and a request waits for their answer. */
  canAnswer: boolean;
}

export interface ModerationView {
  audit: {
    id: string;
    caseReference: string;
    team: string;
    caseType: string;
    ageBand: string;
    worker: string;
    auditorId: string;
    auditorName: string;
    programmeName: string | null;
    status: string;
    submittedAt: string | null;
    templateName: string;
  };
  /** True in blind mode until the moderator has graded everything: the server sends no auditor data. */
  auditorHidden: boolean;
  auditor: AuditorSide | null;
  moderation: ModerationRecord | null;
  previous: ModerationRecord[];
  rows: ModerationRow[];
  /** The current user may act on this moderation (start, grade, reconcile, agree, return). */
  canAct: boolean;
  whyNot: string | null;
  pick: { reason: PickReason; seed: number } | null;
  /**
   * The limiting rules the moderator's and the agreed overall grade break as things stand (messages;
   * empty when kept). While blind grading, worked out without the auditor's answers.
   */
  limits: { moderator: string[]; agreed: string[] };
  /** "Both agree", once the moderator has agreed the grades (null before, and for audits agreed without moderation). */
  agreement: Agreement | null;
}

export interface SectionFigures extends Figures {
  section: string;
  title: string;
}
export interface AuditorFigures extends Figures {
  auditorId: string;
  name: string;
}
export interface TrainingNeed {
  key: string;
  label: string;
  counts: Record<ReasonCode, number>;
  total: number;
}

export interface ModerationFigures extends Figures {
  /** The filter these figures answer (as the server read it). */
  filter: FiguresFilter;
  /** Moderated audits the figures are drawn from. */
  audits: number;
  bySection: SectionFigures[];
  byAuditor: AuditorFigures[];
  /** Grades before (auditor) and after (agreed) moderation: overall, or the chosen section. */
  distribution: { grade: Grade; label: string; before: number; after: number }[];
  trainingNeeds: { byAuditor: TrainingNeed[]; byTeam: TrainingNeed[] };
  options: { teams: string[]; auditors: { id: string; name: string }[]; programmes: { id: string; name: string }[]; sections: { key: string; title: string }[] };
}

const id = z.string().min(1).max(80);
const gradeInput = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('na')], { message: 'Choose a grade from 1 to 4, or N/A.' });
const sectionInput = z.string().regex(/^(s\d{1,2}|overall)$/, 'Choose a section (s1 … s10) or overall.');
const text = z.string().trim().max(4000, 'Keep it under 4,000 characters.');
const isoDate = z.string().refine(isIsoDate, 'Use a date such as 2026-11-23.');
const ruleJustification = z.string().trim().max(5000, 'Keep the justification under 5,000 characters.').optional();
const optional = (s: z.ZodType<string>) => s.optional().transform((v) => (v === '' ? undefined : v));

export const figuresFilter = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    team: optional(z.string().max(80)),
    auditorId: optional(z.string().max(80)),
    section: optional(z.string().max(20)),
    programmeId: optional(z.string().max(80)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'The start of the period must be on or before its end.', path: ['from'] });
/** The figures' filter: every field optional (an empty string in the input means none). */
export interface FiguresFilter { from?: string; to?: string; team?: string; auditorId?: string; section?: string; programmeId?: string }

/** Operations on one audit (`auditId`) the caller must be able to see. */
const AUDIT_ID = { auditId: 'audits' } as const;

/** The moderation feature's operations (`moderation:verb`). */
export const moderationOps = {
  'moderation:queue': op<QueueResult>()(
    z.object({
      team: optional(z.string().max(80)),
      auditorId: optional(z.string().max(80)),
      programmeId: optional(z.string().max(80)),
      warning: z.enum(['limiting-rule', 'better-than-evidence', 'concern-words', 'voice-missing', 'calibration']).optional(),
      sampleOnly: z.boolean().default(false),
    }),
    REVIEWERS,
  ),
  'moderation:getSettings': op<{ sharePercent: number; canEdit: boolean }>()(z.object({}), SIGNED_IN),
  'moderation:setSettings': op<{ sharePercent: number; canEdit: boolean }>()(
    z.object({ sharePercent: z.number({ message: 'Enter the share as a whole number from 1 to 100.' }).int('Enter a whole number.').min(1, 'The share must be at least 1%.').max(100, 'The share cannot be more than 100%.') }),
    QA_LEAD,
  ),
  'moderation:draw': op<DrawSummary>()(z.object({ seed: z.number().int().min(0).max(4294967295).optional() }), REVIEWERS),
  'moderation:start': op<ModerationView>()(z.object({ auditId: id, mode: z.enum(['open', 'blind'], { message: 'Choose open or blind moderation.' }) }), seeing(REVIEWERS, AUDIT_ID)),
  'moderation:get': op<ModerationView>()(z.object({ auditId: id }), seeing(SIGNED_IN, AUDIT_ID)),
  'moderation:grade': op<ModerationView>()(
    z.object({ auditId: id, section: sectionInput, grade: gradeInput.nullable(), rationale: text.default(''), reasonCode: z.enum(REASON_CODES).nullable().default(null) }),
    seeing(REVIEWERS, AUDIT_ID),
  ),
  /** `justification`: needed when the moderator's overall grade breaks a limiting rule (printed in the report and pack). */
  'moderation:finishGrading': op<ModerationView>()(z.object({ auditId: id, justification: ruleJustification }), seeing(REVIEWERS, AUDIT_ID)),
  'moderation:reconcile': op<ModerationView>()(
    z.object({ auditId: id, section: sectionInput, agreedGrade: gradeInput, rationale: text, reasonCode: z.enum(REASON_CODES).nullable().default(null) }),
    seeing(REVIEWERS, AUDIT_ID),
  ),
  /** `justification`: needed when the agreed (or the moderator's) overall grade breaks a limiting rule. */
  'moderation:agree': op<ModerationView>()(z.object({ auditId: id, justification: ruleJustification }), seeing(REVIEWERS, AUDIT_ID)),
  'moderation:return': op<ModerationView>()(
    z.object({ auditId: id, reasons: z.array(z.string().trim().min(1).max(1000)).min(1, 'Give at least one reason for returning the audit.').max(20) }),
    seeing(REVIEWERS, AUDIT_ID),
  ),
  'moderation:agreeWithoutModeration': op<{ auditId: string; status: 'agreed' }>()(z.object({ auditId: id }), seeing(REVIEWERS, AUDIT_ID)),
  /** Below the moderation share (a floor), only a QA lead may agree without moderation, and says why. */
  'moderation:agreeBelowShare': op<{ auditId: string; status: 'agreed' }>()(
    z.object({ auditId: id, reason: z.string().trim().min(10, 'Say why this audit is agreed without moderation below the share (at least 10 characters).').max(2000) }),
    QA_LEAD,
  ),
  /** "Both agree": the audit's own auditor acknowledges the agreed grades (the audit is then final). */
  'moderation:acknowledge': op<ModerationView>()(z.object({ auditId: id }), seeing(SIGNED_IN, AUDIT_ID)),
  /** What "both agree" waits on from the signed-in person: grades to acknowledge, requests to answer. */
  'moderation:bothAgree': op<BothAgreeInbox>()(z.object({}), SIGNED_IN),
  /** The audit's own auditor asks the moderator to reconsider, once, with a reason. */
  'moderation:reconsider': op<ModerationView>()(
    z.object({ auditId: id, reason: z.string().trim().min(10, 'Say why the moderator should reconsider (at least 10 characters).').max(2000, 'Keep the reason under 2,000 characters.') }),
    seeing(SIGNED_IN, AUDIT_ID),
  ),
  /** The moderator who agreed the grades answers the request: keep them, or change some (each with a reason code where it differs from the auditor's). */
  'moderation:answerReconsider': op<ModerationView>()(
    z.object({
      auditId: id,
      decision: z.enum(['keep', 'change'], { message: 'Choose whether the agreed grades stand or change.' }),
      rationale: z.string().trim().min(10, 'Write your rationale (at least 10 characters).').max(4000, 'Keep it under 4,000 characters.'),
      changes: z.array(z.object({ section: sectionInput, agreedGrade: gradeInput, reasonCode: z.enum(REASON_CODES).nullable().default(null) })).max(20).default([]),
      justification: ruleJustification,
    }),
    seeing(REVIEWERS, AUDIT_ID),
  ),
  'moderation:resolveFlag': op<{ id: string }>()(z.object({ flagId: id, note: z.string().trim().min(3, 'Say what the review found (at least 3 characters).').max(2000) }), seeing(REVIEWERS, { flagId: 'moderation_flags' })),
  /** Calibration and reason-code figures: reviewers' work (an auditor would read every colleague's named figures). */
  'moderation:figures': op<ModerationFigures>()(figuresFilter, REVIEWERS),
};
