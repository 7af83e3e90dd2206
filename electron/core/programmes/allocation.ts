import type { AllocationSummary } from '../../../shared/api/programmes';
import { allocateCases, checkAssignment, type AllocationAuditor } from '../../../shared/domain/allocation';
import type { CoreContext } from '../context';
import { AppError, notFound } from '../errors';
import { getUser } from '../session/users';
import { write } from '../write';
import { auditorUsers, getProgrammeRow, openWorkElsewhere, programmeCases } from './queries';
import { assertNotClosed, programmeTarget } from './service';

/**
 * Gives every case in the programme that has no auditor one, spreading load evenly (open work
 * elsewhere counts) and never to someone who manages the case's team. Cases already given to
 * someone keep their auditor; cases whose audit has started stay with whoever started it.
 */
export function allocateProgramme(ctx: CoreContext, programmeId: string, auditorIds?: string[]): AllocationSummary {
  return write(ctx, (tx) => {
    const row = getProgrammeRow(tx.db, programmeId);
    assertNotClosed(row, 'allocate its cases');
    let users = auditorUsers(tx.db);
    if (auditorIds && auditorIds.length > 0) {
      const wanted = new Set(auditorIds);
      users = users.filter((u) => wanted.has(u.id));
      if (users.length !== wanted.size) throw new AppError('VALIDATION', 'Some of the chosen people are not auditors. Choose auditors from the list.');
    }
    if (users.length === 0) throw new AppError('VALIDATION', 'There are no auditors to allocate to. Add auditors (Settings → people) first.');
    const elsewhere = openWorkElsewhere(tx.db, programmeId);
    const cases = programmeCases(tx.db, programmeId);
    const started = cases.filter((c) => c.audit !== null);
    const open = cases.filter((c) => c.audit === null);
    const startedHere = new Map<string, number>();
    for (const c of started) if (c.auditorId) startedHere.set(c.auditorId, (startedHere.get(c.auditorId) ?? 0) + 1);

    const auditors: AllocationAuditor[] = users.map((u) => ({
      id: u.id,
      name: u.name,
      managesTeams: u.managesTeams,
      openAudits: (elsewhere.get(u.id) ?? 0) + (startedHere.get(u.id) ?? 0),
    }));
    const existing: Record<string, string> = {};
    for (const c of open) if (c.auditorId) existing[c.caseId] = c.auditorId;
    const result = allocateCases({ cases: open.map((c) => ({ id: c.caseId, team: c.team })), auditors, existing });

    let allocated = 0;
    for (const c of open) {
      const to = result.assignments[c.caseId] ?? null;
      if (to !== c.auditorId) {
        tx.update('programme_cases', { programme_id: programmeId, case_id: c.caseId }, { auditor_id: to }, programmeTarget(programmeId, c.caseId));
        allocated += 1;
      }
    }
    tx.event(programmeTarget(programmeId), 'allocated', { allocated, unassigned: result.unassigned.length });
    const refs = new Map(cases.map((c) => [c.caseId, c.reference]));
    return {
      allocated,
      unassigned: result.unassigned.map((u) => ({ caseId: u.caseId, reference: refs.get(u.caseId) ?? u.caseId, reason: u.reason })),
      load: auditors.map((a) => ({
        auditorId: a.id,
        name: a.name,
        here: (result.load[a.id] ?? 0) - a.openAudits + (startedHere.get(a.id) ?? 0),
        openElsewhere: elsewhere.get(a.id) ?? 0,
      })),
    };
  });
}

/** Moves one case to another auditor by hand. The own-team rule still applies. */
export function assignCase(ctx: CoreContext, programmeId: string, caseId: string, auditorId: string): void {
  write(ctx, (tx) => {
    const row = getProgrammeRow(tx.db, programmeId);
    assertNotClosed(row, 'move its cases');
    const c = programmeCases(tx.db, programmeId).find((pc) => pc.caseId === caseId);
    if (!c) throw new AppError('NOT_FOUND', `That case is not in "${row.name}". Reload the programme page.`);
    if (c.audit) {
      throw new AppError('CONFLICT', `The audit of ${c.reference} has started (${c.audit.auditorName}), so it stays with the auditor who started it.`);
    }
    const auditor = getUser(tx.db, auditorId);
    if (!auditor) throw notFound('Auditor', auditorId);
    const check = checkAssignment({ id: c.caseId, team: c.team }, { ...auditor, openAudits: 0 });
    if (!check.ok) throw new AppError('VALIDATION', `${c.reference} was not moved: ${check.reason} Choose an auditor from another team.`);
    tx.update('programme_cases', { programme_id: programmeId, case_id: caseId }, { auditor_id: auditorId }, programmeTarget(programmeId, caseId));
  });
}

/** Multi-agency programmes: a partner agency's auditor audits the case alongside. */
export function setPartnerAuditor(ctx: CoreContext, input: { programmeId: string; caseId: string; partnerAuditor: string; partnerAgency: string }): void {
  write(ctx, (tx) => {
    const row = getProgrammeRow(tx.db, input.programmeId);
    assertNotClosed(row, 'change partner auditors');
    if (row.type !== 'multi-agency') {
      throw new AppError('VALIDATION', `"${row.name}" is not a multi-agency programme, so its cases have no partner auditor.`);
    }
    const agencies = JSON.parse(row.partner_agencies) as string[];
    if (input.partnerAuditor && !input.partnerAgency) throw new AppError('VALIDATION', 'Say which partner agency the partner auditor is from.');
    if (input.partnerAgency && agencies.length > 0 && !agencies.includes(input.partnerAgency)) {
      throw new AppError('VALIDATION', `${input.partnerAgency} is not one of this programme's partner agencies (${agencies.join(', ')}). Add it to the programme first.`);
    }
    const inIt = programmeCases(tx.db, input.programmeId).some((c) => c.caseId === input.caseId);
    if (!inIt) throw new AppError('NOT_FOUND', `That case is not in "${row.name}". Reload the programme page.`);
    tx.update(
      'programme_cases',
      { programme_id: input.programmeId, case_id: input.caseId },
      { partner_auditor: input.partnerAuditor, partner_agency: input.partnerAuditor ? input.partnerAgency : '' },
      programmeTarget(input.programmeId, input.caseId),
    );
  });
}
