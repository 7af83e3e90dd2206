import { allocateToAuditor, expectAccessible, submitGoodAudit } from './auditApi';
import { api, expect, shot, signInAs, test } from './fixtures';

const AUDITOR = 'Esme Demo-Hartley';
const MODERATOR = 'Iris Demo-Fairbanks';
const QA_LEAD = 'Kit Demo-Marlowe';
const TEAM_FINDING = 'Supervision records set no timescales: add a timescale to every supervision action';
const SERVICE_FINDING = 'Return-home interviews are not offered within 72 hours across the service';

test('service-level findings: raised from an audit and from a programme, tracked apart from actions for one child', async ({ page, preview }) => {
  test.setTimeout(240_000);
  const origin = preview.url.split('#')[0];
  await page.goto(preview.url);
  await allocateToAuditor(page, AUDITOR, ['DEMO-10151']);
  await signInAs(page, AUDITOR);
  const auditId = await submitGoodAudit(page, 'DEMO-10151');

  // A moderator raises a team-level finding from the audit's moderation page: the case's team owns it by default.
  await signInAs(page, MODERATOR);
  await page.goto(`${origin}#/moderation/${encodeURIComponent(auditId)}`);
  const panel = page.getByRole('region', { name: 'Service-level findings' });
  await expect(panel.getByText('None raised from this audit yet.')).toBeVisible();
  await expect(panel.getByLabel('Team', { exact: true })).toHaveValue('Children in Care');
  await panel.getByLabel('What the service must improve').fill(TEAM_FINDING);
  await panel.getByLabel('Owner name').fill('Tara Demo-Manager');
  await panel.getByLabel('Owner role').fill('Team manager');
  await panel.getByLabel('Due date').fill('1 Jun 2027');
  await panel.getByRole('button', { name: 'Raise finding' }).click();
  await expect(panel.getByRole('alert')).toContainText('Choose a priority: high, medium or low.');
  await panel.getByLabel('Priority').selectOption('high');
  await panel.getByRole('button', { name: 'Raise finding' }).click();
  await expect(panel.locator('.banner-ok')).toContainText(`Service-level finding raised: '${TEAM_FINDING}'.`);
  await expect(panel.getByRole('row').filter({ hasText: TEAM_FINDING })).toContainText('Team: Children in Care');
  await expectAccessible(page);

  // The QA lead raises a whole-service finding from a programme, keyboard only.
  await signInAs(page, QA_LEAD);
  const programmes = await api<{ id: string; name: string }[]>(page, 'programmes:list', {});
  await page.goto(`${origin}#/programmes/${encodeURIComponent(programmes[0].id)}`);
  const pPanel = page.getByRole('region', { name: 'Service-level findings' });
  await pPanel.getByLabel('The whole service').focus();
  await page.keyboard.press('Space');
  await expect(pPanel.getByLabel('Team', { exact: true })).toHaveCount(0);
  await pPanel.getByLabel('What the service must improve').focus();
  await page.keyboard.type(SERVICE_FINDING);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Harriet Demo-Head');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Head of service');
  await page.keyboard.press('Tab');
  await page.keyboard.type('15/06/2027');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown'); // Priority: high
  await pPanel.getByLabel('Priority').selectOption('medium');
  await pPanel.getByRole('button', { name: 'Raise finding' }).focus();
  await page.keyboard.press('Enter');
  await expect(pPanel.getByRole('row').filter({ hasText: SERVICE_FINDING })).toContainText('Whole service');
  await pPanel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/findings-programme.png' });
  await expectAccessible(page);

  // Tracked on the Actions page, apart from actions for one child: move a due date with a reason, mark one done.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Actions' }).click();
  await page.getByRole('link', { name: 'Service-level findings' }).click();
  const view = page.getByRole('region', { name: 'Service-level findings' });
  await expect(view.locator('.findings-count')).toHaveText('2 findings');
  const serviceRow = view.getByRole('row').filter({ hasText: SERVICE_FINDING });
  await serviceRow.getByRole('button', { name: /^Update/ }).click();
  await view.getByRole('button', { name: 'Move due date' }).click();
  await view.getByLabel('New due date').fill('31 Jul 2027');
  await view.getByLabel('Why the due date is moving').fill('Commissioning moved to the new year');
  await view.getByRole('button', { name: 'Save' }).click();
  await expect(view.locator('.banner-ok')).toContainText('Move due date: saved');
  await expect(serviceRow).toContainText('31 Jul 2027');
  await expect(serviceRow).toContainText('moved 1 time');
  const teamRow = view.getByRole('row').filter({ hasText: TEAM_FINDING });
  await teamRow.getByRole('button', { name: /^Update/ }).click();
  await view.getByRole('button', { name: 'Mark done' }).click();
  await view.getByLabel('What was done').fill('Supervision template updated and in use');
  await view.getByRole('button', { name: 'Save' }).click();
  await expect(view.locator('.banner-ok')).toContainText('Mark done: saved');
  await expect(view.locator('.findings-count')).toHaveText('1 finding'); // the filter shows open ones
  await view.getByLabel('Status').selectOption('done');
  await expect(view.getByRole('row').filter({ hasText: TEAM_FINDING })).toContainText('Done');
  await view.getByLabel('Status').selectOption('');
  await expectAccessible(page);
  await page.screenshot({ path: '/tmp/findings-tracker.png', fullPage: true });
  await shot(page, 'service-findings-tracker');
  // The actions tracker for children does not list them.
  await page.getByRole('link', { name: 'Tracker' }).click();
  await page.getByLabel('Case reference').fill('DEMO-10151');
  await expect(page.locator('.tracker-table')).not.toContainText(TEAM_FINDING);
});
