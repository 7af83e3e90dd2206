import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import type { DriftReason, TimelinessFigures } from '../domain/drift';
import type { Grade } from '../domain/grades';
import { op, REVIEWERS, seeing, SIGNED_IN } from './define';

export const ACTION_STATUSES = ['open', 'done', 'cancelled', 'verified'] as const;
export const ACTION_PRIORITIES = ['high', 'medium', 'low'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export type ActionPriority = (typeof ACTION_PRIORITIES)[number];
export const PRIORITY_LABELS: Record<ActionPriority, string> = { high: 'High', medium: 'Medium', low: 'Low' };
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { open: 'Open', done: 'Done', cancelled: 'Cancelled', verified: 'Verified' };
/** Roles people usually type for an owner; free text is accepted too. */
export const OWNER_ROLE_SUGGESTIONS = ['Social worker', 'Team manager', 'Senior practitioner', 'Service manager', 'Family support worker', 'Independent reviewing officer', 'Personal adviser', 'Health visitor', 'Designated safeguarding lead'];

export interface SpotCheck {
  requestedAt: string;
  requestedBy: string;
  note: string;
  result: 'lasted' | 'not-lasted' | null;
  resultNote: string;
  checkedAt: string | null;
}

/** One action as the tracker and the audit editor show it, with what today makes of it. */
export interface ActionRow {
  id: string;
  auditId: string;
  caseId: string;
  caseReference: string;
  /** The team the action counts against (the case's team unless chosen otherwise). */
  team: string;
  sectionKey: string | null;
  title: string;
  ownerName: string;
  ownerRole: string;
  dueDate: string;
  priority: ActionPriority;
  status: ActionStatus;
  dueDateMoves: number;
  doneNote: string;
  doneOn: string | null;
  cancelReason: string;
  verifiedBy: string | null;
  verifiedAt: string | null;
  verifyNote: string;
  followUpAuditId: string | null;
  /** The follow-up re-audit's status and overall grade (null until it is graded and submitted). */
  followUpStatus: string | null;
  followUpGrade: Grade | null;
  /** The follow-up re-audit as scheduled: for whom and by when (null when none is scheduled). */
  followUp: ScheduledFollowUp | null;
  spotCheck: SpotCheck | null;
  createdBy: string;
  createdAt: string;
  auditStatus: string;
  auditOverall: Grade | null;
  programmeId: string | null;
  /** Open and past due (London calendar). */
  overdue: boolean;
  daysOverdue: number;
  /** Why this action (or its audit) makes the case drift; empty when it does not. */
  driftReasons: DriftReason[];
}

export interface ScheduledFollowUp {
  auditorId: string;
  auditorName: string;
  /** The date the re-audit is due (YYYY-MM-DD). */
  dueOn: string;
  scheduledBy: string;
  scheduledAt: string;
  /** Past its date and not yet submitted. */
  overdue: boolean;
}

/** A follow-up re-audit on its auditor's dashboard. */
export interface MyFollowUp {
  actionId: string;
  actionTitle: string;
  caseId: string;
  caseReference: string;
  team: string;
  dueOn: string;
  overdue: boolean;
  daysOverdue: number;
  scheduledBy: string;
  /** The re-audit once started, and its status. */
  auditId: string | null;
  auditStatus: string | null;
}

export interface DueDateMove {
  id: string;
  fromDate: string;
  toDate: string;
  reason: string;
  movedAt: string;
  movedBy: string;
}

export interface ActionDetail extends ActionRow {
  moves: DueDateMove[];
}

export interface DriftCaseRow {
  caseId: string;
  caseReference: string;
  team: string;
  worker: string;
  caseType: string;
  reasons: DriftReason[];
}

export interface TrackerPage {
  today: string;
  rows: ActionRow[];
  total: number;
}

export interface TimelinessReport {
  today: string;
  overall: TimelinessFigures;
  byTeam: TimelinessFigures[];
  byOwner: TimelinessFigures[];
  byMonth: ({ month: string } & Omit<TimelinessFigures, 'key'>)[];
}

export interface FollowUp {
  actionId: string | null;
  caseId: string;
  /** The audit that raised the follow-up, and its overall grade. */
  beforeAuditId: string;
  gradeBefore: Grade | null;
  beforeDate: string | null;
  /** The re-audit, and its overall grade (null until graded). */
  afterAuditId: string;
  gradeAfter: Grade | null;
  afterStatus: string;
  afterDate: string | null;
}

const date = (what: string) => z.string().refine(isIsoDate, `${what} must be a real date (YYYY-MM-DD).`);
const id = z.string().min(1, 'An id is required.');
const text = (what: string, min: number, max: number) =>
  z.string().trim().min(min, min <= 1 ? `${what} is required.` : `${what} needs at least ${min} characters.`).max(max, `${what} is too long (${max} characters at most).`);

export const addActionInput = z.object({
  auditId: id,
  sectionKey: z.string().trim().min(1).max(40).nullable().default(null),
  title: text('What must happen for the child', 5, 500),
  ownerName: text('Owner name', 2, 120),
  ownerRole: text('Owner role', 2, 80),
  team: z.string().trim().max(80).optional(),
  dueDate: date('Due date'),
  priority: z.enum(ACTION_PRIORITIES, { message: 'Choose a priority: high, medium or low.' }),
});

export const TRACKER_SORTS = ['due', 'priority', 'owner', 'team', 'status', 'case', 'overdue'] as const;
export type TrackerSort = (typeof TRACKER_SORTS)[number];

export const trackerInput = z.object({
  team: z.string().optional(),
  owner: z.string().optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  priority: z.enum(ACTION_PRIORITIES).optional(),
  caseId: z.string().optional(),
  /** Part of a case reference, any case. */
  caseRef: z.string().trim().max(40).optional(),
  programmeId: z.string().optional(),
  overdue: z.boolean().optional(),
  drifting: z.boolean().optional(),
  sort: z.enum(TRACKER_SORTS).default('due'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  limit: z.number().int().min(1).max(1000).default(200),
  offset: z.number().int().min(0).default(0),
});

/** An operation on one action (`id`) the caller must be able to see. */
const ACTION = seeing(SIGNED_IN, { id: 'actions' });

/** The actions feature's operations (`actions:verb`). */
export const actionsOps = {
  'actions:add': op<ActionRow>()(addActionInput, seeing({ roles: 'signed-in', rule: 'ownAuditOrReviewer' }, { auditId: 'audits' })),
  'actions:forAudit': op<ActionRow[]>()(z.object({ auditId: id }), seeing(SIGNED_IN, { auditId: 'audits' })),
  'actions:get': op<ActionDetail>()(z.object({ id }), ACTION),
  'actions:list': op<TrackerPage>()(trackerInput, SIGNED_IN),
  'actions:facets': op<{ teams: string[]; owners: string[]; programmes: { id: string; name: string }[]; people: { name: string; role: string }[]; auditors: { id: string; name: string; teams: string[] }[] }>()(z.object({}), SIGNED_IN),
  'actions:markDone': op<ActionRow>()(z.object({ id, note: text('What was done', 3, 2000), doneOn: date('Date done') }), ACTION),
  'actions:cancel': op<ActionRow>()(z.object({ id, reason: text('The reason for cancelling', 3, 2000) }), ACTION),
  'actions:verify': op<ActionRow>()(z.object({ id, note: z.string().trim().max(2000).default('') }), seeing(REVIEWERS, { id: 'actions' })),
  'actions:moveDue': op<ActionDetail>()(z.object({ id, dueDate: date('New due date'), reason: text('The reason for moving the due date', 3, 1000) }), ACTION),
  'actions:bulkStatus': op<{ updated: number }>()(
    z.object({
      ownerName: text('Owner', 1, 120),
      ids: z.array(id).min(1, 'Choose at least one action.').max(500),
      status: z.enum(['done', 'cancelled']),
      note: text('What was done, or why they are cancelled', 3, 2000),
      doneOn: date('Date done').optional(),
    }),
    seeing(SIGNED_IN, { ids: 'actions' }),
  ),
  'actions:drift': op<{ today: string; cases: DriftCaseRow[] }>()(z.object({ team: z.string().optional() }), SIGNED_IN),
  'actions:timeliness': op<TimelinessReport>()(z.object({ team: z.string().optional(), programmeId: z.string().optional() }), SIGNED_IN),
  /** Schedules a follow-up re-audit of the action's case for an auditor and a date (or moves it, until it is started). */
  'actions:scheduleFollowUp': op<ActionRow>()(z.object({ id, auditorId: id, dueOn: date('Follow-up due date') }), seeing(REVIEWERS, { id: 'actions' })),
  /** The scheduled auditor starts the follow-up re-audit (a draft linked to the action and the audit that raised it). */
  'actions:startFollowUp': op<{ auditId: string }>()(z.object({ id }), ACTION),
  /** Follow-up re-audits scheduled for the signed-in person and not yet submitted (due and overdue). */
  'actions:myFollowUps': op<{ today: string; items: MyFollowUp[] }>()(z.object({}), SIGNED_IN),
  'actions:requestSpotCheck': op<ActionRow>()(z.object({ id, note: text('What the spot-check should confirm', 3, 1000) }), ACTION),
  'actions:recordSpotCheck': op<ActionRow>()(z.object({ id, lasted: z.boolean(), note: text('What the spot-check found', 3, 2000) }), ACTION),
  'actions:reminders': op<{ today: string; myOverdue: ActionRow[]; drifting: DriftCaseRow[]; scope: string }>()(z.object({}), SIGNED_IN),
  'actions:followUps': op<FollowUp[]>()(z.object({ caseId: id }), seeing(SIGNED_IN, { caseId: 'cases' })),
};
