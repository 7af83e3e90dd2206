import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import { ACTION_PRIORITIES, type ActionPriority } from './actions';
import { op, REVIEWERS, seeing } from './define';

/**
 * Service-level findings (issue 12, item 14): what the service must improve, not one child. Raised
 * from an audit or a programme as an action owned at team or service level, tracked like actions
 * (open → done or cancelled, due-date moves with reasons, overdue and drifting), reported in the
 * audit report and pack and exported with the data, always apart from actions for one child.
 */
export const SERVICE_LEVELS = ['team', 'service'] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];
export const SERVICE_LEVEL_LABELS: Record<ServiceLevel, string> = { team: 'Team', service: 'Whole service' };
export const SERVICE_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export const SERVICE_STATUS_LABELS: Record<ServiceStatus, string> = { open: 'Open', done: 'Done', cancelled: 'Cancelled' };

export interface ServiceFinding {
  id: string;
  level: ServiceLevel;
  /** The team that owns it ('' at service level). */
  team: string;
  title: string;
  ownerName: string;
  ownerRole: string;
  dueDate: string;
  priority: ActionPriority;
  status: ServiceStatus;
  doneNote: string;
  doneOn: string | null;
  cancelReason: string;
  dueDateMoves: number;
  /** Where it was raised: an audit (with its case reference) and/or a programme. */
  auditId: string | null;
  caseReference: string | null;
  programmeId: string | null;
  programmeName: string | null;
  createdBy: string;
  createdAt: string;
  /** Open and past due (London calendar). */
  overdue: boolean;
  daysOverdue: number;
  /** Overdue by more than 28 days, or its due date moved twice or more. */
  drifting: boolean;
}

export interface ServiceFindingDetail extends ServiceFinding {
  moves: { id: string; fromDate: string; toDate: string; reason: string; movedAt: string; movedBy: string }[];
}

const id = z.string().min(1, 'An id is required.').max(80);
const date = (what: string) => z.string().refine(isIsoDate, `${what} must be a real date (YYYY-MM-DD).`);
const text = (what: string, min: number, max: number) =>
  z.string().trim().min(min, `${what} needs at least ${min} characters.`).max(max, `${what} is too long (${max} characters at most).`);

export const addServiceFindingInput = z
  .object({
    auditId: id.nullable().default(null),
    programmeId: id.nullable().default(null),
    level: z.enum(SERVICE_LEVELS, { message: 'Choose whether a team or the whole service owns it.' }),
    team: z.string().trim().max(80).default(''),
    title: text('What the service must improve', 5, 500),
    ownerName: text('Owner name', 2, 120),
    ownerRole: text('Owner role', 2, 80),
    dueDate: date('Due date'),
    priority: z.enum(ACTION_PRIORITIES, { message: 'Choose a priority: high, medium or low.' }),
  })
  .refine((v) => v.auditId !== null || v.programmeId !== null, { message: 'Raise a service-level finding from an audit or a programme.', path: ['auditId'] });

export const serviceListInput = z.object({
  status: z.enum(SERVICE_STATUSES).optional(),
  level: z.enum(SERVICE_LEVELS).optional(),
  team: z.string().max(80).optional(),
  programmeId: z.string().max(80).optional(),
  auditId: z.string().max(80).optional(),
  overdue: z.boolean().optional(),
});

/** The service-level findings feature's operations (`serviceActions:verb`): moderators and QA leads. */
export const serviceActionsOps = {
  'serviceActions:add': op<ServiceFinding>()(addServiceFindingInput, seeing(REVIEWERS, { auditId: 'audits', programmeId: 'programmes' })),
  'serviceActions:list': op<{ today: string; rows: ServiceFinding[]; teams: string[] }>()(serviceListInput, REVIEWERS),
  'serviceActions:get': op<ServiceFindingDetail>()(z.object({ id }), REVIEWERS),
  'serviceActions:markDone': op<ServiceFinding>()(z.object({ id, note: text('What was done', 3, 2000), doneOn: date('Date done') }), REVIEWERS),
  'serviceActions:cancel': op<ServiceFinding>()(z.object({ id, reason: text('The reason for cancelling', 3, 2000) }), REVIEWERS),
  'serviceActions:moveDue': op<ServiceFindingDetail>()(z.object({ id, dueDate: date('New due date'), reason: text('The reason for moving the due date', 3, 1000) }), REVIEWERS),
};
