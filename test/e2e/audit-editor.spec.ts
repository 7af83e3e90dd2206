import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { allocateToAuditor } from './auditApi';
import { expect, shot, signInAs, startPreview, test } from './fixtures';

const AUDITOR = 'Esme Demo-Hartley';

/** Opens the preview, works as the auditor and starts an audit of a demo case from the dashboard. */
async function startAudit(page: Page, url: string, reference = 'DEMO-10002'): Promise<string> {
  await page.goto(url);
  await allocateToAuditor(page, AUDITOR, [reference]); // an auditor audits the cases allocated to them
  await signInAs(page, AUDITOR);
  await page.getByLabel('Case reference').fill(reference);
  await page.getByRole('button', { name: 'Start audit', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Section 1: Front door, referral and thresholds' })).toBeVisible();
  const id = /#\/audits\/([^?]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`No audit id in ${page.url()}`);
  return decodeURIComponent(id);
}

/** Presses Tab until the focused element matches the selector (keyboard only). */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Chooses the n-th option (0-based) of the radio group just entered: Space for the first, arrows for the rest. */
async function chooseOption(page: Page, n: number): Promise<void> {
  if (n === 0) await page.keyboard.press('Space');
  for (let i = 0; i < n; i += 1) await page.keyboard.press('ArrowDown');
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

// Grade index: 0 = 1 Outstanding … 3 = 4 Inadequate, 4 = N/A.
const PLAN: { key: string; grade: number; evidence: string }[] = [
  { key: 's1', grade: 1, evidence: 'Thresholds applied correctly; consent recorded.' },
  { key: 's2', grade: 4, evidence: 'Not a child protection case.' },
  { key: 's3', grade: 1, evidence: 'Assessment timely, but some drift before the plan.' },
  { key: 's4', grade: 1, evidence: 'Child seen alone twice; wishes recorded.' },
  { key: 's5', grade: 2, evidence: 'Plan lists what parents must do, not the impact.' },
  { key: 's6', grade: 1, evidence: 'Visits at the required frequency.' },
  { key: 's7', grade: 1, evidence: 'School and health attended core groups.' },
  { key: 's8', grade: 3, evidence: 'No supervision recorded for four months.' },
  { key: 's9', grade: 1, evidence: 'Step-down planned with early help.' },
  { key: 's10', grade: 2, evidence: 'Some improvement; reasons for the rest understood.' },
];

test('an auditor grades a whole audit by keyboard, meets a limiting rule and the word limit, and submits', async ({ page, preview }) => {
  test.setTimeout(300_000);
  const id = await startAudit(page, preview.url);
  await expect(page.locator('#step-heading')).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);

  for (const [i, step] of PLAN.entries()) {
    const heading = page.locator('#step-heading');
    await expect(heading).toBeFocused();
    await expect(heading).toContainText(`Section ${i + 1}:`);
    if (i === 0) {
      // The first question by keyboard: Tab into its group, Space chooses "Yes".
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await expect(page.locator('input[name="q-s1.thresholds_applied"][value="yes"]')).toBeChecked();
    }
    await tabTo(page, `input[name="grade-${step.key}"]`);
    await chooseOption(page, step.grade);
    await expect(page.locator(`input[name="grade-${step.key}"]:checked`)).toHaveCount(1);
    await page.keyboard.press('Tab');
    await expect(page.locator(`#evidence-${step.key}`)).toBeFocused();
    await page.keyboard.type(step.evidence);
    if (step.key === 's1') await shot(page, 'editor-section');
    if (step.key === 's3') {
      await expect(page.locator('.concern-words mark')).toHaveText('drift');
      await shot(page, 'editor-section-concern-words');
    }
    await page.keyboard.press('Alt+N');
  }
  await expect(page.locator('.rail')).toContainText('10 of 10 sections done');
  await expect(page.getByTestId('save-state')).toContainText('Saved at');

  // Child and family feedback.
  await expect(page.locator('#step-heading')).toHaveText('Child and family feedback');
  await tabTo(page, 'input[name="spoken-child"]');
  await chooseOption(page, 0);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Said they feel safer since the move and like their new school.');
  await page.keyboard.press('Tab');
  await chooseOption(page, 0);
  await tabTo(page, 'input[name="spoken-parent"]');
  await chooseOption(page, 1);
  await page.keyboard.press('Tab');
  await expect(page.locator('#reason-parent')).toBeFocused();
  await page.keyboard.type('Mother declined to take part in the audit conversation.');
  await shot(page, 'editor-feedback');
  await page.keyboard.press('Alt+N');

  // Key findings: the 151st word is refused.
  await expect(page.locator('#step-heading')).toHaveText('Key findings');
  await page.keyboard.press('Tab');
  await expect(page.locator('#key-findings')).toBeFocused();
  const words = Array.from({ length: 151 }, (_, i) => (i === 0 ? 'Safer' : `w${i}`));
  // The first 148 words arrive as one input (as a paste would), the last three key by key.
  await page.keyboard.insertText(`${words.slice(0, 148).join(' ')} `);
  await expect(page.locator('#key-findings-count')).toHaveText('148 of 150 words');
  await page.keyboard.type(words.slice(148).join(' '));
  await expect(page.locator('#key-findings-count')).toHaveText('150 of 150 words');
  await expect(page.getByRole('alert').filter({ hasText: 'at most 150 words' })).toBeVisible();
  expect((await page.locator('#key-findings').inputValue()).trim().split(/\s+/)).toHaveLength(150);
  await shot(page, 'editor-key-findings');
  await page.keyboard.press('Alt+N');

  // Strengths and areas: Enter adds an item.
  await tabTo(page, '#strengths-new');
  await page.keyboard.type('Child seen alone and views recorded');
  await page.keyboard.press('Enter');
  await tabTo(page, '#areas-new');
  await page.keyboard.type('Supervision to set direction and timescales');
  await page.keyboard.press('Enter');
  await expect(page.locator('#strengths-0')).toHaveValue('Child seen alone and views recorded');
  await shot(page, 'editor-lists');
  await page.keyboard.press('Alt+N');

  // Overall: 2 Good breaks the section 8 rule, explained live.
  await tabTo(page, 'input[name="overall"]');
  await chooseOption(page, 1);
  await expect(page.locator('input[name="overall"][value="2"]')).toBeChecked();
  const rule = 'Overall cannot be better than 3 Requires improvement to be good because section 8 (Management oversight and supervision) is 4 Inadequate.';
  await expect(page.locator('.limiting-reasons')).toContainText(rule);
  await expect(page.getByRole('status').filter({ hasText: '2 Good breaks a limiting rule' })).toBeVisible();
  await expect(page.locator('label[for="overall-1"]')).toContainText('Better than the limiting rules allow');
  await shot(page, 'editor-overall');
  expect(await seriousViolations(page)).toEqual([]);

  await page.keyboard.press('Alt+N');
  await expect(page.locator('#step-heading')).toHaveText('Actions');
  await shot(page, 'editor-actions');
  await page.keyboard.press('Alt+N');

  // Submit: nothing missing, a blocking warning needs a justification.
  await expect(page.locator('#missing-heading')).toHaveText('Complete');
  await expect(page.locator('.warning-blocking').first()).toContainText('section 8 (Management oversight and supervision) is 4 Inadequate');
  await expect(page.locator('.warnings')).toContainText('"drift"');
  await expect(page.getByRole('button', { name: 'Submit audit' })).toBeDisabled();
  await tabTo(page, '#justification');
  await page.keyboard.type('Supervision gap predates the current manager; direction is now clear.');
  await shot(page, 'editor-submit');
  expect(await seriousViolations(page)).toEqual([]);
  await tabTo(page, 'button.btn-primary');
  await page.keyboard.press('Enter');

  await expect(page.locator('.read-only-banner')).toContainText('is read-only');
  await expect(page.locator('.editor-header .pill')).toHaveText('Submitted');
  await expect(page.locator('blockquote.justification')).toContainText('Supervision gap predates');
  await page.goto(`${new URL(page.url()).origin}/#/audits/${id}?step=s8`);
  await expect(page.locator('input[name="grade-s8"][value="4"]')).toBeChecked();
  await expect(page.locator('input[name="grade-s8"][value="4"]')).toBeDisabled();
  await expect(page.locator('#evidence-s8')).toBeDisabled();
  await shot(page, 'editor-submitted-read-only');

  // The dashboard lists it as submitted.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const submitted = page.getByRole('region', { name: /^Submitted/ });
  await expect(submitted.getByRole('link', { name: 'Case DEMO-10002' })).toBeVisible();
  const counts = page.getByRole('region', { name: 'Overall grades this month' });
  await expect(counts).toContainText('2 Good');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'dashboard');
  expect(await seriousViolations(page)).toEqual([]);
});

test('killing the preview mid-typing loses nothing that was shown as saved', async ({ page, preview }) => {
  test.setTimeout(300_000); // a second preview start on a busy machine
  const id = await startAudit(page, preview.url, 'DEMO-10003');
  await page.locator('#evidence-s1').focus();
  await page.keyboard.type('Referral handled on the day it came in.');
  await expect(page.getByTestId('save-state')).toContainText('Saved at');
  const savedText = await page.locator('#evidence-s1').inputValue();

  // Keep typing, and kill the server in the middle of it.
  const typing = page.keyboard.type(' Strategy discussion held the next morning with police and school.', { delay: 25 });
  await page.waitForTimeout(700);
  await preview.stop('SIGKILL');
  await typing;
  await expect(page.getByTestId('save-state')).toHaveText('Not saved — retrying', { timeout: 15_000 });
  await shot(page, 'editor-not-saved-retrying');

  const again = await startPreview({ dir: preview.dir });
  try {
    await page.goto(again.url);
    // A restarted preview knows no sessions: the auditor signs in again (nothing saved is lost).
    await signInAs(page, AUDITOR);
    await page.goto(`${new URL(again.url).origin}/#/audits/${id}?step=s1`);
    const reopened = await page.locator('#evidence-s1').inputValue();
    expect(reopened.startsWith(savedText)).toBe(true);
  } finally {
    await again.stop();
  }
});

test('two windows on one audit: the stale save is detected and shown, not applied', async ({ page, preview, context }) => {
  const id = await startAudit(page, preview.url, 'DEMO-10005');
  const other = await context.newPage();
  await other.goto(preview.url);
  // Each tab has its own session: the second window signs in too.
  await signInAs(other, AUDITOR);
  await other.goto(`${new URL(preview.url).origin}/#/audits/${id}?step=s1`);
  await expect(other.locator('#step-heading')).toBeFocused();

  await page.locator('#evidence-s1').fill('Written in the first window.');
  await expect(page.getByTestId('save-state')).toContainText('Saved at');

  await other.locator('#evidence-s1').fill('Written in the second window.');
  const banner = other.getByRole('alert').filter({ hasText: 'This audit was changed in another window' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(AUDITOR);
  await expect(banner.locator('.unsaved')).toContainText('Written in the second window.');
  await expect(other.getByTestId('save-state')).toHaveText('Not saved — changed elsewhere');
  await shot(other, 'editor-conflict');

  await page.reload();
  await expect(page.locator('#evidence-s1')).toHaveValue('Written in the first window.');
  await other.close();
});
