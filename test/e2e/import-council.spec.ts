import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, shot, signInAs, test } from './fixtures';

const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../fixtures/cases');

async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  expect(bad).toEqual([]);
}

async function openImport(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await signInAs(page, 'Kit Demo-Marlowe');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await expect(page.getByRole('heading', { name: 'Import cases from a CSV file' })).toBeVisible();
}

test('a Windows-1252 extract from Excel is previewed decoded, can be read another way, and a re-import lists its changes', async ({ page, preview }) => {
  await openImport(page, preview.url);
  await page.getByLabel(/CSV file exported/).setInputFiles(path.join(FIXTURES, 'excel-windows-1252.csv'));
  await expect(page.getByRole('status').filter({ hasText: 'Read as Windows-1252 (detected)' })).toBeVisible();
  // The system's own headings were matched, the date of birth standing in for the age band.
  await expect(page.getByLabel(/^Case reference/)).toHaveValue('Child ID');
  await expect(page.getByLabel(/^Date of birth/)).toHaveValue('DOB');
  await expect(page.getByLabel(/^Age band/)).toHaveValue('');
  const table = page.locator('.import-preview');
  await expect(table).toContainText('Zoë Adeyemi');
  await expect(table).toContainText('Siobhán O’Neill');
  await expect(table).toContainText('Assessment – North');
  await shot(page, 'import-council-preview');
  await expectAccessible(page);

  // Read as UTF-8 instead: the undecodable bytes are shown and announced, never silently replaced.
  await page.getByLabel('Encoding').selectOption('utf-8');
  await expect(page.getByRole('status').filter({ hasText: 'Read as UTF-8 (as you chose)' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be read as UTF-8' })).toBeVisible();
  await expect(table).toContainText('Zo[0xEB] Adeyemi');
  await expect(table).not.toContainText('\ufffd');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing has been imported' })).toBeVisible();
  await expect(page.locator('table.import-errors')).toContainText('byte 0xEB cannot be read as UTF-8');

  await page.getByLabel('Encoding').selectOption('auto');
  await expect(page.getByRole('status').filter({ hasText: 'Read as Windows-1252 (detected)' })).toBeVisible();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('6 rows read: 6 new cases to add, 0 cases to update, 0 cases unchanged.')).toBeVisible();
  await page.getByRole('button', { name: 'Import 6 cases' }).click();
  await expect(page.getByText('added 6 new cases')).toBeVisible();

  // Next week's extract: the changes are listed per case before anything is saved.
  await page.goto(`${preview.url.split('#')[0]}#/cases/import`);
  await page.getByLabel(/CSV file exported/).setInputFiles(path.join(FIXTURES, 'excel-windows-1252-week2.csv'));
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('7 rows read: 1 new case to add, 2 cases to update, 4 cases unchanged.')).toBeVisible();
  const changes = page.locator('table.import-changes');
  await expect(changes).toContainText('LCS100234');
  await expect(changes).toContainText('Team: Assessment – North → Safeguarding – East, Team 2');
  await expect(changes).toContainText('Allocated worker: Zoë Adeyemi → José Martínez');
  await expect(changes).toContainText('Case type: Child in need (CIN) → Child protection (CP)');
  await expect(changes).toContainText('Closed on: (none) → 20 Nov 2026');
  await shot(page, 'import-council-changes');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Add 1 case and update 2 cases' }).click();
  await expect(page.getByText('added 1 new case, updated 2 cases, 4 cases unchanged')).toBeVisible();
});
