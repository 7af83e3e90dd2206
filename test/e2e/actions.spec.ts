import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { allocateToAuditor } from './auditApi';
import { api, expect, shot, signInAs, startPreview, test, type Preview } from './fixtures';

const AUDITOR = 'Esme Demo-Hartley';
const OWNER = 'Dev Demo-Raman'; // team manager of Family Support East, an owner who can sign in
const QA_LEAD = 'Kit Demo-Marlowe';
const FOLLOW_UP_AUDITOR = 'Femi Demo-Adeyemi';
const CASE = 'DEMO-10008'; // Family Support East, not audited in the demo
const SECTIONS = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10'];

const next = (page: Page) => page.getByRole('button', { name: /^Next:/ }).click();

/** Grades every section, the feedback, the key findings and the overall grade through the editor's own steps. */
async function gradeWholeAudit(page: Page, grade: 2 | 4, evidence: string): Promise<void> {
  for (const key of SECTIONS) {
    await page.locator(`input[name="grade-${key}"][value="${grade}"]`).check();
    await page.locator(`#evidence-${key}`).fill(`${evidence} (${key})`);
    await next(page);
  }
  await expect(page.locator('#step-heading')).toHaveText('Child and family feedback');
  await page.locator('input[name="spoken-child"][value="yes"]').check();
  await page.locator('#said-child').fill('Said nobody has visited since the summer.');
  await page.locator('input[name="view-child"][value="not-helpful"]').check();
  await page.locator('input[name="spoken-parent"][value="no"]').check();
  await page.locator('#reason-parent').fill('Mother declined to take part.');
  await next(page);
  await page.locator('#key-findings').fill(grade === 4 ? 'The case was unallocated for six weeks and the child was not seen. No supervision challenged the delay.' : 'The child is seen alone at every visit and the plan is specific. Supervision sets timescales.');
  await next(page);
  await next(page); // strengths and areas
  // Asked once per audit, on the overall step (needed when a section is Inadequate).
  const leftAtRisk = page.getByRole('group', { name: 'Child left at significant risk without intervention' });
  if (grade === 4) await leftAtRisk.getByLabel('Yes').check();
  await page.locator(`input[name="overall"][value="${grade}"]`).check();
  await expect(page.locator('input[name="overall"]:checked')).toHaveValue(String(grade));
  await expect(page.getByTestId('save-state')).toContainText('Saved at');
}

async function submitAudit(page: Page): Promise<void> {
  await expect(page.locator('#missing-heading')).toHaveText('Complete');
  if (await page.locator('#justification').isVisible()) await page.locator('#justification').fill('Grades agreed with the team manager after reading the whole file.');
  await page.getByRole('button', { name: 'Submit audit' }).click();
  await expect(page.locator('.editor-header .pill')).toHaveText('Submitted');
}

async function addAction(page: Page, a: { title: string; owner: string; role: string; due: string; priority: string; section?: string }): Promise<void> {
  const form = page.getByRole('form', { name: 'Add an action' });
  await form.getByLabel('What must happen for the child').fill(a.title);
  await form.getByLabel('Owner', { exact: true }).fill(a.owner);
  await form.getByLabel("Owner's role").fill(a.role);
  await form.getByLabel('Due date').fill(a.due);
  if (a.section) await form.getByLabel('From section (optional)').selectOption({ label: a.section });
  await form.getByLabel(a.priority, { exact: true }).check();
  await form.getByRole('button', { name: 'Add action' }).click();
  await expect(page.locator('.action-list')).toContainText(a.title);
}

/** Restarts the preview on the same folder with the clock moved to `now`, and signs in again. */
async function later(page: Page, current: Preview, now: string, who: string): Promise<Preview> {
  await current.stop();
  const again = await startPreview({ dir: current.dir, env: { PLUMBLINE_NOW: now } });
  await page.goto(again.url);
  await signInAs(page, who);
  return again;
}

async function openTracker(page: Page, query = ''): Promise<void> {
  await page.goto(`${new URL(page.url()).origin}/#/actions${query}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Actions' })).toBeVisible();
}

const rowOf = (page: Page, title: string) => page.locator('.tracker-table tbody tr').filter({ hasText: title }).first();

test('an Inadequate audit needs actions; they go overdue, the case drifts, one is done and verified, and a follow-up shows the grade before and after', async ({ page }) => {
  test.setTimeout(300_000);
  let preview = await startPreview({ demo: true, env: { PLUMBLINE_NOW: '2026-11-23T10:00:00Z' } });
  try {
    // 1. The auditor grades the case Inadequate throughout.
    await page.goto(preview.url);
    await allocateToAuditor(page, AUDITOR, [CASE]); // an auditor audits the cases allocated to them
    await signInAs(page, AUDITOR);
    await page.getByLabel('Case reference').fill(CASE);
    await page.getByRole('button', { name: 'Start audit', exact: true }).click();
    await expect(page.getByRole('heading', { level: 2, name: /^Section 1:/ })).toBeVisible();
    await gradeWholeAudit(page, 4, 'Unallocated for six weeks; the child was not seen and no supervision is recorded');
    await next(page);
    await expect(page.locator('#step-heading')).toHaveText('Actions');
    await next(page);

    // 2. It cannot be submitted without an action; the check says so and links to the Actions step.
    await expect(page.locator('#missing-heading')).toHaveText('Still to do (1)');
    const missing = page.locator('.missing a').filter({ hasText: 'add at least one action' });
    await expect(missing).toContainText('The overall grade is 4 Inadequate');
    await expect(page.getByRole('button', { name: 'Submit audit' })).toBeDisabled();
    await shot(page, 'actions-submit-needs-action');
    await missing.click();
    await expect(page.locator('#step-heading')).toHaveText('Actions');

    // 3. Two actions: the form checks its fields, then adds them.
    await page.getByRole('button', { name: 'Add action' }).click();
    await expect(page.getByText('Say what must happen for the child')).toBeVisible();
    await expect(page.getByText('Choose a priority.')).toBeVisible();
    await addAction(page, { title: 'Allocate a social worker and visit the child within five working days', owner: OWNER, role: 'Team manager', due: '24/11/2026', priority: 'High', section: 'Section 6: Visits and timeliness' });
    await addAction(page, { title: 'Hold a core group with school and health and share the minutes', owner: 'P. Demo-Everly', role: 'Social worker', due: '26 Nov 2026', priority: 'Medium' });
    await expect(page.locator('.audit-actions-count')).toHaveText('2 actions');
    await shot(page, 'actions-audit-step');
    await next(page);
    await submitAudit(page);

    // 4. Five days on: both overdue, not yet drifting.
    preview = await later(page, preview, '2026-11-28T10:00:00Z', QA_LEAD);
    await openTracker(page);
    await page.getByLabel('Case reference').fill(CASE);
    await expect(page.locator('.tracker-count')).toHaveText('2 actions');
    await expect(rowOf(page, 'Allocate a social worker').locator('.overdue-tag')).toHaveText('4 days');
    await expect(rowOf(page, 'Hold a core group').locator('.overdue-tag')).toHaveText('2 days');
    await expect(page.locator('.tracker-table .drift-tag')).toHaveCount(0);
    await shot(page, 'actions-tracker-overdue');
    await page.getByRole('link', { name: 'Drifting cases' }).click();
    await expect(page.locator('#drift-count')).toBeVisible();
    await expect(page.locator('.drift-case').filter({ hasText: CASE })).toHaveCount(0);

    // 5. Six weeks on: the case drifts, with its reasons.
    preview = await later(page, preview, '2027-01-05T10:00:00Z', QA_LEAD);
    await openTracker(page, '?tab=drift');
    const drifting = page.locator('.drift-case').filter({ hasText: `Case ${CASE}` });
    await expect(drifting).toContainText("Action 'Allocate a social worker and visit the child within five working days' is 42 days overdue (due 24 Nov 2026).");
    await expect(drifting.locator('.drift-tag').first()).toHaveText('Overdue more than 28 days');
    await drifting.scrollIntoViewIfNeeded();
    await shot(page, 'actions-drift');
    await openTracker(page, '?drifting=1');
    await page.getByLabel('Case reference').fill(CASE);
    await expect(rowOf(page, 'Allocate a social worker').locator('.drift-tag').first()).toHaveText('Overdue more than 28 days');
    await shot(page, 'actions-tracker');

    // 6. The owner sees it on the dashboard, and marks it done.
    preview = await later(page, preview, '2027-01-05T11:00:00Z', OWNER);
    const reminders = page.getByRole('region', { name: 'Action reminders' });
    await expect(reminders.getByRole('region', { name: /^My overdue actions/ })).toContainText(`Case ${CASE}`);
    await expect(reminders.getByRole('region', { name: /^Drifting cases/ })).toContainText(`Case ${CASE}`);
    await shot(page, 'actions-dashboard-reminders');
    await openTracker(page, `?owner=${encodeURIComponent(OWNER)}`);
    await page.getByLabel('Case reference').fill(CASE);
    await rowOf(page, 'Allocate a social worker').getByRole('button', { name: /^Update/ }).click();
    await expect(page.getByRole('button', { name: 'Verify' })).toHaveCount(0); // an auditor cannot verify
    await page.getByRole('button', { name: 'Mark done' }).click();
    await page.getByLabel('What was done').fill('Social worker allocated on 2 Jan; child seen alone at home on 4 Jan.');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('.banner-ok')).toContainText('Mark done: saved');
    await expect(rowOf(page, 'Allocate a social worker').locator('.pill')).toHaveText('Done');

    // 7. A QA lead verifies it.
    preview = await later(page, preview, '2027-01-06T09:00:00Z', QA_LEAD);
    await openTracker(page, '?status=done');
    await page.getByLabel('Case reference').fill(CASE);
    await rowOf(page, 'Allocate a social worker').getByRole('button', { name: /^Update/ }).click();
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByLabel('How you checked it (optional)').fill('Visit record and allocation checked on the file.');
    await page.getByRole('button', { name: 'Verify action' }).click();
    await expect(page.locator('.banner-ok')).toContainText('Verify: saved');
    await page.getByLabel('Status').selectOption('verified');
    await expect(rowOf(page, 'Allocate a social worker').locator('.pill')).toHaveText('Verified');

    // 8. The QA lead schedules a follow-up re-audit from the action, for another auditor and a date: nothing starts yet.
    preview = await later(page, preview, '2027-02-15T10:00:00Z', QA_LEAD);
    await openTracker(page, '?status=verified');
    await page.getByLabel('Case reference').fill(CASE);
    await rowOf(page, 'Allocate a social worker').getByRole('button', { name: /^Update/ }).click();
    await page.getByRole('button', { name: 'Schedule follow-up re-audit' }).click();
    await page.getByRole('button', { name: 'Schedule re-audit' }).click();
    await expect(page.locator('.op-form').getByRole('alert')).toContainText('Choose who will do the follow-up re-audit.');
    await page.getByLabel('Auditor').selectOption({ label: FOLLOW_UP_AUDITOR });
    await page.getByLabel('Re-audit due by').fill('1 Mar 2027');
    await shot(page, 'actions-follow-up-schedule');
    await page.getByRole('button', { name: 'Schedule re-audit' }).click();
    await expect(page.locator('.banner-ok')).toContainText(`Follow-up re-audit of case ${CASE} scheduled for ${FOLLOW_UP_AUDITOR}, due 1 Mar 2027.`);
    await expect(page.locator('.action-detail')).toContainText(`Scheduled for ${FOLLOW_UP_AUDITOR}, due 1 Mar 2027`);
    await expect(page.getByRole('button', { name: 'Start follow-up re-audit' })).toHaveCount(0); // only the auditor it is for starts it

    // 9. Two days after its date, it is overdue on that auditor's dashboard; they start it from there and grade it Good.
    preview = await later(page, preview, '2027-03-03T10:00:00Z', FOLLOW_UP_AUDITOR);
    const card = page.getByRole('region', { name: /^Follow-up re-audits/ });
    const item = card.getByRole('listitem').filter({ hasText: `Case ${CASE}` });
    await expect(item).toContainText('Due 1 Mar 2027');
    await expect(item.locator('.overdue-tag')).toHaveText('2 days overdue');
    await card.scrollIntoViewIfNeeded();
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await shot(page, 'actions-follow-up-dashboard');
    await page.screenshot({ path: '/tmp/follow-up-dashboard.png' });
    // Keyboard: Tab reaches the start button, Enter starts it.
    await item.getByRole('button').focus();
    await expect(item.getByRole('button', { name: `Start the re-audit of case ${CASE}` })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: `Case ${CASE}` })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: /^Section 1:/ })).toBeVisible();
    await gradeWholeAudit(page, 2, 'Allocated and visited within timescales; the child is seen alone');
    await next(page);
    await next(page);
    await submitAudit(page);

    // 10. The grade before and after.
    await openTracker(page, '?status=verified');
    await page.getByLabel('Case reference').fill(CASE);
    await rowOf(page, 'Allocate a social worker').getByRole('button', { name: /^Update/ }).click();
    const beforeAfter = page.locator('.action-detail .grade-before-after');
    await expect(beforeAfter).toContainText('Before 4 Inadequate');
    await expect(beforeAfter).toContainText('after 2 Good');
    await shot(page, 'actions-follow-up-before-after');
    const list = await api<{ rows: { caseId: string }[] }>(page, 'actions:list', { caseRef: CASE, limit: 1 });
    const followUps = await api<{ gradeBefore: number; gradeAfter: number }[]>(page, 'actions:followUps', { caseId: list.rows[0].caseId });
    expect(followUps.map((f) => [f.gradeBefore, f.gradeAfter])).toEqual([[4, 2]]);

    // 11. Timeliness figures with a chart over months.
    await openTracker(page, '?tab=timeliness');
    await expect(page.getByRole('heading', { name: 'Actions due each month: done on time, or late' })).toBeVisible();
    await expect(page.locator('.timeliness-chart .recharts-bar-rectangle').first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'By team' })).toContainText('Family Support East');
    await shot(page, 'actions-timeliness');
  } finally {
    await preview.stop();
    fs.rmSync(preview.dir, { recursive: true, force: true });
  }
});
