import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, shot, signInAs, test } from './fixtures';

const AUDITOR = 'Esme Demo-Hartley';
const QA_LEAD = 'Kit Demo-Marlowe';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

test('an auditor sees no QA-lead pages: not in the navigation, and a direct address says so plainly', async ({ page, preview }) => {
  await page.goto(preview.url);
  await signInAs(page, AUDITOR);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'People' })).toHaveCount(0);

  // Every QA-lead page, typed straight into the address bar.
  for (const path of ['/people', '/people/new', '/people/import', '/cases/import', '/programmes/new']) {
    await page.evaluate((p) => (window.location.hash = p), path);
    await expect(page.getByRole('heading', { level: 1, name: 'You do not have access to this page' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to the dashboard' })).toBeVisible();
  }
  await shot(page, 'people-no-access');
  expect(await seriousViolations(page)).toEqual([]);

  // Pages every signed-in person may open still open.
  await nav.getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'You do not have access to this page' })).toHaveCount(0);
});

test('a QA lead has People in the navigation', async ({ page, preview }) => {
  await page.goto(preview.url);
  await signInAs(page, QA_LEAD);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'People' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
});
