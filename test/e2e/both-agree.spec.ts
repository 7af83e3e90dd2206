import { allocateToAuditor, expectAccessible, submitGoodAudit } from './auditApi';
import { api, expect, shot, signInAs, test } from './fixtures';

const AUDITOR = 'Esme Demo-Hartley';
const MODERATOR = 'Iris Demo-Fairbanks';

test('both agree: the auditor asks once to reconsider, the moderator changes a grade, the auditor acknowledges and the audit is final', async ({ page, preview }) => {
  test.setTimeout(240_000);
  await page.goto(preview.url);
  await allocateToAuditor(page, AUDITOR, ['DEMO-10151']);
  await signInAs(page, AUDITOR);
  const id = await submitGoodAudit(page, 'DEMO-10151');
  await signInAs(page, MODERATOR);
  await api(page, 'moderation:start', { auditId: id, mode: 'open' });
  await api(page, 'moderation:grade', { auditId: id, section: 's3', grade: 3, rationale: 'The assessment describes but does not analyse.', reasonCode: 'evidence-missed' });
  await api(page, 'moderation:agree', { auditId: id });

  // The auditor finds the agreed grades on the dashboard and opens them.
  await signInAs(page, AUDITOR);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const card = page.getByRole('region', { name: 'Moderation outcomes to agree' });
  const item = card.getByRole('listitem').filter({ hasText: 'Case DEMO-10151' });
  await expect(item).toContainText(`Agreed by ${MODERATOR} on`);
  await expect(item).toContainText('1 grade changed');
  await item.getByRole('link', { name: 'Case DEMO-10151' }).click();
  const panel = page.getByRole('region', { name: 'Both agree' });
  await expect(panel.getByRole('status')).toHaveText("Awaiting the auditor's acknowledgement");
  await expect(page.getByRole('region', { name: 'Moderation record' }).getByRole('row').filter({ hasText: '3. Assessment' })).toContainText('3 Requires improvement to be good');
  await expectAccessible(page);

  // Keyboard only: type the reason and send it.
  const ask = panel.getByRole('button', { name: 'Ask to reconsider' });
  await expect(ask).toBeDisabled();
  await panel.getByLabel('Why should the moderator reconsider?').focus();
  await page.keyboard.type('Section 3: the addendum of 2 Oct analyses the family history.');
  await page.keyboard.press('Tab');
  await expect(ask).toBeFocused();
  await page.screenshot({ path: '/tmp/both-agree-auditor.png', fullPage: true });
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('status')).toHaveText("Awaiting the moderator's answer");
  await expect(panel).toContainText('Section 3: the addendum of 2 Oct analyses the family history.');
  await expect(panel.getByRole('button', { name: 'Acknowledge the agreed grades' })).toHaveCount(0);

  // The moderator answers from their dashboard: section 3 back to 2 Good.
  await signInAs(page, MODERATOR);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('region', { name: 'Moderation outcomes to agree' }).getByRole('listitem').filter({ hasText: 'DEMO-10151' }).getByRole('link').click();
  await panel.getByLabel('Change agreed grades').check();
  await panel.getByLabel('Agreed grade for 3. Assessment').selectOption('2');
  await expect(panel.getByRole('row').filter({ hasText: '3. Assessment' })).toContainText("The auditor's grade: none needed");
  await panel.getByLabel('Why the grades change').fill('The addendum shows analysis of the family history: 2 Good stands.');
  await expectAccessible(page);
  await page.screenshot({ path: '/tmp/both-agree-moderator.png', fullPage: true });
  await panel.getByRole('button', { name: 'Send the answer' }).click();
  await expect(panel.getByRole('status')).toHaveText("Awaiting the auditor's acknowledgement");
  await expect(panel).toContainText('Changed the agreed grades');

  // The auditor acknowledges; asking again is no longer offered.
  await signInAs(page, AUDITOR);
  await page.goto(`${preview.url.split('#')[0]}#/moderation/${encodeURIComponent(id)}`);
  await expect(panel.getByText('You have already asked the moderator to reconsider once')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Moderation record' }).getByRole('row').filter({ hasText: '3. Assessment' })).toContainText('The addendum shows analysis');
  await panel.getByRole('button', { name: 'Acknowledge the agreed grades' }).click();
  await expect(panel.getByRole('status')).toHaveText('Final: both agree');
  await expect(panel).toContainText(`Auditor acknowledged${AUDITOR}`);
  await expectAccessible(page);
  await page.screenshot({ path: '/tmp/both-agree-final.png', fullPage: true });
  await shot(page, 'both-agree-final');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const after = page.getByRole('region', { name: 'Moderation outcomes to agree' });
  await expect(after.getByRole('heading', { name: /Agreed grades to acknowledge/ })).toBeVisible();
  await expect(after).not.toContainText('DEMO-10151');
});
