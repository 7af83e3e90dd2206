import type { Page, Route } from '@playwright/test';
import { allocateToAuditor } from './auditApi';
import { DEMO_PASSPHRASE, demoEmail, expect, shot, signInAs, test } from './fixtures';
import { seriousViolations, signInWith } from './peoplePages';

const AUDITOR = 'Esme Demo-Hartley';
const OTHER_AUDITOR = 'Femi Demo-Adeyemi';
const QA_LEAD = 'Kit Demo-Marlowe';

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

/** Starts an audit of a demo case from the dashboard and returns when section 1 shows. */
async function startAudit(page: Page, reference: string): Promise<void> {
  await page.getByLabel('Case reference').fill(reference);
  await page.getByRole('button', { name: 'Start audit', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Section 1:/ })).toBeVisible();
}

test('changing your passphrase in Settings: the server refuses a common one, then the new one signs in', async ({ page, preview }) => {
  test.setTimeout(150_000);
  await page.goto(preview.url);
  await signInAs(page, AUDITOR);
  await openSettings(page);
  expect(await seriousViolations(page)).toEqual([]);
  const form = page.getByRole('form', { name: 'Change passphrase' });
  await form.getByLabel('Current passphrase').fill(DEMO_PASSPHRASE);
  await form.getByLabel('New passphrase', { exact: true }).fill('short one');
  await form.getByLabel('New passphrase again').fill('short two');
  await form.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(page.locator('#pass-next-error')).toContainText('at least 12 characters');
  await expect(page.locator('#pass-repeat-error')).toContainText('not the same');

  // A long but common passphrase: the core's refusal is shown beside the new passphrase.
  await form.getByLabel('New passphrase', { exact: true }).fill('password1234');
  await form.getByLabel('New passphrase again').fill('password1234');
  await form.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(page.locator('#pass-next-error')).toBeVisible();
  await expect(page.locator('#pass-next')).toBeFocused();
  await shot(page, 'settings-passphrase-refused');

  // A wrong current passphrase is named as such.
  await form.getByLabel('Current passphrase').fill('not my passphrase at all');
  await form.getByLabel('New passphrase', { exact: true }).fill('orange kettle under the bridge');
  await form.getByLabel('New passphrase again').fill('orange kettle under the bridge');
  await form.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(page.locator('#pass-current-error')).toBeVisible();

  await form.getByLabel('Current passphrase').fill(DEMO_PASSPHRASE);
  await form.getByLabel('New passphrase', { exact: true }).fill('orange kettle under the bridge');
  await form.getByLabel('New passphrase again').fill('orange kettle under the bridge');
  await form.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your passphrase has been changed' })).toBeVisible();
  await expect(form.getByLabel('Current passphrase')).toHaveValue('');
  await shot(page, 'settings');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInWith(page, demoEmail(AUDITOR), 'orange kettle under the bridge');
  await expect(page.locator('.whoami')).toContainText(AUDITOR);
});

test('the idle lock covers the app while an audit edit is unsaved; after unlocking the text is still there and saves', async ({ page, preview, browser }) => {
  test.setTimeout(300_000);
  // The QA lead sets the idle time for this database to its shortest, 1 minute.
  const leadContext = await browser.newContext();
  const lead = await leadContext.newPage();
  await lead.goto(preview.url);
  await signInAs(lead, QA_LEAD);
  await openSettings(lead);
  await lead.getByLabel('Lock after this many minutes without use').fill('1');
  await lead.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(lead.getByRole('status').filter({ hasText: 'Plumbline now locks after 1 minute without use' })).toBeVisible();
  await leadContext.close();

  await page.goto(preview.url);
  await allocateToAuditor(page, AUDITOR, ['DEMO-10002']); // an auditor audits the cases allocated to them
  await signInAs(page, AUDITOR);
  await startAudit(page, 'DEMO-10002');

  // Hold every save at the door until after the unlock, so the edit is still unsaved when the app locks.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const isSave = (url: URL) => decodeURIComponent(url.pathname) === '/api/audits:save';
  await page.route(isSave, async (route: Route) => {
    await gate;
    await route.continue();
  });
  const evidence = 'Thresholds applied correctly; consent recorded before the strategy meeting.';
  await page.locator('#evidence-s1').fill(evidence);
  await expect(page.getByTestId('save-state')).toHaveText('Saving…');

  // No keyboard or mouse for a minute: the lock covers everything.
  const lock = page.getByRole('dialog', { name: 'Plumbline is locked' });
  await expect(lock).toBeVisible({ timeout: 90_000 });
  await expect(lock.getByLabel('Passphrase')).toBeFocused();
  // The page underneath is inert and hidden from screen readers, but still there.
  expect(await page.locator('#evidence-s1').evaluate((el) => (el as HTMLTextAreaElement).value)).toBe(evidence);
  expect(await page.locator('#evidence-s1').evaluate((el) => {
    (el as HTMLElement).focus();
    return document.activeElement === el;
  })).toBe(false);
  await page.keyboard.press('Escape');
  await expect(lock).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.querySelector('dialog[open]')?.contains(document.activeElement) ?? false)).toBe(true);
  await shot(page, 'idle-lock');

  expect(await seriousViolations(page)).toEqual([]);

  // Wrong passphrases: each refused; from the sixth in a row the core makes you wait, and says how long.
  for (let i = 1; i <= 6; i += 1) {
    await lock.getByLabel('Passphrase').fill(`not the right passphrase ${i}`);
    await lock.getByLabel('Passphrase').press('Enter');
    await expect(lock.getByRole('alert')).toContainText('That is not your passphrase');
    await expect(lock.getByLabel('Passphrase')).toHaveValue('');
  }
  await expect(lock.getByRole('alert')).toContainText(/Wait \d+ seconds/);
  await shot(page, 'idle-lock-wrong');
  // Even the right passphrase waits its turn.
  await lock.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock.getByRole('alert')).toContainText('Too many wrong passphrases');
  await expect(lock).toBeVisible();
  await page.waitForTimeout(31_000);
  await lock.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock).toHaveCount(0);

  await expect(page.locator('#evidence-s1')).toHaveValue(evidence);
  release();
  await expect(page.getByTestId('save-state')).toContainText('Saved at');
  await page.unroute(isSave);
  await page.reload();
  await expect(page.locator('#evidence-s1')).toHaveValue(evidence);
});

test('two tabs signed in as two people each act as themselves', async ({ context, preview }) => {
  test.setTimeout(150_000);
  // Two tabs of one browser: each keeps its own session.
  const esme = await context.newPage();
  const femi = await context.newPage();
  await esme.goto(preview.url);
  await femi.goto(preview.url);
  await allocateToAuditor(esme, AUDITOR, ['DEMO-10002']);
  await allocateToAuditor(esme, OTHER_AUDITOR, ['DEMO-10003']);
  await signInAs(esme, AUDITOR);
  await signInAs(femi, OTHER_AUDITOR);
  await esme.reload();
  await expect(esme.locator('.whoami')).toContainText(AUDITOR);

  await startAudit(esme, 'DEMO-10002');
  await startAudit(femi, 'DEMO-10003');
  await expect(esme.locator('.editor-header')).toContainText(`Auditor: ${AUDITOR}`);
  await expect(femi.locator('.editor-header')).toContainText(`Auditor: ${OTHER_AUDITOR}`);

  // Each one's dashboard lists only their own audit.
  await esme.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await femi.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(esme.locator('.my-audits')).toContainText('DEMO-10002');
  await expect(esme.locator('.my-audits')).not.toContainText('DEMO-10003');
  await expect(femi.locator('.my-audits')).toContainText('DEMO-10003');
  await expect(femi.locator('.my-audits')).not.toContainText('DEMO-10002');
});
