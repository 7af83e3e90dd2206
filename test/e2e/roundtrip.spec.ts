import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { api, expect, runCli, startPreview, startTeamServer, test, type Preview } from './fixtures';
import { pdfText } from './exportPdfText';
import { seriousViolations } from './peoplePages';

/**
 * Issue 15's "Done when": the round trip on three laptops (three `plumbline serve` previews, each
 * its own encrypted database) joined to one team server process on PGlite, driven by real clicks
 * in three browser contexts, with "Sync now" between the steps.
 */
const LEAD = { email: 'lea.lead@council.example', name: 'Lea Lead', passphrase: 'river stones at low tide' };
const ANN = { email: 'ann.auditor@council.example', name: 'Ann Auditor', oneTime: 'ann one-time passphrase', own: 'ann picked a kettle and a kite' };
const MO = { email: 'mo.moderator@council.example', name: 'Mo Moderator', oneTime: 'mo one-time passphrase', own: 'mo picked a lantern by the sea' };
const SHOTS = path.join(os.tmpdir(), 'plumbline-roundtrip-shots');

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** A laptop: its own preview and browser context, joined to the team on the first-start screen. */
async function joinLaptop(browser: Browser, server: string, who: { email: string; name: string }, passphrase: string, own?: string): Promise<{ page: Page; preview: Preview }> {
  const preview = await startPreview({ demo: false });
  const page = await (await browser.newContext()).newPage();
  await page.goto(preview.url);
  const join = page.getByRole('form', { name: 'Join a team' });
  await join.getByLabel('Team server address').fill(server);
  await join.getByLabel('Your login (email address)').fill(who.email);
  await join.getByLabel('Your passphrase').fill(passphrase);
  await join.getByRole('button', { name: 'Join the team' }).click();
  if (own) {
    // A one-time passphrase from the QA lead: the person chooses their own before anything else.
    const form = page.getByRole('form', { name: 'Choose your own passphrase' });
    await form.getByLabel('One-time passphrase').fill(passphrase);
    await form.getByLabel(/^New passphrase \(at least/).fill(own);
    await form.getByLabel('New passphrase again').fill(own);
    await form.getByRole('button', { name: 'Save my passphrase' }).click();
  }
  await expect(page.locator('.whoami')).toContainText(who.name, { timeout: 60_000 });
  return { page, preview };
}

/** Opens a page of the app by its hash route, on the laptop the page is on. */
const go = (page: Page, route: string) => page.goto(`${new URL(page.url()).origin}/#${route}`);

/** Clicks "Sync now" and waits until the top bar says synced. */
async function syncNow(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText(/^Synced at \d\d:\d\d$/, { timeout: 60_000 });
}

test('the round trip on three laptops: the QA lead allocates, the auditor grades offline and submits, the moderator moderates blind and agrees, the auditor sees the agreed grades', async ({ browser }) => {
  test.setTimeout(900_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-team-roundtrip-'));
  await runCli(['team-server', 'init', '--data', dir, '--admin-email', LEAD.email, '--admin-name', LEAD.name], { PLUMBLINE_PASSPHRASE: LEAD.passphrase });
  let server = await startTeamServer(dir);
  const previews: Preview[] = [];
  try {
    // The QA lead's laptop: the people and the register (through the contract), then allocate by click.
    const lead = await joinLaptop(browser, server.url, LEAD, LEAD.passphrase);
    previews.push(lead.preview);
    await api(lead.page, 'people:add', { name: ANN.name, email: ANN.email, role: 'auditor', teams: ['Team North'], passphrase: ANN.oneTime });
    await api(lead.page, 'people:add', { name: MO.name, email: MO.email, role: 'moderator', teams: [], passphrase: MO.oneTime });
    const south = await api<{ id: string }>(lead.page, 'cases:create', { reference: 'S-101', team: 'Team South', worker: 'Sam Worker', caseType: 'cin', ageBand: '5-9', openedOn: '2026-01-10' });
    await api(lead.page, 'cases:create', { reference: 'N-101', team: 'Team North', worker: 'Nia Worker', caseType: 'cp', ageBand: '0-4', openedOn: '2026-02-10' });
    const programme = await api<{ id: string }>(lead.page, 'programmes:create', { name: 'December case audits', type: 'monthly' });
    await api(lead.page, 'programmes:addCases', { programmeId: programme.id, caseIds: [south.id] });
    await go(lead.page, `/programmes/${programme.id}`);
    await expect(lead.page.getByRole('heading', { name: 'December case audits', level: 1 })).toBeVisible();
    await lead.page.getByRole('button', { name: 'Allocate' }).click();
    await expect(lead.page.getByRole('status').filter({ hasText: '1 case allocated.' })).toBeVisible();
    await expect(lead.page.getByRole('combobox', { name: 'Auditor for S-101' }).locator('option:checked')).toHaveText(`${ANN.name} (manages Team North)`);
    await syncNow(lead.page);
    await shot(lead.page, '1-lead-allocated');

    // The auditor's laptop receives her case (and nothing of the other team's).
    const ann = await joinLaptop(browser, server.url, ANN, ANN.oneTime, ANN.own);
    previews.push(ann.preview);
    const card = ann.page.getByRole('region', { name: 'My programme cases' });
    await expect(card.getByRole('row').filter({ hasText: 'S-101' })).toContainText('Not started');
    await expect(ann.page.getByText('N-101')).toHaveCount(0);
    await shot(ann.page, '2-auditor-dashboard');

    // The team server goes away; she grades and submits offline.
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    await ann.page.getByRole('button', { name: 'Sync now' }).click();
    await expect(ann.page.getByTestId('sync-state')).toHaveText(/^Offline since \d\d:\d\d/);
    await card.getByRole('button', { name: 'Start audit of S-101' }).click();
    await expect(ann.page).toHaveURL(/#\/audits\//);
    const auditId = decodeURIComponent(/#\/audits\/([^?]+)/.exec(ann.page.url())![1]);
    // The prose steps through the editor's own contract; the grades by click.
    const { revision } = await api<{ revision: number }>(ann.page, 'audits:get', { id: auditId });
    await api(ann.page, 'audits:save', {
      id: auditId,
      revision,
      changes: [
        { kind: 'feedback-spoken', who: 'child', value: 'yes' },
        { kind: 'feedback-text', who: 'child', field: 'said', text: 'I like my worker.' },
        { kind: 'feedback-view', who: 'child', value: 'helpful' },
        { kind: 'feedback-spoken', who: 'parent', value: 'no' },
        { kind: 'feedback-text', who: 'parent', field: 'reason', text: 'Declined to take part.' },
        { kind: 'key-findings', text: 'The child is safer; the plan needs clearer timescales.' },
        { kind: 'answer', question: 'left_at_risk', answer: 'no' },
      ],
    });
    await ann.page.reload(); // the editor reads the audit afresh (it would otherwise see the save above as another window's)
    await expect(ann.page.locator('#step-heading')).toBeVisible();
    const editor = `/audits/${encodeURIComponent(auditId)}`;
    for (let i = 1; i <= 10; i++) {
      await go(ann.page, `${editor}?step=s${i}`);
      await ann.page.locator(`label[for="grade-s${i}-2"]`).click();
      await expect(ann.page.locator(`#grade-s${i}-2`)).toBeChecked();
      await ann.page.locator(`#evidence-s${i}`).fill(`Section ${i}: visits on time, the child seen alone, the plan reviewed.`);
      await expect(ann.page.getByTestId('save-state')).toContainText('Saved at');
    }
    await go(ann.page, `${editor}?step=overall`);
    await ann.page.locator('label[for="overall-2"]').click();
    await expect(ann.page.getByTestId('save-state')).toContainText('Saved at');
    await go(ann.page, `${editor}?step=submit`);
    await expect(ann.page.locator('#missing-heading')).toHaveText('Complete');
    await ann.page.getByRole('button', { name: 'Submit audit' }).click();
    await expect(ann.page.locator('.editor-header .pill')).toHaveText('Submitted');
    await expect(ann.page.getByTestId('sync-state')).toHaveText(/changes? waiting|Offline since/);
    await shot(ann.page, '3-auditor-submitted-offline');
    // The server is back: Sync now sends her work.
    server = await startTeamServer(dir, Number(new URL(server.url).port));
    await syncNow(ann.page);

    // The moderator's laptop receives it and moderates blind.
    const mo = await joinLaptop(browser, server.url, MO, MO.oneTime, MO.own);
    previews.push(mo.preview);
    await mo.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Moderation' }).click();
    const row = mo.page.getByRole('row').filter({ hasText: 'S-101' });
    await expect(row).toContainText(ANN.name);
    await shot(mo.page, '4-moderator-queue');
    await row.getByRole('link', { name: 'Moderate case S-101' }).click();
    await mo.page.getByRole('button', { name: 'Start blind moderation' }).click();
    await expect(mo.page.getByRole('heading', { name: 'Blind grading' })).toBeVisible();
    await expect(mo.page.getByText('Section 1: visits on time')).toHaveCount(0);
    for (let i = 1; i <= 10; i++) {
      const grade = i === 10 ? 3 : 2;
      await mo.page.locator(`label[for="blind-s${i}-${grade}"]`).click();
      await expect(mo.page.locator(`#blind-s${i}-${grade}`)).toBeChecked();
    }
    await mo.page.locator('label[for="blind-overall-2"]').click();
    await expect(mo.page.locator('.mod-progress')).toHaveText('11 of 11 graded');
    await mo.page.getByRole('button', { name: 'Finish blind grading and compare' }).click();
    await expect(mo.page.getByRole('heading', { name: 'Reconciliation' })).toBeVisible();
    await expect(mo.page.locator('.mod-progress')).toHaveText('1 difference, 0 agreed.');
    await mo.page.getByLabel('Agreed grade, section 10').selectOption('3');
    await mo.page.getByLabel('Rationale for the agreed grade').fill('Agreed with Ann: there is no evidence yet of impact for the child.');
    await mo.page.getByLabel('Reason code').selectOption('over-optimistic');
    await mo.page.getByRole('button', { name: 'Save agreed grade' }).click();
    await expect(mo.page.locator('.mod-progress')).toHaveText('1 difference, 1 agreed.');
    await shot(mo.page, '5-moderator-reconciliation');
    await mo.page.getByRole('button', { name: 'Agree grades' }).click();
    await expect(mo.page.getByRole('heading', { name: 'Moderation record' })).toBeVisible();
    await syncNow(mo.page);

    // The auditor's laptop receives the agreed grades.
    await syncNow(ann.page);
    await ann.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const submitted = ann.page.getByRole('region', { name: /^Submitted/ }).getByRole('listitem').filter({ hasText: 'Case S-101' });
    await expect(submitted).toContainText('Agreed');
    await submitted.getByRole('link', { name: 'See the agreed grades for case S-101' }).click();
    await expect(ann.page.getByRole('heading', { name: 'Moderation record' })).toBeVisible();
    const s10 = ann.page.locator('.mod-record tr').filter({ hasText: /^10\./ });
    await expect(s10.locator('td').nth(0)).toHaveText('2 Good');
    await expect(s10.locator('td').nth(2)).toHaveText('3 Requires improvement to be good');
    await expect(s10).toContainText('no evidence yet of impact');
    await expect(ann.page.getByRole('link', { name: 'Back to your dashboard' })).toBeVisible();
    expect(await seriousViolations(ann.page)).toEqual([]);
    await shot(ann.page, '6-auditor-agreed-grades');
    // She agrees too ("both agree"), and her acknowledgement travels with the next sync.
    await ann.page.getByRole('button', { name: 'Acknowledge the agreed grades' }).click();
    await expect(ann.page.locator('dt', { hasText: 'Auditor acknowledged' }).locator('+ dd')).toContainText(ANN.name);
    await syncNow(ann.page);

    // The QA lead's laptop sees both agreements and the moderation in the figures.
    await syncNow(lead.page);
    await go(lead.page, `/moderation/${encodeURIComponent(auditId)}`);
    await expect(lead.page.locator('dt', { hasText: 'Auditor acknowledged' }).locator('+ dd')).toContainText(ANN.name);
    await go(lead.page, '/calibration');
    await lead.page.getByLabel('Auditor', { exact: true }).selectOption({ label: ANN.name });
    await expect(lead.page.getByTestId('figures-scope')).toHaveText(`Showing: ${ANN.name}`);
    await expect(lead.page.locator('.mod-stat').filter({ hasText: 'Moderated audits' }).locator('.stat')).toHaveText('1');
    await expect(lead.page.getByRole('region', { name: 'By auditor' }).getByRole('row').filter({ hasText: ANN.name })).toContainText('11');
    await shot(lead.page, '7-lead-calibration');

    // The pack the QA lead makes for leaders carries the audit graded on another laptop, its
    // agreed grade and both agreements (read back from the PDF).
    await go(lead.page, '/reports');
    const pack = lead.page.getByRole('region', { name: 'Audit pack (PDF)' });
    await pack.getByRole('button', { name: 'Make the pack' }).click();
    await expect(pack.getByRole('status').filter({ hasText: /^Ready: audit-pack/ })).toBeVisible({ timeout: 60_000 });
    const [download] = await Promise.all([lead.page.waitForEvent('download'), pack.getByRole('button', { name: 'Download' }).click()]);
    const text = pdfText(await download.path()).replace(/\s+/g, ' ');
    expect(text).toContain('S-101');
    expect(text).toContain(ANN.name);
    // Section 10: the auditor's grade, the moderator's, and the agreed one.
    expect(text).toContain('10. Impact 2 Good 3 Requires improvement 3 Requires improvement');
    expect(text).toMatch(/Both agree: moderator agreed .+ · auditor acknowledged .+ \(final\)/);
  } finally {
    server.child.kill('SIGKILL');
    for (const p of previews) {
      await p.stop();
      fs.rmSync(p.dir, { recursive: true, force: true });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
