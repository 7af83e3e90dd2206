import { hash } from '@node-rs/argon2';
import { ARGON2 } from '../../electron/server/init';
import { ChainDevice, LEAD, value } from './teamServer';

export interface Member {
  id: string;
  name: string;
  email: string;
  passphrase: string;
  role: 'auditor' | 'moderator' | 'qa-lead';
}

const now = () => new Date().toISOString();

export const personRow = (p: Member) => ({
  id: p.id, name: p.name, email: p.email, role: p.role, job_title: '', manages_teams: '[]', agency: null, active: 1, must_change_passphrase: 0, public_key: null, created_at: now(), updated_at: now(),
});

/** The QA lead's laptop adds people: a people row in the log, the passphrase hash beside it. */
export async function addPeople(url: string, lead: ChainDevice, people: Member[]): Promise<void> {
  const changes = [];
  const passphrases = [];
  for (const p of people) {
    changes.push(lead.insert('users', p.id, personRow(p)));
    passphrases.push({ personId: p.id, hash: await hash(p.passphrase, ARGON2) });
  }
  value(await lead.push(url, changes, passphrases));
}

export const member = (id: string, name: string, role: Member['role']): Member => ({ id, name, role, email: `${id}@council.example`, passphrase: `${id} passphrase 2026` });

export const caseRow = (id: string, team: string) => ({
  id, reference: id.toUpperCase(), team, worker: 'Sam Worker', case_type: 'cin', age_band: '5-9', opened_on: '2026-01-10', closed_on: null, created_at: now(), updated_at: now(),
});

export const auditRow = (id: string, caseId: string, auditorId: string, programmeId: string | null) => ({
  id, case_id: caseId, template_id: 'tpl-1', programme_id: programmeId, auditor_id: auditorId, status: 'draft', revision: 0, overall_grade: null,
  key_findings: '', strengths: '[]', areas: '[]', feedback: '{}', justification: '', returned_reason: '', follows_audit_id: null, created_at: now(), updated_at: now(), submitted_at: null,
});

export async function signedIn(url: string, m: Member, skewMs = 0): Promise<ChainDevice> {
  const d = new ChainDevice({ id: m.id, name: m.name }, skewMs);
  await d.signIn(url, m.email, m.passphrase);
  return d;
}

export { LEAD };
