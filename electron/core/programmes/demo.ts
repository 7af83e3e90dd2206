import { addDays, MONTHS_SHORT } from '../../../shared/domain/dates';
import { allocateCases } from '../../../shared/domain/allocation';
import { caseTypeLabel } from '../../../shared/domain/sampling';
import { registerDemoExtension, type DemoInfo } from '../demo/generate';
import { newId, prepared, type Tx } from '../write';
import { programmeTarget } from './service';

interface DemoCase {
  id: string;
  team: string;
  case_type: string;
}

function insertProgramme(tx: Tx, fields: Record<string, unknown>): string {
  const id = newId();
  tx.insert('programmes', {
    id,
    theme: '',
    partner_agencies: '[]',
    sample_seed: null,
    sample_options: null,
    sampled_at: null,
    created_at: tx.at,
    updated_at: tx.at,
    ...fields,
  });
  return id;
}

function addCase(tx: Tx, programmeId: string, c: DemoCase, auditorId: string | null, partner?: { name: string; agency: string }): void {
  tx.insert(
    'programme_cases',
    {
      programme_id: programmeId,
      case_id: c.id,
      auditor_id: auditorId,
      partner_auditor: partner?.name ?? '',
      partner_agency: partner?.agency ?? '',
      chosen_by: 'hand',
      stratum: `${c.team} · ${caseTypeLabel(c.case_type)}`,
      included_on_purpose: 0,
      added_at: tx.at,
    },
    programmeTarget(programmeId, c.id),
  );
}

/** Allocates with the same rule the app uses: even load, never a case from a team the auditor manages. */
function allocate(tx: Tx, cases: DemoCase[]): Record<string, string> {
  const auditors = (prepared(tx.db, "SELECT id, name, manages_teams FROM users WHERE role = 'auditor'").all() as { id: string; name: string; manages_teams: string }[]).map(
    (u) => ({ id: u.id, name: u.name, managesTeams: JSON.parse(u.manages_teams) as string[], openAudits: 0 }),
  );
  return allocateCases({ cases: cases.map((c) => ({ id: c.id, team: c.team })), auditors }).assignments;
}

/**
 * Two demo programmes: last month's monthly round (holding the first sixteen demo audits, some
 * unfinished and past the due date) and a planned multi-agency neglect audit with partner auditors.
 */
export function addDemoProgrammes(tx: Tx, info: DemoInfo): void {
  const template = prepared(tx.db, "SELECT id FROM templates WHERE status = 'published' ORDER BY version LIMIT 1").get() as { id: string } | undefined;
  if (!template) return;
  const qaLead = Object.entries(info.userIds).find(([name]) => name.startsWith('Kit '))?.[1] ?? null;
  const caseOf = (id: string) => prepared(tx.db, 'SELECT id, team, case_type FROM cases WHERE id = ?').get(id) as DemoCase;

  const start = addDays(info.today, -45);
  const monthly = insertProgramme(tx, {
    name: `Monthly audit: ${MONTHS_SHORT[Number(start.slice(5, 7)) - 1]} ${start.slice(0, 4)}`,
    type: 'monthly',
    template_id: template.id,
    period_start: start,
    period_end: addDays(info.today, -15),
    due_date: addDays(info.today, -5),
    status: 'open',
    created_by: qaLead,
  });
  const used = new Set<string>();
  for (const audit of info.auditIds.slice(0, 16)) {
    if (used.has(audit.caseId)) continue;
    used.add(audit.caseId);
    addCase(tx, monthly, caseOf(audit.caseId), audit.auditorId);
    tx.update('audits', { id: audit.id }, { programme_id: monthly }, { entity: 'audit', entityId: audit.id });
  }
  const spare = info.caseIds.filter((id) => !used.has(id) && !info.auditIds.some((a) => a.caseId === id));
  const notStarted = spare.slice(0, 4).map(caseOf);
  const monthlyAssignments = allocate(tx, notStarted);
  for (const c of notStarted) addCase(tx, monthly, c, monthlyAssignments[c.id] ?? null);

  const agencies = ['Police', 'Health', 'Education'];
  const neglect = insertProgramme(tx, {
    name: 'Multi-agency audit: neglect',
    type: 'multi-agency',
    theme: 'Neglect',
    partner_agencies: JSON.stringify(agencies),
    template_id: template.id,
    period_start: addDays(info.today, 7),
    period_end: addDays(info.today, 37),
    due_date: addDays(info.today, 45),
    status: 'planned',
    created_by: qaLead,
  });
  const neglectCases = spare.slice(4, 10).map(caseOf);
  const neglectAssignments = allocate(tx, neglectCases);
  const partners = ['DS R. Demo-Whitlock', 'Nurse J. Demo-Okoro', 'Ms P. Demo-Sands'];
  neglectCases.forEach((c, i) => {
    const partner = i < 3 ? { name: partners[i], agency: agencies[i] } : undefined;
    addCase(tx, neglect, c, neglectAssignments[c.id] ?? null, partner);
  });
}

registerDemoExtension((tx, _rng, info) => addDemoProgrammes(tx, info));
