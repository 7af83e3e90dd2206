import type { Page } from '@playwright/test';
import { allocateToAuditor, submitGoodAudit } from './auditApi';
import { api, expect, shot, signInAs, test } from './fixtures';

const AUDITOR = 'Esme Demo-Hartley';
const MODERATOR = 'Iris Demo-Fairbanks';

/** Starts an audit of a demo case as the demo auditor and returns its id. */
async function startAudit(page: Page, url: string, reference: string): Promise<string> {
  await page.goto(url);
  await allocateToAuditor(page, 'Esme Demo-Hartley', [reference]); // an auditor audits the cases allocated to them
  await signInAs(page, 'Esme Demo-Hartley');
  await page.getByLabel('Case reference').fill(reference);
  await page.getByRole('button', { name: 'Start audit', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Section 1: Front door, referral and thresholds' })).toBeVisible();
  return decodeURIComponent(/#\/audits\/([^?]+)/.exec(page.url())![1]);
}

test('"child left at significant risk" is asked once, on the overall step, and the rule reads it for section 4', async ({ page, preview }) => {
  test.setTimeout(180_000);
  const id = await startAudit(page, preview.url, 'DEMO-10003');
  const origin = new URL(page.url()).origin;

  // Section 2 and section 4 no longer ask it.
  for (const step of ['s2', 's4']) {
    await page.goto(`${origin}/#/audits/${id}?step=${step}`);
    await expect(page.locator('#step-heading')).toContainText(`Section ${step.slice(1)}:`);
    await expect(page.getByRole('group', { name: 'Child left at significant risk without intervention' })).toHaveCount(0);
  }
  // Section 4 Inadequate.
  await page.locator('label[for="grade-s4-4"]').click();
  await expect(page.getByTestId('save-state')).toContainText('Saved at');

  await page.goto(`${origin}/#/audits/${id}?step=overall`);
  const question = page.getByRole('group', { name: 'Child left at significant risk without intervention' });
  await expect(question).toHaveCount(1);
  await question.getByLabel('Yes').check();
  await expect(page.locator('.limiting-reasons')).toContainText(
    'Overall cannot be better than 4 Inadequate because section 4 (The child\'s voice and lived experience) is 4 Inadequate and the answer to "Child left at significant risk without intervention" is Yes.',
  );
  await page.locator('label[for="overall-3"]').click();
  await expect(page.getByRole('status').filter({ hasText: '3 Requires improvement to be good breaks a limiting rule' })).toBeVisible();
  await shot(page, 'rules-left-at-risk-overall');
  await question.getByLabel('No').check();
  await expect(page.locator('.limiting-reasons')).not.toContainText('Child left at significant risk');
  await expect(page.getByTestId('save-state')).toContainText('Saved at');
});

test('an agreed overall grade that breaks a limiting rule is refused, then agreed with a justification the record keeps', async ({ page, preview }) => {
  test.setTimeout(180_000);
  await page.goto(preview.url);
  await allocateToAuditor(page, AUDITOR, ['DEMO-10151']);
  await signInAs(page, AUDITOR);
  const id = await submitGoodAudit(page, 'DEMO-10151', { leftAtRisk: 'unanswered' });

  await signInAs(page, MODERATOR);
  await page.goto(`${preview.url.split('#')[0]}#/moderation/${encodeURIComponent(id)}`);
  await page.getByRole('button', { name: 'Start open moderation' }).click();
  await expect(page.getByRole('heading', { name: 'Open moderation' })).toBeVisible();
  // Section 8 regraded Inadequate: the auditor's 2 Good overall, agreed as it stands, now breaks a rule.
  await page.getByRole('button', { name: 'Change the grade for 8. Management oversight and supervision' }).click();
  await page.getByLabel('Your grade').selectOption('4');
  await page.getByLabel('Rationale').fill('No supervision recorded for five months; drift unchallenged.');
  await page.getByLabel('Reason code').selectOption('evidence-missed');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const breaks = page.getByRole('group', { name: 'The agreed overall grade breaks a limiting rule.' });
  await expect(breaks).toContainText('Overall cannot be better than 3 Requires improvement to be good because section 8 (Management oversight and supervision) is 4 Inadequate.');

  await page.getByRole('button', { name: 'Agree grades' }).click();
  await expect(page.getByRole('alert')).toContainText('The agreed overall grade (2 Good) breaks a limiting rule');
  await page.getByLabel('Justification for breaking the rule (at least 20 characters)').fill('Supervision has restarted weekly and the child is thriving: Good stands.');
  await breaks.scrollIntoViewIfNeeded();
  await shot(page, 'rules-agree-justification');
  await page.getByRole('button', { name: 'Agree grades' }).click();
  await expect(page.locator('.mod-record').locator('..')).toContainText('The agreed overall grade breaks a limiting rule; justification: Supervision has restarted weekly');
});

test('below the moderation share, the QA lead agrees an audit without moderation only by recording why', async ({ page, preview }) => {
  test.setTimeout(180_000);
  await page.goto(preview.url);
  await allocateToAuditor(page, AUDITOR, ['DEMO-10151']);
  await signInAs(page, AUDITOR);
  await submitGoodAudit(page, 'DEMO-10151', { leftAtRisk: 'unanswered' });
  await signInAs(page, 'Kit Demo-Marlowe');
  await api(page, 'moderation:setSettings', { sharePercent: 100 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Moderation' }).click();
  await page.getByRole('button', { name: /^Agree without moderation\s*: case DEMO-10151$/ }).first().click();
  const panel = page.getByRole('region', { name: 'Below the moderation share: case DEMO-10151' });
  await expect(panel.getByRole('alert')).toContainText('The moderation share is a floor of 100%');
  const agree = panel.getByRole('button', { name: 'Agree without moderation and record why' });
  await expect(agree).toBeDisabled();
  await panel.getByLabel('Why agree it without moderation (kept with the audit)').fill('Case closed and the auditor has left; moderating adds nothing now.');
  await panel.scrollIntoViewIfNeeded();
  await shot(page, 'rules-below-share');
  await agree.click();
  await expect(panel).toHaveCount(0);
  const recent = page.getByRole('region', { name: 'Recently agreed' });
  await expect(recent.getByRole('row').filter({ hasText: 'DEMO-10151' })).toContainText('Below the moderation share; why: Case closed and the auditor has left');
});
