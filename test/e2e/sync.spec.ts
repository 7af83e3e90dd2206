import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, runCli, shot, startPreview, startTeamServer, test } from './fixtures';

const LEAD = { email: 'lea.lead@council.example', name: 'Lea Lead', passphrase: 'river stones at low tide' };

test('a laptop joins a team from the first-start screen and the top bar shows its sync state: synced, then offline', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-team-e2e-'));
  await runCli(['team-server', 'init', '--data', dir, '--admin-email', LEAD.email, '--admin-name', LEAD.name], { PLUMBLINE_PASSPHRASE: LEAD.passphrase });
  const server = await startTeamServer(dir);
  const laptop = await startPreview({ demo: false });
  try {
    await page.goto(laptop.url);
    await expect(page.getByRole('heading', { name: 'Welcome to Plumbline' })).toBeVisible();
    const join = page.getByRole('form', { name: 'Join a team' });
    await join.getByLabel('Team server address').fill(server.url);
    await join.getByLabel('Your login (email address)').fill(LEAD.email);
    await join.getByLabel('Your passphrase').fill(LEAD.passphrase);
    await shot(page, 'first-start-join');
    await join.getByRole('button', { name: 'Join the team' }).click();

    await expect(page.locator('.whoami')).toContainText(`${LEAD.name} · QA lead`, { timeout: 60_000 });
    const state = page.getByTestId('sync-state');
    // Signing in is itself recorded, so a change may be waiting until the next sync.
    await expect(state).toHaveText(/^(Synced at \d\d:\d\d|\d+ changes? waiting)$/);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(state).toHaveText(/^Synced at \d\d:\d\d$/);
    await shot(page, 'sync-synced');

    // The server goes away: the laptop keeps working and says since when it has been offline.
    server.child.kill('SIGTERM');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(state).toHaveText(/^Offline since \d\d:\d\d/);
    await shot(page, 'sync-offline');
  } finally {
    server.child.kill('SIGKILL');
    await laptop.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(laptop.dir, { recursive: true, force: true });
  }
});
