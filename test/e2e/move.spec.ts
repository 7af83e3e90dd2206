/**
 * Decision 66 in the app: a council starts standalone in the browser preview, its QA lead finds
 * "Move to a team server" in Settings, the IT team starts a new team server from the laptop's
 * database file (the real CLI, while the preview runs), and she joins it from Settings: the top
 * bar then shows the laptop syncing with the server, and the card is gone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, runCli, shot, startPreview, startTeamServer, test } from './fixtures';
import { seriousViolations } from './peoplePages';

const JO = { name: 'Jo Lead', email: 'jo.lead@council.example', passphrase: 'lanterns over the harbour wall' };

test('a standalone QA lead moves her database onto a new team server from Settings', async ({ page }) => {
  test.setTimeout(300_000);
  const teamDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-move-e2e-'));
  const laptop = await startPreview({ demo: false });
  let server: Awaited<ReturnType<typeof startTeamServer>> | null = null;
  try {
    await page.goto(laptop.url);
    const start = page.getByRole('form', { name: 'Start a standalone database' });
    await start.getByLabel('Your full name').fill(JO.name);
    await start.getByLabel('Your email address (you sign in with it)').fill(JO.email);
    await start.getByLabel('Choose a passphrase').fill(JO.passphrase);
    await start.getByLabel('Type the passphrase again').fill(JO.passphrase);
    await start.getByRole('button', { name: 'Start a standalone database' }).click();
    await expect(page.locator('.whoami')).toContainText(`${JO.name} · QA lead`, { timeout: 60_000 });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const card = page.getByRole('region', { name: 'Move to a team server' });
    await expect(card).toBeVisible();
    await expect(card).toContainText('plumbline team-server init --data DIR --from-db plumbline.db');
    expect(await seriousViolations(page)).toEqual([]);

    // The IT team starts a new team server from this laptop's database file.
    const init = await runCli(['team-server', 'init', '--data', teamDir, '--from-db', laptop.dbFile]);
    expect(init.stderr).toBe('');
    expect(init.stdout).toMatch(/^Moved QA lead Jo Lead <jo\.lead@council\.example>/);
    server = await startTeamServer(teamDir);

    const join = card.getByRole('form', { name: 'Join the team server' });
    await join.getByLabel('Team server address').fill(server.url);
    await join.getByLabel('Your login (email address)').fill(JO.email);
    await join.getByLabel('Your passphrase').fill(JO.passphrase);
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'settings-move-to-team-server');
    await join.getByRole('button', { name: 'Join the team' }).click();

    await expect(card).toBeHidden({ timeout: 60_000 });
    await expect(page.locator('.whoami')).toContainText(`${JO.name} · QA lead`);
    const state = page.getByTestId('sync-state');
    await expect(state).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(state).toHaveText(/^Synced at \d\d:\d\d$/);
    await shot(page, 'settings-moved');
  } finally {
    server?.child.kill('SIGKILL');
    await laptop.stop();
    fs.rmSync(teamDir, { recursive: true, force: true });
    fs.rmSync(laptop.dir, { recursive: true, force: true });
  }
});
