import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { allocateToAuditor } from './auditApi';
import { api, expect, shot, signInAs, test } from './fixtures';

const AUDITOR = 'Esme Demo-Hartley';
const MODERATOR = 'Iris Demo-Fairbanks';
const JUSTIFICATION = 'The family have turned a corner since the new worker started; the child is thriving at school.';

/**
 * Writes an audit through the audit editor's contract (every section 3 Requires improvement, overall
 * 1 Outstanding: a limiting rule is broken), as whoever is signed in, and leaves it unsubmitted.
 */
async function writeOverOptimisticAudit(page: Page, reference: string): Promise<{ id: string; revision: number }> {
  const { id } = await api<{ id: string }>(page, 'audits:start', { caseReference: reference });
  const detail = await api<{ revision: number }>(page, 'audits:get', { id });
  const changes: unknown[] = [];
  for (let i = 1; i <= 10; i++) {
    changes.push({ kind: 'section-grade', section: `s${i}`, grade: 3 }, { kind: 'section-evidence', section: `s${i}`, text: `Section ${i}: some purposeful work, but the plan has not moved on.` });
  }
  changes.push(
    { kind: 'feedback-spoken', who: 'child', value: 'yes' },
    { kind: 'feedback-text', who: 'child', field: 'said', text: 'I like my worker and my new school.' },
    { kind: 'feedback-view', who: 'child', value: 'helpful' },
    { kind: 'feedback-spoken', who: 'parent', value: 'no' },
    { kind: 'feedback-text', who: 'parent', field: 'reason', text: 'Father declined to take part.' },
    { kind: 'key-findings', text: 'The child is doing well at school; the plan needs timescales.' },
    { kind: 'overall', grade: 1 },
  );
  const saved = await api<{ revision: number }>(page, 'audits:save', { id, revision: detail.revision, changes });
  return { id, revision: saved.revision };
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

/** The auditor's calibration figure as the calibration page shows it: overall grades, mean shift. */
async function overallShiftFor(page: Page, auditor: string): Promise<string> {
  await page.goto(`${new URL(page.url()).origin}/#/calibration`);
  await page.getByLabel('Auditor', { exact: true }).selectOption({ label: auditor });
  await page.getByLabel('Section', { exact: true }).selectOption({ label: 'Overall' });
  await expect(page.getByTestId('figures-scope')).toHaveText(`Showing: ${auditor} · Overall`);
  const stat = page.locator('.mod-stat').filter({ hasText: 'Mean shift' }).locator('.stat');
  await expect(stat).toBeVisible();
  return (await stat.textContent()) ?? '';
}

test('an over-optimistic audit is justified, moderated blind, reconciled and agreed lower; the calibration figure moves', async ({ page, preview }) => {
  test.setTimeout(480_000);
  await page.goto(preview.url);
  await signInAs(page, MODERATOR);
  const before = await overallShiftFor(page, AUDITOR);

  // The auditor submits in the audit editor and must justify the blocking warning.
  await allocateToAuditor(page, AUDITOR, ['DEMO-10151']);
  await signInAs(page, AUDITOR);
  const { id } = await writeOverOptimisticAudit(page, 'DEMO-10151');
  await page.goto(`${preview.url.split('#')[0]}#/audits/${encodeURIComponent(id)}?step=submit`);
  await expect(page.locator('.warning-blocking').first()).toBeVisible();
  const submit = page.getByRole('button', { name: 'Submit audit' });
  await expect(submit).toBeDisabled();
  await page.locator('#justification').fill(JUSTIFICATION);
  await expect(submit).toBeEnabled();
  await submit.click();
  await expect(page.getByText(/submitted/i).first()).toBeVisible();

  // The moderator draws a sample and finds the audit in the queue.
  await signInAs(page, MODERATOR);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Moderation' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for moderation' })).toBeVisible();
  await page.getByLabel('Seed (optional)').fill('2026');
  await page.getByRole('button', { name: 'Draw sample' }).click();
  await expect(page.locator('.mod-last-draw')).toContainText('seed 2026');
  const row = page.getByRole('row').filter({ hasText: 'DEMO-10151' }).filter({ hasText: AUDITOR });
  await expect(row).toContainText(AUDITOR);
  await expect(row).toContainText('Limiting rule broken');
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'moderation-queue');
  await row.getByRole('link', { name: 'Moderate case DEMO-10151' }).click();

  // Blind: nothing of the auditor's is on the page until the whole file is graded.
  await page.getByRole('button', { name: 'Start blind moderation' }).click();
  await expect(page.getByRole('heading', { name: 'Blind grading' })).toBeVisible();
  await expect(page.getByText(JUSTIFICATION)).toHaveCount(0);
  await expect(page.getByText('Section 1: some purposeful work')).toHaveCount(0);
  await expect(page.locator('.grade')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: "The auditor's findings" })).toHaveCount(0);
  for (let i = 1; i <= 10; i++) {
    const grade = i === 10 ? 4 : 3;
    await page.locator(`label[for="blind-s${i}-${grade}"]`).click();
    await expect(page.locator(`#blind-s${i}-${grade}`)).toBeChecked();
  }
  await page.getByLabel('Your notes (optional)').last().fill('No evidence the plan has changed anything for the child.');
  await page.locator('label[for="blind-overall-3"]').click();
  await expect(page.locator('.mod-progress')).toHaveText('11 of 11 graded');
  expect(await seriousViolations(page)).toEqual([]);
  await page.locator('#blind-heading').evaluate((el) => el.scrollIntoView());
  await shot(page, 'moderation-blind');
  await page.getByRole('button', { name: 'Finish blind grading and compare' }).click();

  // Reconciliation: differences only by default; the justification is now shown.
  await expect(page.getByRole('heading', { name: 'Reconciliation' })).toBeVisible();
  await expect(page.getByLabel('Differences only')).toBeChecked();
  await expect(page.locator('.mod-justification')).toHaveText(JUSTIFICATION);
  const rows = page.locator('.mod-rec-row');
  await expect(rows).toHaveCount(2); // section 10 and overall
  await expect(page.locator('.mod-progress')).toHaveText('2 differences, 0 agreed.');
  await page.getByLabel('Agreed grade, section 10').selectOption('3');
  await page.getByLabel('Rationale for the agreed grade').first().fill('Discussed with the auditor: some impact is evident in school attendance.');
  await page.getByLabel('Reason code').first().selectOption('recording-gap');
  await page.getByRole('button', { name: 'Save agreed grade' }).first().click();
  await expect(page.locator('.mod-progress')).toHaveText('2 differences, 1 agreed.');
  await page.getByLabel('Agreed grade, overall').selectOption('3');
  await page.getByLabel('Rationale for the agreed grade').fill('Every section requires improvement; the overall grade cannot be Outstanding.');
  await page.getByLabel('Reason code').selectOption('over-optimistic');
  await expect(page.getByLabel('Agreed grade, overall')).toHaveValue('3');
  expect(await seriousViolations(page)).toEqual([]);
  await page.locator('#rec-heading').scrollIntoViewIfNeeded();
  await shot(page, 'moderation-reconciliation');
  await page.getByRole('button', { name: 'Save agreed grade' }).click();
  await expect(page.locator('.mod-progress')).toHaveText('2 differences, 2 agreed.');
  await page.getByLabel('Differences only').uncheck();
  await expect(rows).toHaveCount(11);
  await page.getByRole('button', { name: 'Agree grades' }).click();

  // The record keeps all three grades and both texts.
  await expect(page.getByRole('heading', { name: 'Moderation record' })).toBeVisible();
  const overall = page.locator('.mod-record tr').filter({ hasText: /^Overall/ });
  await expect(overall.locator('td').nth(0)).toHaveText('1 Outstanding');
  await expect(overall.locator('td').nth(1)).toHaveText('3 Requires improvement to be good');
  await expect(overall.locator('td').nth(2)).toHaveText('3 Requires improvement to be good');
  await expect(overall).toContainText('Over-optimistic');
  await expect(page.locator('.mod-record')).toContainText('No evidence the plan has changed anything for the child.');

  // The auditor's calibration figure has moved.
  const after = await overallShiftFor(page, AUDITOR);
  expect(after).not.toBe(before);
  expect(Number(after.replace('−', '-'))).toBeGreaterThan(Number(before.replace('−', '-')));
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('heading', { name: 'Mean shift per auditor' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Training needs' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.locator('#headline-heading').evaluate((el) => el.scrollIntoView());
  await shot(page, 'moderation-calibration');
  await page.locator('#needs-heading').evaluate((el) => {
    el.scrollIntoView();
    window.scrollBy(0, 70); // past the table above, whose header would otherwise stick at the top
  });
  await shot(page, 'moderation-calibration-training-needs');
});

test('a moderator cannot open their own audit for moderation', async ({ page, preview }) => {
  await page.goto(preview.url);
  await signInAs(page, MODERATOR);
  const { id, revision } = await writeOverOptimisticAudit(page, 'DEMO-10152');
  await api(page, 'audits:submit', { id, revision, justification: 'Head of service audit: the child is thriving, see the school report.' });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Moderation' }).click();
  const row = page.getByRole('row').filter({ hasText: 'DEMO-10152' }).filter({ hasText: MODERATOR });
  await expect(row).toContainText('Your audit: another moderator must moderate it');
  await expect(row.getByRole('link', { name: /Moderate/ })).toHaveCount(0);

  await page.goto(`${preview.url.split('#')[0]}#/moderation/${encodeURIComponent(id)}`);
  await expect(page.getByRole('alert')).toContainText('You wrote this audit (case DEMO-10152), so you cannot moderate it.');
  await expect(page.getByRole('button', { name: /Start (blind|open) moderation/ })).toHaveCount(0);
  await shot(page, 'moderation-own-audit');

  // Another moderator can.
  await signInAs(page, 'Jonah Demo-Ellery');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Start blind moderation' })).toBeVisible();
});
