import type { CandidateCase, Programme, programmeCreateSchema, programmeUpdateSchema } from '../../../shared/api/programmes';
import { formatUkDate, londonDate } from '../../../shared/domain/dates';
import { BUILTIN_TEMPLATE } from '../../../shared/domain/builtinTemplate';
import { caseTypeLabel, isRecentlyAudited } from '../../../shared/domain/sampling';
import type { z } from 'zod';
import type { CoreContext } from '../context';
import { AppError, notFound } from '../errors';
import { findTemplateRow, latestPublished, versionLabel } from '../templates/queries';
import { newId, prepared, write, type Tx } from '../write';
import { getProgrammeRow, lastAuditedByCase, registerCases, rowToProgramme, type ProgrammeRow } from './queries';

type CreateInput = z.output<typeof programmeCreateSchema>;
type UpdateInput = z.output<typeof programmeUpdateSchema>;

/** Every change to a programme and its cases is recorded against the programme. */
export const programmeTarget = (programmeId: string, caseId?: string) => ({
  entity: 'programmes',
  entityId: programmeId,
  ...(caseId ? { fieldPrefix: `case.${caseId}.` } : {}),
});

/** A closed programme keeps its cases and auditors as they were. */
export function assertNotClosed(row: ProgrammeRow, doing: string): void {
  if (row.status === 'closed') {
    throw new AppError('READ_ONLY', `"${row.name}" is closed, so you cannot ${doing}. Reopen it (set its status to open) first.`);
  }
}

function checkTemplate(ctx: CoreContext, templateId: string | undefined): string {
  const id = templateId || latestPublished(ctx.db, BUILTIN_TEMPLATE.key)?.id;
  if (!id) throw new AppError('VALIDATION', 'There is no published template yet. Publish a template version first, then create the programme.');
  const row = findTemplateRow(ctx.db, id);
  if (!row) throw notFound('Template version', id);
  if (row.status !== 'published') {
    throw new AppError('VALIDATION', `${versionLabel(row)} is a draft. Publish it before a programme uses it, or choose a published version.`);
  }
  return id;
}

function checkFields(p: { type: string; theme: string; periodStart: string | null; periodEnd: string | null }): void {
  if (p.type === 'thematic' && !p.theme.trim()) {
    throw new AppError('VALIDATION', 'A thematic programme needs a theme, such as pre-birth, neglect, young carers or exploitation.');
  }
  if (p.periodStart && p.periodEnd && p.periodEnd < p.periodStart) {
    throw new AppError('VALIDATION', `The period ends (${formatUkDate(p.periodEnd)}) before it starts (${formatUkDate(p.periodStart)}). Check the dates.`);
  }
}

export function createProgramme(ctx: CoreContext, input: CreateInput): Programme {
  const who = ctx.actor();
  const templateId = checkTemplate(ctx, input.templateId);
  checkFields(input);
  const id = newId();
  write(ctx, (tx) =>
    tx.insert('programmes', {
      id,
      name: input.name,
      type: input.type,
      theme: input.theme,
      partner_agencies: JSON.stringify(input.type === 'multi-agency' ? input.partnerAgencies : []),
      template_id: templateId,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      due_date: input.dueDate,
      status: input.status,
      sample_seed: null,
      sample_options: null,
      sampled_at: null,
      created_by: who.id,
      created_at: tx.at,
      updated_at: tx.at,
    }),
  );
  return rowToProgramme(getProgrammeRow(ctx.db, id));
}

export function updateProgramme(ctx: CoreContext, input: UpdateInput): Programme {
  write(ctx, (tx) => {
    const row = getProgrammeRow(tx.db, input.id);
    const reopening = input.status !== undefined && input.status !== 'closed';
    if (row.status === 'closed' && !reopening) assertNotClosed(row, 'change it');
    const patch: Record<string, unknown> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.type !== undefined) patch.type = input.type;
    if (input.theme !== undefined) patch.theme = input.theme;
    if (input.partnerAgencies !== undefined) patch.partner_agencies = JSON.stringify(input.partnerAgencies);
    for (const [field, column] of [['periodStart', 'period_start'], ['periodEnd', 'period_end'], ['dueDate', 'due_date']] as const) {
      if (input[field] !== undefined) patch[column] = input[field];
    }
    if (input.status !== undefined) patch.status = input.status;
    if (input.templateId !== undefined && input.templateId !== row.template_id) {
      const started = prepared(tx.db, 'SELECT count(*) AS n FROM audits WHERE programme_id = ?').get(row.id) as { n: number };
      if (started.n > 0) {
        throw new AppError('CONFLICT', `${started.n} audits in "${row.name}" have started with its template version, so the version cannot change. Start a new programme for the new version.`);
      }
      patch.template_id = checkTemplate(ctx, input.templateId);
    }
    checkFields({
      type: (patch.type as string) ?? row.type,
      theme: (patch.theme as string) ?? row.theme,
      periodStart: patch.period_start === undefined ? row.period_start : (patch.period_start as string | null),
      periodEnd: patch.period_end === undefined ? row.period_end : (patch.period_end as string | null),
    });
    if (Object.keys(patch).length === 0) return;
    patch.updated_at = tx.at;
    tx.update('programmes', { id: row.id }, patch, programmeTarget(row.id));
  });
  return rowToProgramme(getProgrammeRow(ctx.db, input.id));
}

const strataLabel = (team: string, caseType: string): string => `${team} · ${caseTypeLabel(caseType)}`;

/** Adds one case to a programme (skipped when it is already in). Returns whether it was added. */
export function insertProgrammeCase(
  tx: Tx,
  programmeId: string,
  c: { id: string; team: string; caseType: string },
  how: { chosenBy: 'hand' | 'sample'; stratum?: string; onPurpose: boolean },
): boolean {
  const exists = prepared(tx.db, 'SELECT 1 FROM programme_cases WHERE programme_id = ? AND case_id = ?').get(programmeId, c.id);
  if (exists) return false;
  tx.insert(
    'programme_cases',
    {
      programme_id: programmeId,
      case_id: c.id,
      auditor_id: null,
      partner_auditor: '',
      partner_agency: '',
      chosen_by: how.chosenBy,
      stratum: how.stratum ?? strataLabel(c.team, c.caseType),
      included_on_purpose: how.onPurpose ? 1 : 0,
      added_at: tx.at,
    },
    programmeTarget(programmeId, c.id),
  );
  return true;
}

/** Picking by hand is deliberate: a case audited in the last 12 months is marked as included on purpose. */
export function addCasesByHand(ctx: CoreContext, programmeId: string, caseIds: string[]): void {
  const today = londonDate(ctx.now());
  write(ctx, (tx) => {
    const row = getProgrammeRow(tx.db, programmeId);
    assertNotClosed(row, 'add cases');
    const register = new Map(registerCases(tx.db).map((c) => [c.id, c]));
    const last = lastAuditedByCase(tx.db);
    for (const caseId of new Set(caseIds)) {
      const c = register.get(caseId);
      if (!c) throw notFound('Case', caseId);
      insertProgrammeCase(tx, programmeId, c, { chosenBy: 'hand', onPurpose: isRecentlyAudited(last.get(c.id) ?? null, today) });
    }
  });
}

export function removeProgrammeCase(ctx: CoreContext, programmeId: string, caseId: string): void {
  write(ctx, (tx) => {
    const row = getProgrammeRow(tx.db, programmeId);
    assertNotClosed(row, 'take cases out');
    const audit = prepared(tx.db, 'SELECT status FROM audits WHERE programme_id = ? AND case_id = ? LIMIT 1').get(programmeId, caseId);
    if (audit) throw new AppError('CONFLICT', 'The audit of this case has started in this programme, so the case stays in it.');
    tx.remove('programme_cases', { programme_id: programmeId, case_id: caseId }, programmeTarget(programmeId, caseId));
  });
}

/** Cases in the register that are not yet in the programme, for picking by hand. */
export function candidateCases(ctx: CoreContext, input: { programmeId: string; team?: string; caseType?: string; search?: string }): CandidateCase[] {
  getProgrammeRow(ctx.db, input.programmeId);
  const inProgramme = new Set(
    (prepared(ctx.db, 'SELECT case_id FROM programme_cases WHERE programme_id = ?').all(input.programmeId) as { case_id: string }[]).map((r) => r.case_id),
  );
  const last = lastAuditedByCase(ctx.db);
  const search = input.search?.toLowerCase() ?? '';
  return registerCases(ctx.db, { teams: input.team ? [input.team] : [], caseTypes: input.caseType ? [input.caseType] : [] })
    .filter((c) => !inProgramme.has(c.id) && (!search || c.reference.toLowerCase().includes(search) || c.worker.toLowerCase().includes(search)))
    .slice(0, 300)
    .map((c) => ({ ...c, lastAuditedAt: last.get(c.id) ?? null }));
}
