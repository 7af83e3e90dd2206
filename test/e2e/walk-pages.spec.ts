import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, shot, signInAs, test } from './fixtures';

/** Serious or critical axe violations on the page as it is now, as readable lines. */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

test('a QA lead walks every page: no serious axe violations and no console errors (favicon included)', async ({ page, preview }) => {
  test.setTimeout(600_000);
  const consoleErrors: string[] = [];
  const failed: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });

  await page.goto(preview.url);
  await signInAs(page, 'Kit Demo-Marlowe');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const problems: string[] = [];
  const visit = async (label: string) => {
    await page.waitForLoadState('networkidle');
    await expect(page.locator('.loading, [aria-busy="true"]')).toHaveCount(0);
    // A demo database says so on every page.
    await expect(page.locator('.demo-banner'), label).toHaveText('Demo data — not real children’s records');
    problems.push(...(await seriousViolations(page, label)));
  };

  const labels = await nav.getByRole('link').allInnerTexts();
  expect(labels).toEqual(expect.arrayContaining(['Dashboard', 'Cases', 'Moderation', 'Calibration', 'Actions', 'Programmes', 'Templates', 'People', 'Reports and exports', 'Settings']));
  for (const label of labels.map((l) => l.trim())) {
    await nav.getByRole('link', { name: label, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await visit(label);
  }

  // One level deeper: a case, the import page, a programme, a template version and the v1 → v2 comparison.
  await nav.getByRole('link', { name: 'Cases', exact: true }).click();
  await page.locator('a.case-ref').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await visit('A case');
  await nav.getByRole('link', { name: 'Cases', exact: true }).click();
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await visit('Import cases');
  await nav.getByRole('link', { name: 'Programmes', exact: true }).click();
  await page.locator('main a[href^="#/programmes/"]').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await visit('A programme');
  await nav.getByRole('link', { name: 'Templates', exact: true }).click();
  await page.getByRole('link', { name: 'Version 2', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('version 2');
  await visit('Template version 2');
  await nav.getByRole('link', { name: 'Templates', exact: true }).click();
  await page.getByLabel('Compare').selectOption({ label: 'Version 1 (published)' });
  await page.getByLabel('with').selectOption({ label: 'Version 2 (published)' });
  await page.getByRole('button', { name: 'Compare side by side' }).click();
  await expect(page.getByRole('heading', { name: 'Compare Version 1 with Version 2', level: 1 })).toBeVisible();
  const questions = page.getByRole('region', { name: 'Questions' });
  await expect(questions).toContainText('Graded care profile used where neglect is a concern');
  await expect(questions).toContainText('PLO / pre-proceedings started in time where they apply');
  await expect(questions).toContainText('Missing education and unmet learning needs');
  await expect(questions).toContainText('domestic abuse, parental substance misuse and parental mental health');
  await expect(questions.getByRole('row').filter({ hasText: 'Added' })).toHaveCount(4);
  await shot(page, 'template-compare-v1-v2');
  await visit('Compare v1 with v2');

  expect(problems).toEqual([]);
  expect(consoleErrors).toEqual([]);
  expect(failed).toEqual([]);
});

for (const who of ['Esme Demo-Hartley', 'Iris Demo-Fairbanks']) {
  test(`${who} walks every page the navigation offers them: the demo banner, no serious axe violations, no console errors`, async ({ page, preview }) => {
    test.setTimeout(300_000);
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
    await page.goto(preview.url);
    await signInAs(page, who);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const labels = (await nav.getByRole('link').allInnerTexts()).map((l) => l.trim());
    expect(labels).toContain('Dashboard');
    expect(labels).not.toContain('People');
    const problems: string[] = [];
    for (const label of labels) {
      await nav.getByRole('link', { name: label, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expect(page.locator('.loading, [aria-busy="true"]')).toHaveCount(0);
      await expect(page.locator('.demo-banner'), label).toHaveText('Demo data — not real children’s records');
      problems.push(...(await seriousViolations(page, `${who}, ${label}`)));
    }
    expect(problems).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
}

