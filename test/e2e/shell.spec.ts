import { expect, shot, test } from './fixtures';

test('the shell opens on a demo database, asks who is working, and navigates', async ({ page, preview }) => {
  await page.goto(preview.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Plumbline' })).toBeVisible();
  await shot(page, 'shell-first-start');
  await page.getByRole('button', { name: /^Kit Demo-Marlowe/ }).click();
  await expect(page.locator('.whoami')).toContainText('Kit Demo-Marlowe');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const label of ['Dashboard', 'Cases', 'Moderation', 'Actions', 'Programmes', 'Reports and exports', 'Settings']) {
    await expect(nav.getByRole('link', { name: label })).toBeVisible();
  }
  // The token is taken out of the address bar once read.
  expect(page.url()).not.toContain('token=');
  await shot(page, 'shell-dashboard');
  await nav.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Sound:/ })).toBeVisible();
  await shot(page, 'shell-settings');
});

test('a first start on an empty database creates the profile', async ({ page }) => {
  const { startPreview } = await import('./fixtures');
  const preview = await startPreview({ demo: false });
  try {
    await page.goto(preview.url);
    await page.getByRole('button', { name: 'Create my profile' }).click();
    await expect(page.getByText('Enter your full name')).toBeVisible();
    await page.getByLabel('Your name').fill('Pat Tester');
    await page.getByLabel('Moderator').check();
    await page.getByRole('button', { name: 'Create my profile' }).click();
    await expect(page.locator('.whoami')).toContainText('Pat Tester · Moderator');
  } finally {
    await preview.stop();
  }
});
