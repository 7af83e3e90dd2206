import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
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

test('a change the team server refused is shown with its reason, and keeping it on the laptop after confirming unblocks syncing', async ({ page }) => {
  test.setTimeout(300_000);
  const { createCore } = await import('../../electron/core/index');
  const { resolveKey } = await import('../../electron/core/keys');
  const { addPerson, updatePerson } = await import('../../electron/core/people/service');
  const { principalForPerson, withPrincipal } = await import('../../electron/core/policy/principal');
  const { syncNow } = await import('../../electron/core/teamsync/sync');
  const { newId, write } = await import('../../electron/core/write');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-refused-e2e-'));
  const sam = { email: 'sam.moderator@council.example', passphrase: 'kettle on the viaduct at dusk' };
  await runCli(['team-server', 'init', '--data', dir, '--admin-email', LEAD.email, '--admin-name', LEAD.name], { PLUMBLINE_PASSPHRASE: LEAD.passphrase });
  const server = await startTeamServer(dir);
  const samDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-sam-'));
  const samDb = path.join(samDir, 'plumbline.db');
  const leadDb = path.join(dir, 'lead.db');
  let laptop: Awaited<ReturnType<typeof startPreview>> | null = null;
  try {
    // The QA lead's laptop adds Sam as a moderator and a submitted audit for Sam to moderate.
    await runCli(['join', '--db', leadDb, '--server', server.url, '--login', LEAD.email], { PLUMBLINE_PASSPHRASE: LEAD.passphrase });
    const lead = createCore({ dbFile: leadDb, key: resolveKey(leadDb).key });
    const leadId = (lead.ctx.db.prepare('SELECT id FROM users WHERE email = ?').get(LEAD.email) as { id: string }).id;
    const asLead = withPrincipal(lead.ctx, principalForPerson(lead.ctx.db, leadId));
    const samId = (await addPerson(asLead, { name: 'Sam Moderator', email: sam.email, role: 'moderator', teams: ['North'], agency: null, passphrase: sam.passphrase }, { ownPassphrase: true })).id;
    const template = lead.ctx.db.prepare("SELECT id FROM templates WHERE status = 'published' LIMIT 1").get() as { id: string };
    const auditId = newId();
    write(asLead, (tx) => {
      const caseId = newId();
      tx.insert('cases', { id: caseId, reference: 'NR-4001', team: 'North', worker: 'Ash', case_type: 'cp', age_band: '0-4', created_at: tx.at, updated_at: tx.at });
      tx.insert('audits', { id: auditId, case_id: caseId, template_id: template.id, auditor_id: leadId, status: 'submitted', created_at: tx.at, updated_at: tx.at, submitted_at: tx.at });
    });
    await syncNow(lead.ctx);
    // Sam's laptop joins; then, while it is away, Sam becomes an auditor and Sam's laptop starts a moderation.
    await runCli(['join', '--db', samDb, '--server', server.url, '--login', sam.email], { PLUMBLINE_PASSPHRASE: sam.passphrase });
    updatePerson(asLead, { id: samId, role: 'auditor' });
    await syncNow(lead.ctx);
    lead.close();
    const samCore = createCore({ dbFile: samDb, key: resolveKey(samDb).key });
    write(withPrincipal(samCore.ctx, principalForPerson(samCore.ctx.db, samId)), (tx) =>
      tx.insert('moderations', { id: newId(), audit_id: auditId, audit_revision: 1, mode: 'open', moderator_id: samId, status: 'grading', started_at: tx.at, return_reasons: '[]' }),
    );
    await syncNow(samCore.ctx).catch(() => undefined);
    samCore.close();

    laptop = await startPreview({ dir: samDir });
    await page.goto(laptop.url);
    await page.getByLabel('Email address').fill(sam.email);
    await page.getByLabel('Passphrase').fill(sam.passphrase);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const state = page.getByTestId('sync-state');
    await expect(state).toHaveText(/^Refused: .*moderation is for moderators/);
    await page.getByRole('button', { name: 'What was refused?' }).click();
    const dialog = page.getByRole('dialog', { name: 'The team server refused a change' });
    await expect(dialog).toContainText('moderations');
    await expect(dialog.getByRole('listitem').filter({ hasText: 'status: grading' })).toHaveCount(1);
    await shot(page, 'sync-refused-change');
    await page.screenshot({ path: '/tmp/merge-refused-change.png' });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await dialog.getByRole('button', { name: 'Keep it on this laptop only…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Keep this change on this laptop only?' });
    await page.screenshot({ path: '/tmp/merge-refused-confirm.png' });
    await confirm.getByRole('button', { name: 'Keep it here and send the rest' }).click();
    await expect(page.getByRole('button', { name: 'What was refused?' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(state).toHaveText(/^Synced at \d\d:\d\d$/);
  } finally {
    server.child.kill('SIGKILL');
    await laptop?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(samDir, { recursive: true, force: true });
  }
});
