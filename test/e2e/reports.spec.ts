import fs from 'node:fs';
import path from 'node:path';
import { pdfText } from './exportPdfText';
import { expect, runCli, shot, signInAs, test } from './fixtures';

test('a QA lead makes an audit pack from the Reports page, watches its progress and downloads it', async ({ page, preview }) => {
  await page.goto(preview.url);
  await signInAs(page, 'Kit Demo-Marlowe');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports and exports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports and exports' })).toBeVisible();
  const pack = page.getByRole('region', { name: 'Audit pack (PDF)' });
  await pack.getByLabel('Team').selectOption('Assessment North');
  await shot(page, 'reports-scope');
  await pack.getByRole('button', { name: 'Make the pack' }).click();
  // Progress while the worker lays out and writes the pages.
  await expect(pack.getByRole('progressbar', { name: 'Export progress' })).toBeVisible();
  await expect(pack.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await shot(page, 'reports-progress');
  const ready = pack.getByRole('status').filter({ hasText: /^Ready: audit-pack-Assessment-North/ });
  await expect(ready).toBeVisible({ timeout: 60_000 });
  await expect(ready).toContainText('pages');
  const hash = (await ready.locator('.export-hash code').textContent())!.trim();
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await shot(page, 'reports-ready');

  const [download] = await Promise.all([page.waitForEvent('download'), pack.getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-pack-Assessment-North-.*\.pdf$/);
  const saved = await download.path();
  // Handed over: the button says so, and the copy on the computer running Plumbline is gone.
  await expect(pack.getByRole('button', { name: 'Downloaded' })).toBeDisabled();
  await expect(pack.getByText('Downloaded files are deleted from the computer running Plumbline.')).toBeVisible();
  await expect.poll(() => fs.readdirSync(path.join(preview.dir, 'preview-downloads')).filter((f) => f.endsWith('.pdf'))).toEqual([]);
  await expect(page.getByText('you download each export from here; the copy on the computer running Plumbline is then deleted')).toBeVisible();
  await shot(page, 'reports-downloaded');
  const bytes = fs.readFileSync(saved);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const text = pdfText(saved);
  expect(text).toContain('OFFICIAL-SENSITIVE');
  expect(text).toContain('Team: Assessment North');
  expect(text).toContain(hash);

  // The hash printed in the pack is the history's head after the export was recorded.
  const verify = await runCli(['verify', '--db', preview.dbFile, '--json']);
  expect(JSON.parse(verify.stdout).headHash).toBe(hash);
});

test('an export can be cancelled, and data exports offer their files', async ({ page, preview }) => {
  await page.goto(preview.url);
  await signInAs(page, 'Kit Demo-Marlowe');
  await page.goto(`${new URL(preview.url).origin}/#/reports`);
  const pack = page.getByRole('region', { name: 'Audit pack (PDF)' });
  await pack.getByRole('button', { name: 'Make the pack' }).click();
  await pack.getByRole('button', { name: 'Cancel' }).click();
  await expect(pack.getByRole('status').filter({ hasText: 'Export cancelled: nothing was saved.' })).toBeVisible();

  const data = page.getByRole('region', { name: 'Data for performance teams' });
  await data.getByRole('button', { name: 'Export CSV files' }).click();
  await expect(data.getByRole('button', { name: 'Download grades.csv' })).toBeVisible({ timeout: 60_000 });
  const [csv] = await Promise.all([page.waitForEvent('download'), data.getByRole('button', { name: 'Download grades.csv' }).click()]);
  expect(csv.suggestedFilename()).toBe('grades.csv');
  expect(fs.readFileSync(await csv.path(), 'utf8')).toContain('Auditor grade,Auditor grade label');
  await shot(page, 'reports-data');
});
