import type { Page } from '@playwright/test';
import { expect, shot, signInAs, test } from './fixtures';

/** Starts an audit of a demo case as the demo auditor and returns its id. */
async function startAudit(page: Page, url: string, reference: string): Promise<string> {
  await page.goto(url);
  await signInAs(page, 'Esme Demo-Hartley');
  await page.getByLabel('Case reference').fill(reference);
  await page.getByRole('button', { name: 'Start audit', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Section 1: Front door, referral and thresholds' })).toBeVisible();
  return decodeURIComponent(/#\/audits\/([^?]+)/.exec(page.url())![1]);
}

test('"child left at significant risk" is asked once, on the overall step, and the rule reads it for section 4', async ({ page, preview }) => {
  test.setTimeout(180_000);
  const id = await startAudit(page, preview.url, 'DEMO-10003');
  const origin = new URL(page.url()).origin;

  // Section 2 and section 4 no longer ask it.
  for (const step of ['s2', 's4']) {
    await page.goto(`${origin}/#/audits/${id}?step=${step}`);
    await expect(page.locator('#step-heading')).toContainText(`Section ${step.slice(1)}:`);
    await expect(page.getByRole('group', { name: 'Child left at significant risk without intervention' })).toHaveCount(0);
  }
  // Section 4 Inadequate.
  await page.locator('label[for="grade-s4-4"]').click();
  await expect(page.getByTestId('save-state')).toContainText('Saved at');

  await page.goto(`${origin}/#/audits/${id}?step=overall`);
  const question = page.getByRole('group', { name: 'Child left at significant risk without intervention' });
  await expect(question).toHaveCount(1);
  await question.getByLabel('Yes').check();
  await expect(page.locator('.limiting-reasons')).toContainText(
    'Overall cannot be better than 4 Inadequate because section 4 (The child\'s voice and lived experience) is 4 Inadequate and the answer to "Child left at significant risk without intervention" is Yes.',
  );
  await page.locator('label[for="overall-3"]').click();
  await expect(page.getByRole('status').filter({ hasText: '3 Requires improvement to be good breaks a limiting rule' })).toBeVisible();
  await shot(page, 'rules-left-at-risk-overall');
  await question.getByLabel('No').check();
  await expect(page.locator('.limiting-reasons')).not.toContainText('Child left at significant risk');
  await expect(page.getByTestId('save-state')).toContainText('Saved at');
});
