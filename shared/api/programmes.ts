import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import type { StratumResult } from '../domain/sampling';
import { op, QA_LEAD, seeing, SIGNED_IN } from './define';

export const PROGRAMME_TYPES = ['monthly', 'thematic', 'multi-agency'] as const;
export type ProgrammeType = (typeof PROGRAMME_TYPES)[number];
export const PROGRAMME_TYPE_LABELS: Record<ProgrammeType, string> = { monthly: 'Monthly', thematic: 'Thematic', 'multi-agency': 'Multi-agency' };
export const PROGRAMME_STATUSES = ['planned', 'open', 'closed'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];
/** Suggested themes; any text is allowed. */
export const PROGRAMME_THEMES = ['Pre-birth', 'Neglect', 'Young carers', 'Exploitation', 'Domestic abuse', 'Children in care', 'Care leavers', 'Front door and thresholds'];

/** Where a programme case's audit stands. */
export const PROGRESS_STAGES = ['not-started', 'in-progress', 'submitted', 'moderated', 'agreed'] as const;
export type ProgressStage = (typeof PROGRESS_STAGES)[number];
export const PROGRESS_LABELS: Record<ProgressStage, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  submitted: 'Submitted',
  moderated: 'Moderated',
  agreed: 'Agreed',
};
export type ProgressCounts = Record<ProgressStage, number> & { total: number };

export const STRATA_OPTIONS = ['team', 'caseType', 'ageBand'] as const;
export const STRATA_LABELS: Record<(typeof STRATA_OPTIONS)[number], string> = { team: 'Team', caseType: 'Case type', ageBand: 'Age band' };

export interface SampleRecord {
  seed: number;
  fixedAt: string;
  strataBy: string[];
  perStratum?: number;
  share?: number;
  total?: number;
  teams: string[];
  caseTypes: string[];
  includedOnPurpose: string[];
  /** The register date the "last 12 months" was counted from. */
  today: string;
  strata: { label: string; requested: number; available: number; chosen: number; message: string | null }[];
}

export interface Programme {
  id: string;
  name: string;
  type: ProgrammeType;
  theme: string;
  partnerAgencies: string[];
  templateId: string;
  templateName: string;
  templateVersion: number;
  periodStart: string | null;
  periodEnd: string | null;
  dueDate: string | null;
  status: ProgrammeStatus;
  sample: SampleRecord | null;
  createdAt: string;
}

export interface ProgrammeSummary extends Programme {
  progress: ProgressCounts;
  overdue: number;
  unallocated: number;
}

export interface ProgrammeCase {
  caseId: string;
  reference: string;
  team: string;
  caseType: string;
  ageBand: string;
  auditorId: string | null;
  auditorName: string | null;
  partnerAuditor: string;
  partnerAgency: string;
  chosenBy: 'hand' | 'sample';
  stratum: string;
  includedOnPurpose: boolean;
  lastAuditedAt: string | null;
  audit: { id: string; status: string; auditorName: string } | null;
  stage: ProgressStage;
}

export interface ProgrammeAuditor {
  id: string;
  name: string;
  jobTitle: string;
  managesTeams: string[];
  /** Cases given to them in this programme. */
  here: number;
  /** Open audits and unstarted programme cases elsewhere. */
  openElsewhere: number;
}

export interface OverdueAudit {
  caseId: string;
  reference: string;
  auditorName: string | null;
  stage: ProgressStage;
  daysOverdue: number;
}

export interface ProgrammePage {
  programme: Programme;
  cases: ProgrammeCase[];
  auditors: ProgrammeAuditor[];
  progress: ProgressCounts;
  overdue: OverdueAudit[];
  today: string;
  canEdit: boolean;
  /** Every team in the case register (for narrowing a sample). */
  registerTeams: string[];
}

export interface SamplePreview {
  seed: number;
  recentCutoff: string;
  strata: (StratumResult & { chosen: { id: string; reference: string }[] })[];
  chosenCount: number;
  shortfall: number;
  /** Cases left out because they were audited in the last 12 months (the QA lead may include them). */
  recentlyAudited: { id: string; reference: string; team: string; caseType: string; lastAuditedAt: string; included: boolean }[];
  /** Chosen cases that are already in the programme (kept as they are). */
  alreadyIn: number;
}

export interface AllocationSummary {
  allocated: number;
  unassigned: { caseId: string; reference: string; reason: string }[];
  load: { auditorId: string; name: string; here: number; openElsewhere: number }[];
}

export interface MyProgrammeCase {
  programmeId: string;
  programmeName: string;
  programmeType: ProgrammeType;
  theme: string;
  dueDate: string | null;
  overdue: boolean;
  caseId: string;
  reference: string;
  team: string;
  caseType: string;
  stage: ProgressStage;
  auditId: string | null;
}

export interface CandidateCase {
  id: string;
  reference: string;
  team: string;
  caseType: string;
  ageBand: string;
  worker: string;
  lastAuditedAt: string | null;
}

const isoDate = z.string().refine((v) => isIsoDate(v), 'Enter a date as YYYY-MM-DD.');
const optionalDate = z.union([isoDate, z.literal(''), z.null()]).optional().transform((v) => (v ? v : null));
const programmeId = z.string().trim().min(1, 'Say which programme.');
const caseId = z.string().trim().min(1, 'Say which case.');

const programmeFields = {
  name: z.string().trim().min(3, 'Give the programme a name of at least 3 characters.').max(160, 'The name is too long (160 characters at most).'),
  type: z.enum(PROGRAMME_TYPES, { message: 'Choose monthly, thematic or multi-agency.' }),
  theme: z.string().trim().max(80).default(''),
  partnerAgencies: z.array(z.string().trim().min(1).max(80)).max(20).default([]),
  templateId: z.string().trim().optional(),
  periodStart: optionalDate,
  periodEnd: optionalDate,
  dueDate: optionalDate,
  status: z.enum(PROGRAMME_STATUSES).default('planned'),
};

export const programmeCreateSchema = z.object(programmeFields);
export type ProgrammeCreateInput = z.input<typeof programmeCreateSchema>;

/** Only the fields given change; an empty date clears it. */
const changeDate = z.union([isoDate, z.literal(''), z.null()]).optional().transform((v) => (v === undefined ? undefined : v || null));
export const programmeUpdateSchema = z.object({
  id: programmeId,
  name: programmeFields.name.optional(),
  type: programmeFields.type.optional(),
  theme: z.string().trim().max(80).optional(),
  partnerAgencies: z.array(z.string().trim().min(1).max(80)).max(20).optional(),
  templateId: z.string().trim().min(1).optional(),
  periodStart: changeDate,
  periodEnd: changeDate,
  dueDate: changeDate,
  status: z.enum(PROGRAMME_STATUSES).optional(),
});

export const sampleOptionsSchema = z.object({
  programmeId,
  seed: z.number().int('The seed must be a whole number.').min(0, 'The seed must be 0 or more.').max(4294967295),
  strataBy: z.array(z.enum(STRATA_OPTIONS)).max(3).default(['team', 'caseType']),
  perStratum: z.number().int().min(0).max(500).optional(),
  share: z.number().min(0).max(1).optional(),
  total: z.number().int().min(0).max(5000).optional(),
  teams: z.array(z.string()).max(50).default([]),
  caseTypes: z.array(z.string()).max(10).default([]),
  /** Ids of recently audited cases included on purpose. */
  includeRecentlyAudited: z.array(z.string()).max(5000).default([]),
});
export type SampleOptionsInput = z.input<typeof sampleOptionsSchema>;

/** The programmes feature's operations (`programmes:verb`). Writes are for the QA lead. */
export const programmesOps = {
  'programmes:ping': op<{ ok: true }>()(z.object({}), SIGNED_IN),
  'programmes:list': op<ProgrammeSummary[]>()(z.object({ status: z.enum(PROGRAMME_STATUSES).optional() }), SIGNED_IN),
  'programmes:get': op<ProgrammePage>()(z.object({ id: programmeId }), seeing(SIGNED_IN, { id: 'programmes' })),
  'programmes:create': op<Programme>()(programmeCreateSchema, QA_LEAD),
  'programmes:update': op<Programme>()(programmeUpdateSchema, QA_LEAD),
  /** Cases from the register that are not yet in the programme, for picking by hand. */
  'programmes:candidates': op<CandidateCase[]>()(
    z.object({ programmeId, team: z.string().optional(), caseType: z.string().optional(), search: z.string().trim().max(80).optional() }),
    QA_LEAD,
  ),
  'programmes:addCases': op<ProgrammePage>()(z.object({ programmeId, caseIds: z.array(caseId).min(1, 'Choose at least one case.').max(500) }), QA_LEAD),
  'programmes:removeCase': op<ProgrammePage>()(z.object({ programmeId, caseId }), QA_LEAD),
  'programmes:samplePreview': op<SamplePreview>()(sampleOptionsSchema, QA_LEAD),
  /** Records the sample (seed and options) and adds its cases; a second sample needs replace: true. */
  'programmes:fixSample': op<ProgrammePage>()(sampleOptionsSchema.extend({ replace: z.boolean().default(false) }), QA_LEAD),
  'programmes:allocate': op<AllocationSummary>()(z.object({ programmeId, auditorIds: z.array(z.string()).max(200).optional() }), QA_LEAD),
  /** Moves one case to another auditor by hand; the own-team rule is still checked. */
  'programmes:assign': op<ProgrammePage>()(z.object({ programmeId, caseId, auditorId: z.string().trim().min(1, 'Choose an auditor.') }), QA_LEAD),
  'programmes:setPartner': op<ProgrammePage>()(
    z.object({ programmeId, caseId, partnerAuditor: z.string().trim().max(120), partnerAgency: z.string().trim().max(80) }),
    QA_LEAD,
  ),
  /** The signed-in auditor's cases in planned and open programmes. */
  'programmes:mine': op<MyProgrammeCase[]>()(z.object({}), SIGNED_IN),
};
