import { can, type OpName } from '../../shared/api/index';
import { demoEmail, expect, shot, signInAs, test } from './fixtures';
import { csvFile, seriousViolations, signInWith } from './peoplePages';

const AUDITOR = 'Esme Demo-Hartley';
const MODERATOR = 'Iris Demo-Fairbanks';
const QA_LEAD = 'Kit Demo-Marlowe';

/** Reviewers' pages and the operation each exists for (as routes.tsx declares them). */
const REVIEWER_PAGES: { label: string; path: string; op: OpName; heading: string }[] = [
  { label: 'Moderation', path: '/moderation', op: 'moderation:queue', heading: 'Moderation' },
  { label: 'Calibration', path: '/calibration', op: 'moderation:figures', heading: 'Calibration' },
  { label: 'Templates', path: '/templates', op: 'templates:list', heading: 'Templates' },
];

test('an auditor sees no QA-lead pages: not in the navigation, and a direct address says so plainly', async ({ page, preview }) => {
  await page.goto(preview.url);
  await signInAs(page, AUDITOR);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'People' })).toHaveCount(0);

  // Every QA-lead page, typed straight into the address bar.
  for (const path of ['/people', '/people/new', '/people/import', '/people/x/edit', '/cases/import', '/programmes/new']) {
    await page.evaluate((p) => (window.location.hash = p), path);
    await expect(page.getByRole('heading', { level: 1, name: 'You do not have access to this page' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to the dashboard' })).toBeVisible();
  }
  await shot(page, 'people-no-access');
  expect(await seriousViolations(page)).toEqual([]);

  // Pages every signed-in person may open still open.
  await nav.getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toHaveCount(0);
});

test("the navigation shows each role the pages its contract lets it call: an auditor no moderation, calibration or templates; a moderator those", async ({ page, preview }) => {
  test.setTimeout(120_000);
  await page.goto(preview.url);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const [who, role] of [[AUDITOR, 'auditor'], [MODERATOR, 'moderator']] as const) {
    await signInAs(page, who);
    await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
    for (const p of REVIEWER_PAGES) {
      // What the contract declares decides; and what it declares today is what the domain says.
      expect(can(role, p.op), `${role} may call ${p.op}`).toBe(role === 'moderator');
      await expect(nav.getByRole('link', { name: p.label, exact: true }), `${who}: ${p.label}`).toHaveCount(role === 'moderator' ? 1 : 0);
    }
    await nav.scrollIntoViewIfNeeded();
    await nav.screenshot({ path: `/tmp/policy-sidebar-${role}.png` });
    for (const p of REVIEWER_PAGES) {
      await page.evaluate((path) => (window.location.hash = path), p.path);
      if (role === 'auditor') await expect(page.getByRole('heading', { level: 1, name: 'You do not have access to this page' })).toBeVisible();
      else await expect(page.getByRole('heading', { level: 1, name: p.heading })).toBeVisible();
    }
    await page.evaluate(() => (window.location.hash = '/'));
  }
  expect(await seriousViolations(page)).toEqual([]);
});

test('a QA lead adds a person, who signs in with the one-time passphrase and must choose their own', async ({ page, preview, browser }) => {
  test.setTimeout(180_000);
  await page.goto(preview.url);
  await signInAs(page, QA_LEAD);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(AUDITOR) })).toContainText('Auditor');
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'people-list');

  await page.getByRole('link', { name: 'Add a person' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add a person' })).toBeVisible();
  // Nothing filled in: each error beside its field.
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.locator('#person-name-error')).toContainText('Enter the full name');
  await expect(page.locator('#person-email-error')).toContainText('Enter an email address');
  await page.getByLabel('Full name').fill('Sam Okonkwo');
  await page.getByLabel('Email address').fill('Sam.Okonkwo@Council.example');
  await page.getByLabel(/^Auditor/).check();
  await page.getByLabel('Teams (optional)').fill('Assessment North, Hub');
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'people-add');
  await page.getByRole('button', { name: 'Add person' }).click();

  const dialog = page.getByRole('dialog', { name: 'One-time passphrase for Sam Okonkwo' });
  await expect(dialog).toBeVisible();
  const oneTime = (await dialog.getByTestId('one-time-passphrase').innerText()).trim();
  expect(oneTime).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  await shot(page, 'people-one-time-passphrase');
  await dialog.getByRole('button', { name: 'I have given it to them' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added Sam Okonkwo' })).toBeVisible();
  const row = page.getByRole('row', { name: /Sam Okonkwo/ });
  await expect(row).toContainText('sam.okonkwo@council.example');
  await expect(row).toContainText('Assessment North, Hub');
  await expect(row).toContainText('must change passphrase');

  // Sam, in another browser, signs in with it and must choose their own first.
  const other = await browser.newContext();
  const sam = await other.newPage();
  await sam.goto(preview.url);
  await signInWith(sam, 'sam.okonkwo@council.example', oneTime);
  await expect(sam.getByRole('heading', { name: 'Choose your own passphrase' })).toBeVisible();
  await expect(sam.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await sam.getByLabel('One-time passphrase').fill(oneTime);
  await sam.getByLabel(/^New passphrase/).first().fill('tall green ladder by the canal');
  await sam.getByLabel('New passphrase again').fill('tall green ladder by the canal');
  await sam.getByRole('button', { name: 'Save my passphrase' }).click();
  await expect(sam.locator('.whoami')).toContainText('Sam Okonkwo · Auditor');
  await expect(sam.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' })).toHaveCount(0);
  await other.close();

  await page.reload();
  await expect(page.getByRole('row', { name: /Sam Okonkwo/ }).locator('.people-state')).toHaveText('Active');
});

test('a QA lead imports people from CSV: a file with a bad row is refused and nobody is saved; the corrected file imports', async ({ page, preview }) => {
  test.setTimeout(180_000);
  await page.goto(preview.url);
  await signInAs(page, QA_LEAD);
  await page.evaluate(() => (window.location.hash = '/people/import'));
  await expect(page.getByRole('heading', { level: 1, name: 'Import people from a CSV file' })).toBeVisible();

  const header = 'Full name,E-mail,Role,Teams,Agency';
  await page.getByLabel('CSV file of people').setInputFiles(
    csvFile('team.csv', [header, 'Priya Nair,priya.nair@council.example,auditor,Assessment North;Hub,', 'Tom Reilly,tom.reilly@,auditor,Children in Care,', 'Lena Brandt,lena.brandt@partner.example,auditor,,Brightwell Partners']),
  );
  // The headings are matched to the fields, and the preview shows the rows as they will be read.
  await expect(page.getByLabel(/^Email/)).toHaveValue('E-mail');
  await expect(page.getByRole('table', { name: /Preview/ })).toContainText('Priya Nair');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.getByRole('heading', { name: '3. Problems found' })).toBeFocused();
  await expect(page.getByRole('alert')).toContainText('Nobody has been imported');
  await expect(page.getByRole('list', { name: 'Problems in the file, by row' })).toContainText("Row 3, column 'E-mail':");
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download errors as CSV' }).click();
  expect((await download).suggestedFilename()).toBe('team-errors.csv');
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'people-import-errors');

  // Nothing of the bad file was saved.
  await page.evaluate(() => (window.location.hash = '/people'));
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Kit Demo-Marlowe/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Priya Nair/ })).toHaveCount(0);

  await page.getByRole('link', { name: 'Import from CSV' }).click();
  await page.getByLabel('CSV file of people').setInputFiles(
    csvFile('team-fixed.csv', [header, 'Priya Nair,priya.nair@council.example,auditor,Assessment North;Hub,', 'Tom Reilly,tom.reilly@council.example,moderator,Children in Care,', 'Lena Brandt,lena.brandt@partner.example,auditor,,Brightwell Partners']),
  );
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.getByRole('heading', { name: '3. Ready to import' })).toBeFocused();
  await expect(page.getByRole('table', { name: 'Who will be added' })).toContainText('Brightwell Partners');
  await shot(page, 'people-import-ready');
  await page.getByRole('button', { name: 'Import 3 people' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 3 people from team-fixed.csv' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to People' }).click();
  await expect(page.getByRole('row', { name: /Tom Reilly/ })).toContainText('Moderator');
  await expect(page.getByRole('row', { name: /Lena Brandt/ })).toContainText('Brightwell Partners');
  await expect(page.getByRole('row', { name: /Priya Nair/ })).toContainText('Needs a one-time passphrase');
});

test('a QA lead deactivates a person after confirming; they can no longer sign in and their row stays', async ({ page, preview, browser }) => {
  test.setTimeout(120_000);
  await page.goto(preview.url);
  await signInAs(page, QA_LEAD);
  await page.evaluate(() => (window.location.hash = '/people'));
  const row = page.getByRole('row', { name: new RegExp(AUDITOR) });
  await row.getByRole('button', { name: `Deactivate ${AUDITOR}` }).click();
  const confirm = page.getByRole('dialog', { name: `Deactivate ${AUDITOR}?` });
  await expect(confirm).toContainText('Nothing is deleted');
  // The safe choice has the focus: Escape or Cancel changes nothing.
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot(page, 'people-deactivate');
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(row.locator('.people-state')).toHaveText('Active');

  await row.getByRole('button', { name: `Deactivate ${AUDITOR}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${AUDITOR} is deactivated` })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(AUDITOR) })).toContainText('Deactivated');

  const other = await browser.newContext();
  const esme = await other.newPage();
  await esme.goto(preview.url);
  await esme.getByLabel('Email address').fill(demoEmail(AUDITOR));
  await esme.getByLabel('Passphrase').fill('demo-passphrase-2026');
  await esme.getByRole('button', { name: 'Sign in' }).click();
  await expect(esme.getByRole('alert')).toBeVisible();
  await expect(esme.locator('.whoami')).toHaveCount(0);
  await other.close();
});
