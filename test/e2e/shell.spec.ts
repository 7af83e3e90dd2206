import { DEMO_PASSPHRASE, expect, shot, test } from './fixtures';

test('the shell opens on a demo database at the sign-in screen, signs in by keyboard, navigates and signs out', async ({ page, preview }) => {
  await page.goto(preview.url);
  await expect(page.getByRole('heading', { name: 'Sign in to Plumbline' })).toBeVisible();
  await shot(page, 'shell-sign-in');
  // Keyboard only: the email field has focus; Tab to the passphrase; Enter signs in.
  await expect(page.getByLabel('Email address')).toBeFocused();
  await page.keyboard.type('kit.demo-marlowe@demo.plumbline.test');
  await page.keyboard.press('Tab');
  await page.keyboard.type('not the passphrase at all');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('do not match');
  await page.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await page.getByLabel('Passphrase').press('Enter');
  await expect(page.locator('.whoami')).toContainText('Kit Demo-Marlowe · QA lead');
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
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Plumbline' })).toBeVisible();
});

test('a first start on an empty database makes its first QA lead', async ({ page }) => {
  const { startPreview } = await import('./fixtures');
  const preview = await startPreview({ demo: false });
  try {
    await page.goto(preview.url);
    await expect(page.getByRole('heading', { name: 'Welcome to Plumbline' })).toBeVisible();
    await shot(page, 'shell-first-start');
    await page.getByRole('button', { name: 'Start a standalone database' }).click();
    await expect(page.getByText('Enter the full name')).toBeVisible();
    await page.getByLabel('Your full name').fill('Pat Tester');
    await page.getByLabel('Your email address').fill('pat.tester@council.example');
    await page.getByLabel('Choose a passphrase').fill('copper kettle morning rain');
    await page.getByLabel('Type the passphrase again').fill('copper kettle morning rain');
    await page.getByRole('button', { name: 'Start a standalone database' }).click();
    await expect(page.locator('.whoami')).toContainText('Pat Tester · QA lead');
  } finally {
    await preview.stop();
  }
});

test('a first start can explore the demo instead: a separate file, marked on every page, and the real database stays empty', async ({ page }) => {
  const { startPreview } = await import('./fixtures');
  const preview = await startPreview({ demo: false });
  try {
    await page.goto(preview.url);
    await expect(page.getByRole('heading', { name: 'Welcome to Plumbline' })).toBeVisible();
    await page.getByRole('button', { name: 'Explore the demo' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to Plumbline' })).toBeVisible();
    await expect(page.locator('.demo-banner')).toHaveText('Demo data — not real children’s records');
    await page.getByLabel('Email address').fill('kit.demo-marlowe@demo.plumbline.test');
    await page.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
    await page.getByLabel('Passphrase').press('Enter');
    await expect(page.locator('.whoami')).toContainText('Kit Demo-Marlowe · QA lead');
    // On screen, not scrolled away by the welcome page's button.
    await expect(page.locator('.demo-banner')).toBeInViewport();
    await shot(page, 'shell-explore-demo');
  } finally {
    await preview.stop();
  }
  // The real file was never touched by the demo: opened again, it is still a first start.
  const again = await startPreview({ dir: preview.dir, demo: false });
  try {
    await page.goto(again.url);
    await expect(page.getByRole('heading', { name: 'Welcome to Plumbline' })).toBeVisible();
  } finally {
    await again.stop();
  }
});

