/**
 * The moderation round trip by file, in Chromium through the browser preview, on two laptops (two
 * encrypted databases, two preview servers): the auditor sends a submitted audit for moderation
 * as a bundle, the moderator drops it on the window, moderates and agrees, sends the answer back
 * from Settings → Exchange, and the auditor imports it and sees the agreed grades.
 * The team (QA lead, invitations, joined laptops) and the submitted audit are set up with the
 * same core, as in test/integration/bundles.roundtrip.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import type { AuditDetail } from '../../shared/api/audits';
import { prepared } from '../../electron/core/db/prepared';
import { principalForPerson } from '../../electron/core/policy/principal';
import { newId, write } from '../../electron/core/write';
import { emailOf, exportTo, importFile, makeTeam, PASSPHRASE, type Laptop, type Team } from '../integration/bundleFixtures';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECTIONS = Array.from({ length: 10 }, (_, i) => `s${i + 1}`);

async function op<T>(laptop: Laptop, name: string, input: unknown): Promise<T> {
  const reply = await laptop.core.dispatch(principalForPerson(laptop.core.ctx.db, laptop.personId), name, input);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`);
  return reply.value as T;
}

async function serve(laptop: Laptop): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/plumbline.mjs'), 'serve', '--db', laptop.dbFile], {
    cwd: ROOT,
    env: { ...process.env, PLUMBLINE_KEY: laptop.key },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`The preview did not start: ${err}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Plumbline preview: (\S+)/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`The preview exited (${code}): ${err}`)));
  });
  return { url, child };
}

async function signIn(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email address').fill(emailOf(name));
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('.whoami')).toContainText(name);
}

/** Drops a file on the window, as a person dragging it from their email does. */
async function dropFile(page: Page, file: string): Promise<void> {
  const data = fs.readFileSync(file).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ name, data }) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: 'application/octet-stream' }));
      return dt;
    },
    { name: path.basename(file), data },
  );
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

test.describe.configure({ mode: 'serial' });

let team: Team;
let auditId = '';
const servers: ChildProcess[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  team = await makeTeam([
    { name: 'Sam', role: 'auditor' },
    { name: 'Alex', role: 'moderator' },
  ]);
  const { lead } = team;
  const sam = team.laptops.Sam;
  const caseId = newId();
  const programmeId = newId();
  const template = prepared(lead.core.ctx.db, "SELECT id FROM templates WHERE status = 'published' ORDER BY created_at LIMIT 1").get() as { id: string };
  write(lead.ctx(), (tx) => {
    tx.insert('cases', { id: caseId, reference: 'NR-4001', team: 'North', worker: 'Pat Worker', case_type: 'cin', age_band: '5-9', created_at: tx.at, updated_at: tx.at });
    tx.insert('programmes', { id: programmeId, name: 'December audits', type: 'monthly', template_id: template.id, created_at: tx.at, updated_at: tx.at });
    tx.insert('programme_cases', { programme_id: programmeId, case_id: caseId, auditor_id: sam.personId, chosen_by: 'hand', added_at: tx.at });
  });
  importFile(sam, exportTo(lead, sam).file);
  ({ id: auditId } = await op<{ id: string }>(sam, 'audits:start', { caseId }));
  const detail = await op<AuditDetail>(sam, 'audits:get', { id: auditId });
  const changes: unknown[] = [];
  for (const s of SECTIONS) changes.push({ kind: 'section-grade', section: s, grade: 2 }, { kind: 'section-evidence', section: s, text: `Evidence for ${s}: visits are regular.` });
  changes.push(
    { kind: 'feedback-spoken', who: 'child', value: 'yes' },
    { kind: 'feedback-text', who: 'child', field: 'said', text: 'I like my worker.' },
    { kind: 'feedback-view', who: 'child', value: 'helpful' },
    { kind: 'feedback-spoken', who: 'parent', value: 'no' },
    { kind: 'feedback-text', who: 'parent', field: 'reason', text: 'Declined to take part.' },
    { kind: 'key-findings', text: 'The child is safer; the plan needs clearer timescales.' },
    { kind: 'answer', question: 'left_at_risk', answer: 'no' },
    { kind: 'overall', grade: 2 },
  );
  const saved = await op<{ revision: number }>(sam, 'audits:save', { id: auditId, revision: detail.revision, changes });
  await op(sam, 'audits:submit', { id: auditId, revision: saved.revision });
  for (const l of [lead, sam, team.laptops.Alex]) l.close();
});

test.afterAll(async () => {
  for (const child of servers) {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
  for (const l of [team.lead, ...Object.values(team.laptops)]) fs.rmSync(l.dir, { recursive: true, force: true });
});

test('an audit goes for moderation as a file and comes back agreed', async ({ browser }) => {
  test.setTimeout(240_000);
  const samServer = await serve(team.laptops.Sam);
  const alexServer = await serve(team.laptops.Alex);
  servers.push(samServer.child, alexServer.child);
  const samPage = await (await browser.newContext({ acceptDownloads: true })).newPage();
  const alexPage = await (await browser.newContext({ acceptDownloads: true })).newPage();

  // Sam: the submitted audit → Send for moderation → Alex → a downloaded .plb.
  await signIn(samPage, samServer.url, 'Sam');
  await samPage.goto(`${samServer.url.split('#')[0]}#/audits/${auditId}`);
  await samPage.getByRole('button', { name: 'Send for moderation' }).click();
  await samPage.getByLabel('Moderator').selectOption({ label: 'Alex' });
  const [download] = await Promise.all([samPage.waitForEvent('download'), samPage.getByRole('button', { name: 'Export bundle' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^plumbline-to-alex-\d{4}-\d{2}-\d{2}\.plb$/);
  const toAlex = path.join(team.laptops.Sam.dir, download.suggestedFilename());
  await download.saveAs(toAlex);
  await expect(samPage.getByRole('status').filter({ hasText: 'Bundle for Alex ready' })).toBeVisible();
  await samPage.screenshot({ path: '/tmp/bundles-e2e-1-send.png' });

  // Alex: drops the file on the window; the report shows; moderates openly and agrees.
  await signIn(alexPage, alexServer.url, 'Alex');
  await dropFile(alexPage, toAlex);
  await expect(alexPage.getByRole('status').filter({ hasText: /Imported bundle \d+ from Sam/ })).toBeVisible();
  await alexPage.screenshot({ path: '/tmp/bundles-e2e-2-dropped.png' });
  await alexPage.goto(`${alexServer.url.split('#')[0]}#/moderation/${auditId}`);
  await alexPage.getByRole('button', { name: 'Start open moderation' }).click();
  for (const [section, label] of [
    ['s10', 'Change the grade for 10. Impact'],
    ['overall', /Change the grade for Overall/],
  ] as const) {
    await alexPage.getByRole('button', { name: label }).click();
    await alexPage.locator(`#g-${section}`).selectOption('3');
    await alexPage.locator(`#r-${section}`).fill('No evidence yet that the plan has changed anything for the child.');
    await alexPage.locator(`#c-${section}`).selectOption('over-optimistic');
    await alexPage.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(alexPage.locator(`#g-${section}`)).toHaveCount(0);
  }
  await alexPage.getByRole('button', { name: 'Agree grades' }).click();
  await expect(alexPage.getByRole('heading', { name: 'Moderation record' })).toBeVisible();

  // Alex → Sam from Settings → Exchange.
  await alexPage.goto(`${alexServer.url.split('#')[0]}#/settings`);
  await alexPage.getByLabel('To').selectOption({ label: 'Sam (Auditor)' });
  const [back] = await Promise.all([alexPage.waitForEvent('download'), alexPage.getByRole('button', { name: 'Export bundle' }).click()]);
  expect(back.suggestedFilename()).toMatch(/^plumbline-to-sam-\d{4}-\d{2}-\d{2}\.plb$/);
  const toSam = path.join(team.laptops.Alex.dir, back.suggestedFilename());
  await back.saveAs(toSam);
  await alexPage.screenshot({ path: '/tmp/bundles-e2e-3-exchange.png', fullPage: true });

  // Sam imports the answer in Settings → Exchange and sees the agreed grades.
  await samPage.goto(`${samServer.url.split('#')[0]}#/settings`);
  await samPage.getByLabel('Bundle file (.plb)').setInputFiles(toSam);
  await expect(samPage.getByRole('status').filter({ hasText: /Imported bundle \d+ from Alex/ })).toBeVisible();
  // The same file again changes nothing: refused as already imported.
  await samPage.getByLabel('Bundle file (.plb)').setInputFiles(toSam);
  await expect(samPage.getByRole('alert').filter({ hasText: 'already imported' })).toBeVisible();
  await samPage.screenshot({ path: '/tmp/bundles-e2e-4-imported.png', fullPage: true });
  await samPage.goto(`${samServer.url.split('#')[0]}#/audits/${auditId}`);
  await expect(samPage.locator('.editor-header')).toContainText(/agreed/i);
  await samPage.goto(`${samServer.url.split('#')[0]}#/moderation/${auditId}`);
  await expect(samPage.getByRole('heading', { name: 'Moderation record' })).toBeVisible();
  await expect(samPage.getByText('3 Requires improvement to be good').first()).toBeVisible();
  await samPage.screenshot({ path: '/tmp/bundles-e2e-5-agreed.png', fullPage: true });
});
