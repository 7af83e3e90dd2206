import type { z } from 'zod';
import type { addServiceFindingInput, ServiceFinding, ServiceFindingDetail } from '../../../shared/api/serviceActions';
import { addDays, formatUkDate, toLondonDate } from '../../../shared/domain/dates';
import { todayOf } from '../actions/reports';
import type { CoreContext } from '../context';
import { AppError, notFound } from '../errors';
import { principalOf } from '../policy/principal';
import { newId, prepared, write } from '../write';
import { getServiceRow, serviceMoves, toFinding, type ServiceDbRow } from './queries';

/**
 * Service-level findings: raised from an audit or a programme by a moderator or QA lead (declared
 * on the operations), owned by a team or the whole service, tracked like actions. Domain rules here:
 * the audit or programme exists (an audit being written is not a source yet), a team-level finding
 * names its team (the audit's case team by default), due dates are not in the past, done dates not
 * in the future, and only open findings move, close or cancel.
 */
const target = (id: string) => ({ entity: 'service-action', entityId: id });

function load(ctx: CoreContext, id: string): ServiceDbRow {
  const row = getServiceRow(ctx.db, id);
  if (!row) throw notFound('Service-level finding', id);
  return row;
}

function needOpen(row: ServiceDbRow, doing: string): void {
  if (row.status !== 'open') throw new AppError('CONFLICT', `Service-level finding '${row.title}' is ${row.status}, so it cannot be ${doing}. Reload the list to see its current state.`);
}

export function findingOf(ctx: CoreContext, id: string): ServiceFinding {
  return toFinding(load(ctx, id), todayOf(ctx));
}

export function findingDetail(ctx: CoreContext, id: string): ServiceFindingDetail {
  return { ...findingOf(ctx, id), moves: serviceMoves(ctx.db, id) };
}

export function addFinding(ctx: CoreContext, input: z.output<typeof addServiceFindingInput>): ServiceFinding {
  const user = principalOf(ctx);
  let team = input.team.trim();
  if (input.auditId) {
    const audit = prepared(ctx.db, 'SELECT a.status, c.team, c.reference FROM audits a JOIN cases c ON c.id = a.case_id WHERE a.id = ?').get(input.auditId) as
      | { status: string; team: string; reference: string }
      | undefined;
    if (!audit) throw notFound('Audit', input.auditId);
    if (audit.status === 'draft') throw new AppError('CONFLICT', `The audit of case ${audit.reference} is still a draft: raise service-level findings once it is submitted.`);
    if (input.level === 'team' && !team) team = audit.team;
  }
  if (input.programmeId && !prepared(ctx.db, 'SELECT 1 FROM programmes WHERE id = ?').get(input.programmeId)) throw notFound('Programme', input.programmeId);
  if (input.level === 'team' && !team) throw new AppError('VALIDATION', 'Name the team that owns this finding, or make it a finding for the whole service.');
  if (input.level === 'service') team = '';
  const today = todayOf(ctx);
  if (input.dueDate < today) throw new AppError('VALIDATION', `The due date ${formatUkDate(input.dueDate)} is in the past; choose today (${formatUkDate(today)}) or a later date.`);
  if (input.dueDate > addDays(today, 731)) throw new AppError('VALIDATION', `The due date ${formatUkDate(input.dueDate)} is more than two years away; choose a nearer date so the finding can be tracked.`);
  const id = newId();
  write(ctx, (tx) => {
    tx.insert(
      'service_actions',
      {
        id, audit_id: input.auditId, programme_id: input.programmeId, level: input.level, team, title: input.title, owner_name: input.ownerName, owner_role: input.ownerRole,
        due_date: input.dueDate, priority: input.priority, status: 'open', created_by: user.id, created_by_name: user.name, created_at: tx.at, updated_at: tx.at,
      },
      target(id),
    );
  });
  return findingOf(ctx, id);
}

export function markFindingDone(ctx: CoreContext, input: { id: string; note: string; doneOn: string }): ServiceFinding {
  const user = principalOf(ctx);
  const row = load(ctx, input.id);
  needOpen(row, 'marked done');
  const today = todayOf(ctx);
  if (input.doneOn > today) throw new AppError('VALIDATION', `The date done (${formatUkDate(input.doneOn)}) is in the future; enter the day it was done, today or earlier.`);
  const raised = toLondonDate(row.created_at);
  if (input.doneOn < raised) throw new AppError('VALIDATION', `The date done (${formatUkDate(input.doneOn)}) is before the finding was raised on ${formatUkDate(raised)}.`);
  write(ctx, (tx) => tx.update('service_actions', { id: row.id }, { status: 'done', done_note: input.note, done_on: input.doneOn, done_by: user.name, updated_at: tx.at }, target(row.id)));
  return findingOf(ctx, row.id);
}

export function cancelFinding(ctx: CoreContext, input: { id: string; reason: string }): ServiceFinding {
  const user = principalOf(ctx);
  const row = load(ctx, input.id);
  needOpen(row, 'cancelled');
  write(ctx, (tx) => tx.update('service_actions', { id: row.id }, { status: 'cancelled', cancel_reason: input.reason, cancelled_by: user.name, updated_at: tx.at }, target(row.id)));
  return findingOf(ctx, row.id);
}

/** Every move of a due date is kept with its reason; two or more make the finding drift. */
export function moveFindingDue(ctx: CoreContext, input: { id: string; dueDate: string; reason: string }): ServiceFindingDetail {
  const user = principalOf(ctx);
  const row = load(ctx, input.id);
  needOpen(row, 'moved');
  if (input.dueDate === row.due_date) throw new AppError('VALIDATION', `Service-level finding '${row.title}' is already due on ${formatUkDate(row.due_date)}; choose another date.`);
  const today = todayOf(ctx);
  if (input.dueDate < today) throw new AppError('VALIDATION', `The new due date ${formatUkDate(input.dueDate)} is in the past; choose today (${formatUkDate(today)}) or a later date.`);
  write(ctx, (tx) => {
    const moveId = newId();
    tx.insert(
      'service_action_due_moves',
      { id: moveId, service_action_id: row.id, from_date: row.due_date, to_date: input.dueDate, reason: input.reason, moved_at: tx.at, moved_by: user.id, moved_by_name: user.name },
      target(row.id),
    );
    tx.update('service_actions', { id: row.id }, { due_date: input.dueDate, due_moves: row.due_moves + 1, updated_at: tx.at }, target(row.id));
  });
  return findingDetail(ctx, row.id);
}
