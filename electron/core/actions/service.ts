import type { z } from 'zod';
import type { ActionRow, addActionInput } from '../../../shared/api/actions';
import type { Principal } from '../../../shared/api/session';
import { addDays, formatUkDate, toLondonDate } from '../../../shared/domain/dates';
import type { TemplateDefinition } from '../../../shared/domain/template';
import type { CoreContext } from '../context';
import { AppError, notFound } from '../errors';
import { principalOf } from '../policy/principal';
import { scopeOf } from '../policy/visibility';
import { newId, prepared, write, type Tx } from '../write';
import { getActionRow, type ActionDbRow } from './queries';
import { todayOf, toRows } from './reports';

interface AuditFacts {
  id: string;
  case_id: string;
  status: string;
  auditor_id: string;
  template_id: string;
  overall_grade: string | null;
  team: string;
  reference: string;
}

function auditFacts(ctx: CoreContext, auditId: string): AuditFacts {
  const row = prepared(
    ctx.db,
    `SELECT au.id, au.case_id, au.status, au.auditor_id, au.template_id, au.overall_grade, c.team, c.reference
     FROM audits au JOIN cases c ON c.id = au.case_id WHERE au.id = ?`,
  ).get(auditId) as AuditFacts | undefined;
  if (!row) throw notFound('Audit', auditId);
  return row;
}

const target = (id: string) => ({ entity: 'action', entityId: id });

/** The action as a row for today, after a change. */
export function actionRow(ctx: CoreContext, id: string): ActionRow {
  return toRows(ctx.db, todayOf(ctx), [loadAction(ctx, id)])[0];
}

/** An action the caller may see (policy/visibility.ts); one out of their scope is as good as missing. */
export function loadAction(ctx: CoreContext, id: string): ActionDbRow {
  const row = getActionRow(ctx.db, id);
  const scope = scopeOf(ctx.db, ctx.principal);
  if (!row || (scope && !scope.actions(id))) throw notFound('Action', id);
  return row;
}

function needStatus(row: ActionDbRow, allowed: string[], doing: string): void {
  if (allowed.includes(row.status)) return;
  throw new AppError('CONFLICT', `Action '${row.title}' is ${row.status}, so it cannot be ${doing}. Reload the list to see its current state.`);
}

/** Adds an action from an audit (or one of its sections). */
export function addAction(ctx: CoreContext, input: z.output<typeof addActionInput>): ActionRow {
  const user = principalOf(ctx);
  const audit = auditFacts(ctx, input.auditId);
  // Who may add actions to this audit is the contract's 'ownAuditOrReviewer' rule; the audit's own
  // auditor waits while it is with a moderator.
  if (audit.auditor_id === user.id && audit.status === 'in-moderation') {
    throw new AppError('READ_ONLY', `The audit of case ${audit.reference} is with a moderator; add the action when it comes back, or ask the moderator to add it.`);
  }
  if (input.sectionKey !== null) {
    const tpl = prepared(ctx.db, 'SELECT definition FROM templates WHERE id = ?').get(audit.template_id) as { definition: string } | undefined;
    const sections = tpl ? (JSON.parse(tpl.definition) as TemplateDefinition).sections : [];
    if (!sections.some((s) => s.key === input.sectionKey)) {
      throw new AppError('VALIDATION', `Section "${input.sectionKey}" is not part of this audit's template; choose one of its sections or none.`);
    }
  }
  const today = todayOf(ctx);
  if (input.dueDate < today) throw new AppError('VALIDATION', `The due date ${formatUkDate(input.dueDate)} is in the past; choose today (${formatUkDate(today)}) or a later date.`);
  if (input.dueDate > addDays(today, 731)) throw new AppError('VALIDATION', `The due date ${formatUkDate(input.dueDate)} is more than two years away; choose a nearer date so the action can be tracked.`);
  const id = newId();
  write(ctx, (tx) => {
    tx.insert(
      'actions',
      {
        id, audit_id: audit.id, case_id: audit.case_id, section_key: input.sectionKey, title: input.title,
        owner_name: input.ownerName, owner_role: input.ownerRole, team: input.team || audit.team, due_date: input.dueDate,
        priority: input.priority, status: 'open', created_by: user.id, created_by_name: user.name, created_at: tx.at, updated_at: tx.at,
      },
      target(id),
    );
    tx.event({ entity: 'audit', entityId: audit.id }, 'action-added', { actionId: id, title: input.title });
  });
  return actionRow(ctx, id);
}

function applyDone(tx: Tx, row: ActionDbRow, user: Principal, note: string, doneOn: string, today: string): void {
  if (doneOn > today) throw new AppError('VALIDATION', `The date done (${formatUkDate(doneOn)}) is in the future; enter the day it was done, today or earlier.`);
  const created = toLondonDate(row.created_at);
  if (doneOn < created) throw new AppError('VALIDATION', `The date done (${formatUkDate(doneOn)}) is before action '${row.title}' was raised on ${formatUkDate(created)}.`);
  tx.update('actions', { id: row.id }, { status: 'done', done_note: note, done_on: doneOn, done_by: user.name, updated_at: tx.at }, target(row.id));
}

export function markDone(ctx: CoreContext, input: { id: string; note: string; doneOn: string }): ActionRow {
  const user = principalOf(ctx);
  const row = loadAction(ctx, input.id);
  needStatus(row, ['open'], 'marked done');
  write(ctx, (tx) => applyDone(tx, row, user, input.note, input.doneOn, todayOf(ctx)));
  return actionRow(ctx, row.id);
}

export function cancelAction(ctx: CoreContext, input: { id: string; reason: string }): ActionRow {
  const user = principalOf(ctx);
  const row = loadAction(ctx, input.id);
  needStatus(row, ['open'], 'cancelled');
  write(ctx, (tx) => tx.update('actions', { id: row.id }, { status: 'cancelled', cancel_reason: input.reason, cancelled_by: user.name, updated_at: tx.at }, target(row.id)));
  return actionRow(ctx, row.id);
}

/** A moderator or QA lead confirms a done action really happened. */
export function verifyAction(ctx: CoreContext, input: { id: string; note: string }): ActionRow {
  const user = principalOf(ctx);
  const row = loadAction(ctx, input.id);
  if (row.status !== 'done') {
    const why = row.status === 'verified' ? 'it is already verified' : `it is ${row.status}; mark it done first`;
    throw new AppError('VALIDATION', `Only a done action can be verified: action '${row.title}' cannot be, because ${why}.`);
  }
  write(ctx, (tx) =>
    tx.update('actions', { id: row.id }, { status: 'verified', verified_by: user.id, verified_by_name: user.name, verified_at: tx.at, verify_note: input.note, updated_at: tx.at }, target(row.id)),
  );
  return actionRow(ctx, row.id);
}

/** Moves the due date of an open action; the move and its reason are kept for ever. */
export function moveDueDate(ctx: CoreContext, input: { id: string; dueDate: string; reason: string }): void {
  const user = principalOf(ctx);
  const row = loadAction(ctx, input.id);
  needStatus(row, ['open'], 'given a new due date');
  const today = todayOf(ctx);
  if (input.dueDate === row.due_date) throw new AppError('VALIDATION', `Action '${row.title}' is already due on ${formatUkDate(row.due_date)}; choose a different date.`);
  if (input.dueDate < today) throw new AppError('VALIDATION', `The new due date ${formatUkDate(input.dueDate)} is in the past; choose today (${formatUkDate(today)}) or later.`);
  write(ctx, (tx) => {
    const moveId = newId();
    tx.insert(
      'action_due_moves',
      { id: moveId, action_id: row.id, from_date: row.due_date, to_date: input.dueDate, reason: input.reason, moved_at: tx.at, moved_by: user.id, moved_by_name: user.name },
      { entity: 'action', entityId: row.id, fieldPrefix: 'due-move.' },
    );
    tx.update('actions', { id: row.id }, { due_date: input.dueDate, due_moves: row.due_moves + 1, updated_at: tx.at }, target(row.id));
  });
}

/** Marks several open actions of one owner done (or cancelled) together. */
export function bulkStatus(
  ctx: CoreContext,
  input: { ownerName: string; ids: string[]; status: 'done' | 'cancelled'; note: string; doneOn?: string },
): { updated: number } {
  const user = principalOf(ctx);
  if (input.status === 'done' && !input.doneOn) throw new AppError('VALIDATION', 'Enter the date the actions were done.');
  const ids = [...new Set(input.ids)];
  const rows = ids.map((id) => loadAction(ctx, id));
  const owner = input.ownerName.trim().toLowerCase();
  for (const row of rows) {
    if (row.owner_name.toLowerCase() !== owner) {
      throw new AppError('VALIDATION', `Action '${row.title}' belongs to ${row.owner_name}, not ${input.ownerName}; a bulk update is for one owner's actions only. Nothing was changed.`);
    }
    if (row.status !== 'open') throw new AppError('CONFLICT', `Action '${row.title}' is already ${row.status}; only open actions can be updated together. Nothing was changed.`);
  }
  const today = todayOf(ctx);
  write(ctx, (tx) => {
    for (const row of rows) {
      if (input.status === 'done') applyDone(tx, row, user, input.note, input.doneOn!, today);
      else tx.update('actions', { id: row.id }, { status: 'cancelled', cancel_reason: input.note, cancelled_by: user.name, updated_at: tx.at }, target(row.id));
    }
    tx.event({ entity: 'actions', entityId: input.ownerName }, 'bulk-status', { ids, status: input.status });
  });
  return { updated: rows.length };
}

/** Asks for a later check that the change a done action made has lasted (cases graded 3 or 4). */
export function requestSpotCheck(ctx: CoreContext, input: { id: string; note: string }): ActionRow {
  const user = principalOf(ctx);
  const row = loadAction(ctx, input.id);
  needStatus(row, ['done', 'verified'], 'spot-checked (only a done action can be)');
  if (row.audit_overall !== '3' && row.audit_overall !== '4') {
    throw new AppError('VALIDATION', `Spot-checks are for cases graded 3 or 4 overall; the audit of case ${row.case_reference} that raised this action is not.`);
  }
  if (row.spot_check_requested_at) throw new AppError('CONFLICT', `A spot-check of action '${row.title}' was already requested by ${row.spot_check_requested_by}.`);
  write(ctx, (tx) =>
    tx.update('actions', { id: row.id }, { spot_check_requested_at: tx.at, spot_check_requested_by: user.name, spot_check_note: input.note, updated_at: tx.at }, target(row.id)),
  );
  return actionRow(ctx, row.id);
}

export function recordSpotCheck(ctx: CoreContext, input: { id: string; lasted: boolean; note: string }): ActionRow {
  const row = loadAction(ctx, input.id);
  if (!row.spot_check_requested_at) throw new AppError('VALIDATION', `No spot-check was requested for action '${row.title}'; request one first.`);
  if (row.spot_check_result) throw new AppError('CONFLICT', `The spot-check of action '${row.title}' is already recorded.`);
  write(ctx, (tx) =>
    tx.update('actions', { id: row.id }, { spot_check_result: input.lasted ? 'lasted' : 'not-lasted', spot_check_result_note: input.note, spot_check_at: tx.at, updated_at: tx.at }, target(row.id)),
  );
  return actionRow(ctx, row.id);
}

