import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { api, expect, signInAs } from './fixtures';

/** No serious or critical axe violations on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
  expect(bad).toEqual([]);
}

/**
 * Submits an audit (every section 2 Good, overall 2 Good) through the editor's contract as whoever
 * is signed in; "left at significant risk" is answered No unless `leftAtRisk: 'unanswered'`.
 */
export async function submitGoodAudit(page: Page, reference: string, options: { leftAtRisk?: 'no' | 'unanswered' } = {}): Promise<string> {
  const { id } = await api<{ id: string }>(page, 'audits:start', { caseReference: reference });
  const detail = await api<{ revision: number }>(page, 'audits:get', { id });
  const changes: unknown[] = [];
  for (let i = 1; i <= 10; i++) changes.push({ kind: 'section-grade', section: `s${i}`, grade: 2 }, { kind: 'section-evidence', section: `s${i}`, text: `Section ${i}: purposeful work, visits on time.` });
  changes.push(
    { kind: 'feedback-spoken', who: 'child', value: 'yes' },
    { kind: 'feedback-text', who: 'child', field: 'said', text: 'I like my worker.' },
    { kind: 'feedback-view', who: 'child', value: 'helpful' },
    { kind: 'feedback-spoken', who: 'parent', value: 'no' },
    { kind: 'feedback-text', who: 'parent', field: 'reason', text: 'Declined to take part.' },
    { kind: 'key-findings', text: 'The child is safer and the plan is working.' },
    ...(options.leftAtRisk === 'unanswered' ? [] : [{ kind: 'answer', question: 'left_at_risk', answer: 'no' }]),
    { kind: 'overall', grade: 2 },
  );
  const saved = await api<{ revision: number }>(page, 'audits:save', { id, revision: detail.revision, changes });
  await api(page, 'audits:submit', { id, revision: saved.revision });
  return id;
}

/**
 * What the QA lead does before an auditor audits a case (an auditor may start audits only of the
 * cases they can see: allocated to them, or in a team they manage): signs in as the demo QA lead and
 * allocates these demo cases to the auditor, in a programme closed afterwards so no list of planned
 * or open programmes shows it. Leaves the QA lead signed in; sign in as the auditor next.
 */
export async function allocateToAuditor(page: Page, auditor: string, references: string[]): Promise<void> {
  await signInAs(page, 'Kit Demo-Marlowe');
  const people = await api<{ id: string; name: string }[]>(page, 'people:list', {});
  const auditorId = people.find((p) => p.name === auditor)!.id;
  const programme = await api<{ id: string }>(page, 'programmes:create', { name: `Allocated to ${auditor}`, type: 'monthly' });
  const caseIds: string[] = [];
  for (const reference of references) {
    const list = await api<{ rows: { id: string; reference: string }[] }>(page, 'cases:list', { search: reference });
    caseIds.push(list.rows.find((r) => r.reference.toLowerCase() === reference.toLowerCase())!.id);
  }
  await api(page, 'programmes:addCases', { programmeId: programme.id, caseIds });
  for (const caseId of caseIds) await api(page, 'programmes:assign', { programmeId: programme.id, caseId, auditorId });
  await api(page, 'programmes:update', { id: programme.id, status: 'closed' });
}
