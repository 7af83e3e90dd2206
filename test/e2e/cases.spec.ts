import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, shot, signInAs, test } from './fixtures';

/** axe-core: no serious or critical accessibility problems. */
async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
  expect(bad).toEqual([]);
}

async function openCases(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await signInAs(page, 'Kit Demo-Marlowe');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('heading', { name: 'Cases', level: 1 })).toBeVisible();
}

test('the register searches, filters and sorts; a case is added through the form and shown with its audits', async ({ page, preview }) => {
  await openCases(page, preview.url);
  await expect(page.getByRole('status').filter({ hasText: /^Showing 1–50 of 240 cases/ })).toBeVisible();
  await shot(page, 'cases-register');
  await expectAccessible(page);

  // Keyboard only: tab to a column header's sort button and press Enter.
  await page.getByRole('button', { name: /^Team/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('columnheader', { name: /^Team/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');

  // Sort by reference, descending, from the column header.
  const refHeader = page.getByRole('columnheader', { name: /Case reference/ });
  await expect(refHeader).toHaveAttribute('aria-sort', 'ascending');
  await refHeader.getByRole('button').click();
  await expect(refHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(page.locator('tbody tr').first().locator('a.case-ref')).toHaveText('DEMO-10240');

  // Filter and search.
  await page.getByLabel('Team').selectOption('Children in Care');
  await expect(page.getByRole('status').filter({ hasText: /of 60 cases/ })).toBeVisible();
  await page.getByLabel('Search').fill('demo-1010');
  await expect(page.getByRole('status').filter({ hasText: /cases?$/ })).toContainText('Showing 1–');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('status').filter({ hasText: /of 240 cases/ })).toBeVisible();

  // Next page.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Showing 51–100 of 240 cases/ })).toBeVisible();

  // Add a case: the form explains what is wrong, then saves.
  await page.getByRole('link', { name: 'Add case' }).click();
  await expect(page.getByRole('heading', { name: 'Add a case' })).toBeVisible();
  await page.getByLabel('Opened on (optional)').fill('31/02/2026');
  await page.getByRole('button', { name: 'Add case' }).click();
  await expect(page.getByText('Enter the case reference.')).toBeVisible();
  await expect(page.getByText('Choose a case type.')).toBeVisible();
  await expect(page.getByText(/Enter a real date/).first()).toBeVisible();
  await expect(page.getByLabel('Case reference')).toBeFocused();
  await shot(page, 'cases-form-errors');
  await expectAccessible(page);

  // A reference already in the register is refused, next to the field.
  await page.getByLabel('Case reference').fill('demo-10001');
  await page.getByLabel('Team').fill('Assessment North');
  await page.getByLabel('Allocated worker (optional)').fill('R. Demo-Frost');
  await page.getByLabel('Case type').selectOption({ label: 'Child protection (CP)' });
  await page.getByLabel('Age band').selectOption({ label: '5 to 9' });
  await page.getByLabel('Opened on (optional)').fill('23/11/2025');
  await page.getByRole('button', { name: 'Add case' }).click();
  await expect(page.getByText(/There is already a case with reference DEMO-10001/)).toBeVisible();
  await page.getByLabel('Case reference').fill('E2E-0001');
  await shot(page, 'cases-form');
  await page.getByRole('button', { name: 'Add case' }).click();

  await expect(page.getByRole('heading', { name: 'Case E2E-0001' })).toBeVisible();
  await expect(page.locator('.facts')).toContainText('23 Nov 2025');
  await expect(page.locator('.facts')).toContainText('Child protection (CP)');
  await expect(page.getByText('Not audited yet')).toBeVisible();
  await shot(page, 'cases-case-new');

  // Edit it.
  await page.getByRole('link', { name: 'Edit case' }).click();
  await expect(page.getByLabel('Opened on (optional)')).toHaveValue('23 Nov 2025');
  await page.getByLabel('Closed on (optional)').fill('2026-01-05');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('.facts')).toContainText('5 Jan 2026');

  // Start an audit of it: the editor opens on the new audit, and the case page lists it.
  await page.getByRole('button', { name: 'Start audit' }).click();
  await expect(page).toHaveURL(/#\/audits\/[0-9a-f-]{36}$/);
  await page.goBack();
  await expect(page.getByRole('button', { name: 'Continue audit' })).toBeVisible();
  await expect(page.locator('table.data tbody tr')).toHaveCount(1);

  // A demo case with audits shows them.
  await page.goto(`${preview.url.split('#')[0]}#/cases?search=DEMO-10001`);
  await page.locator('a.case-ref', { hasText: 'DEMO-10001' }).click();
  await expect(page.getByRole('heading', { name: 'Case DEMO-10001' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Audits of this case' })).toBeVisible();
  await shot(page, 'cases-case-page');
  await expectAccessible(page);
});

function csvOf(rows: string[]): string {
  return ['Case ID,Team,Social worker,Case type,Age band,Opened,Closed', ...rows].join('\r\n') + '\r\n';
}

test('a CSV of 200 cases is mapped, previewed, checked and imported', async ({ page, preview }) => {
  const rows: string[] = [];
  const types = ['Child in need', 'CP', 'Looked after', 'Early help', 'Care leaver', 'Pre-birth'];
  const ages = ['5-9', '0-4', '10-15', '0-4', '18+', 'Unborn'];
  for (let i = 0; i < 200; i += 1) {
    rows.push(`IMP-${String(i + 1).padStart(4, '0')},"Assessment, ${i % 2 ? 'East' : 'West'}",Worker ${i % 9},${types[i % 6]},${ages[i % 6]},${i % 2 ? '23/11/2025' : '2025-11-23'},`);
  }
  const file = path.join(preview.dir, 'cases-200.csv');
  fs.writeFileSync(file, csvOf(rows));

  await openCases(page, preview.url);
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await expect(page.getByRole('heading', { name: 'Import cases from a CSV file' })).toBeVisible();
  await page.getByLabel(/CSV file exported/).setInputFiles(file);
  await expect(page.getByText(/cases-200\.csv: 200 rows of cases, 7 columns\. Read as UTF-8 \(detected\)/)).toBeVisible();
  // Headings were matched without help; the preview shows the first five rows as read.
  await expect(page.getByLabel(/^Case reference/)).toHaveValue('Case ID');
  await expect(page.getByLabel(/^Allocated worker/)).toHaveValue('Social worker');
  await expect(page.locator('.import-preview tbody tr')).toHaveCount(5);
  await expect(page.locator('.import-preview')).toContainText('Assessment, West');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('200 rows read: 200 new cases to add, 0 cases to update, 0 cases unchanged.', { exact: false })).toBeVisible();
  await shot(page, 'cases-import-ready');
  await page.getByRole('button', { name: 'Import 200 cases' }).click();
  await expect(page.getByText('From cases-200.csv: added 200 new cases, updated 0 cases, 0 cases unchanged.')).toBeVisible();
  await page.getByRole('link', { name: 'See them in the register' }).click();
  await page.getByLabel('Search').fill('IMP-');
  await expect(page.getByRole('status').filter({ hasText: /^Showing 1–50 of 200 cases/ })).toBeVisible();
  await expect(page.locator('a.case-ref').first()).toHaveText('IMP-0001');
  await expect(page.locator('tbody tr').first()).toContainText('Assessment, West');
  await expect(page.locator('tbody tr').first()).toContainText('23 Nov 2025');

  // The mapping is remembered for the next import.
  await page.goto(`${preview.url.split('#')[0]}#/cases/import`);
  fs.writeFileSync(path.join(preview.dir, 'again.csv'), 'Case ID,Team,Social worker,Case type,Age band,Opened,Closed\r\nX-1,T,W,CIN,0-4,,\r\n');
  await page.getByLabel(/CSV file exported/).setInputFiles(path.join(preview.dir, 'again.csv'));
  await expect(page.getByLabel(/^Opened on/)).toHaveValue('Opened');
});

test('a CSV with bad rows lists every error and imports nothing', async ({ page, preview }) => {
  const file = path.join(preview.dir, 'bad.csv');
  fs.writeFileSync(
    file,
    csvOf([
      'BAD-1,North,,CIN,0-4,01/02/2026,', //      row 2: fine
      ',North,,CP,0-4,,', //                       row 3: missing reference
      'BAD-3,North,,Adopted,0-4,,', //             row 4: unknown case type
      'BAD-4,North,,CP,0-4,31/02/2026,', //        row 5: not a date
      'bad-1,North,,CP,0-4,,', //                  row 6: duplicate in the file
      'DEMO-10005,North,,CP,0-4,,', //             row 7: already in the register: an update, not an error
    ]),
  );
  await openCases(page, preview.url);
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await page.getByLabel(/CSV file exported/).setInputFiles(file);
  await page.getByRole('button', { name: 'Check' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Nothing has been imported' });
  await expect(alert).toContainText('4 problems in 4 rows of 6');
  const table = page.locator('table.import-errors tbody tr');
  await expect(table).toHaveCount(4);
  const text = await page.locator('table.import-errors').innerText();
  expect(text).toMatch(/3\s+Case ID\s+\(empty\)\s+missing case reference/);
  expect(text).toMatch(/4\s+Case type\s+Adopted\s+unknown case type 'Adopted'/);
  expect(text).toMatch(/5\s+Opened\s+31\/02\/2026\s+'31\/02\/2026' is not a date/);
  expect(text).toMatch(/6\s+Case ID\s+bad-1\s+duplicate case reference: also on row 2/);
  expect(text).not.toContain('DEMO-10005');
  await expect(page.getByRole('button', { name: /^Import \d/ })).toHaveCount(0);
  await shot(page, 'cases-import-errors');
  await expectAccessible(page);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download errors as CSV' }).click();
  const saved = await (await download).path();
  const csv = fs.readFileSync(saved!, 'utf8');
  expect(csv).toContain('Row,Column,Value,Problem');
  expect(csv).toContain(`4,Case type,Adopted,"unknown case type 'Adopted' (expected one of`);
  expect((await download).suggestedFilename()).toBe('bad-errors.csv');

  // Nothing was imported: not even the good row.
  await page.goto(`${preview.url.split('#')[0]}#/cases?search=BAD-`);
  await expect(page.getByText('No cases match')).toBeVisible();
});

test("an auditor's register holds only their cases: allocated, audited, or in the team they manage", async ({ page, preview }) => {
  await page.goto(preview.url);
  await signInAs(page, 'Dev Demo-Raman'); // team manager of Family Support East
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('heading', { name: 'Cases', level: 1 })).toBeVisible();
  const count = page.getByRole('status').filter({ hasText: /^Showing 1–\d+ of \d+ cases?/ });
  await expect(count).toBeVisible();
  const total = Number(/of ([\d,]+) case/.exec((await count.textContent()) ?? '')![1].replace(/,/g, ''));
  expect(total).toBeGreaterThan(0);
  expect(total).toBeLessThan(240); // the QA lead's register holds 240
  await page.getByLabel('Team').selectOption('Family Support East');
  await expect(page.getByRole('status').filter({ hasText: /^Showing 1–/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add case' })).toHaveCount(0);
  await shot(page, 'cases-auditor-scope');
  await expectAccessible(page);
});
