import { expect, shot, signInAs, test } from './fixtures';

test('a QA lead plans a thematic programme: sample with a seed, allocate, move a case; the auditor sees it on the dashboard', async ({ page, preview }) => {
  await page.goto(preview.url);
  await signInAs(page, 'Kit Demo-Marlowe');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Programmes' }).click();
  await expect(page.getByRole('heading', { name: 'Programmes', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Multi-agency audit: neglect' })).toBeVisible();
  await shot(page, 'programmes-list');
  // The demo's monthly round: progress from its audits, and the ones past the due date.
  await page.getByRole('link', { name: /^Monthly audit/ }).click();
  await expect(page.getByRole('heading', { name: /^Overdue audits/ })).toBeVisible();
  await expect(page.getByRole('region', { name: /^Overdue audits/ }).getByRole('listitem').first()).toContainText('days overdue');
  await shot(page, 'programmes-monthly');
  await nav.getByRole('link', { name: 'Programmes' }).click();

  // Create: the form says what is missing before anything is saved.
  await page.getByRole('link', { name: 'New programme' }).click();
  await page.getByLabel('Name').fill('Thematic audit: young carers');
  await page.getByRole('button', { name: 'Create programme' }).click();
  await expect(page.getByText('A thematic programme needs a theme')).toBeVisible();
  await page.getByLabel('Theme').fill('Young carers');
  await page.getByLabel('Audits due by').fill('2026-12-18');
  await page.getByRole('button', { name: 'Create programme' }).click();
  await expect(page.getByRole('heading', { name: 'Thematic audit: young carers', level: 1 })).toBeVisible();
  await expect(page.getByText('No cases yet')).toBeVisible();

  // Sample 24 cases across the 4 teams with seed 2026.
  await page.getByRole('link', { name: 'Sample cases' }).click();
  await page.getByLabel('Random seed').fill('2026');
  await page.getByRole('checkbox', { name: 'Case type', exact: true }).uncheck();
  await page.getByRole('spinbutton', { name: 'A count per stratum' }).fill('6');
  await page.getByRole('button', { name: 'Preview sample' }).click();
  const previewCard = page.getByRole('region', { name: 'Sample preview' });
  await expect(previewCard.getByText(/Seed\s+2026\s+· 24 cases from 4 strata/)).toBeVisible();
  for (const team of ['Assessment North', 'Assessment South', 'Children in Care', 'Family Support East']) {
    await expect(previewCard.getByRole('rowheader', { name: team })).toBeVisible();
  }
  await shot(page, 'programmes-sampling-preview');
  // Asking for more than a team has says so, instead of failing silently. (Only submitted audits
  // keep a case out for 12 months, so each demo team has about 60 cases to draw from.)
  await page.getByRole('spinbutton', { name: 'A count per stratum' }).fill('80');
  await page.getByRole('button', { name: 'Preview sample' }).click();
  await expect(previewCard.getByText('4 strata are short')).toBeVisible();
  await expect(previewCard.getByText(/^Only \d+ cases available in Assessment North; 80 requested \(\d+ audited in the last 12 months left out\)\.$/)).toBeVisible();
  await shot(page, 'programmes-sampling-short');
  await page.getByRole('spinbutton', { name: 'A count per stratum' }).fill('6');
  await page.getByRole('button', { name: 'Preview sample' }).click();
  await expect(previewCard.getByText(/24 cases from 4 strata/)).toBeVisible();
  await page.getByRole('button', { name: 'Fix sample' }).click();
  await expect(page.getByRole('heading', { name: 'Cases (24)' })).toBeVisible();
  await expect(page.getByText(/Random sample fixed on \d+ \w{3} \d{4} with seed 2026: 6 per stratum, strata by team\./)).toBeVisible();

  // Allocate: every case gets an auditor, never one who manages its team.
  await page.getByRole('button', { name: 'Allocate' }).click();
  await expect(page.getByRole('status').filter({ hasText: '24 cases allocated.' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: /^Auditor for / }).first()).not.toHaveValue('');

  // Move one Assessment North case by hand: its team manager is refused, another auditor is not.
  const northRow = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Assessment North', exact: true }) }).first();
  const reference = (await northRow.getByRole('rowheader').textContent())!.trim();
  const select = page.getByRole('combobox', { name: `Auditor for ${reference}` });
  const before = await select.inputValue();
  await select.selectOption({ label: 'Aria Demo-Whitfield (manages Assessment North)' });
  await northRow.getByRole('button', { name: `Move ${reference}` }).click();
  await expect(northRow.getByRole('alert')).toHaveText(`${reference} was not moved: Aria Demo-Whitfield manages Assessment North, so cannot audit this case. Choose an auditor from another team.`);
  await expect(select).toHaveValue(before);
  await northRow.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, 'programmes-move-refused');
  const target = (await select.locator('option:checked').textContent()) === 'Esme Demo-Hartley' ? 'Femi Demo-Adeyemi' : 'Esme Demo-Hartley';
  await select.focus();
  await select.selectOption({ label: target });
  await page.keyboard.press('Tab');
  await expect(northRow.getByRole('button', { name: `Move ${reference}` })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(northRow.getByRole('alert')).toHaveCount(0);
  await expect(select.locator('option:checked')).toHaveText(target);
  await page.getByRole('heading', { name: 'Thematic audit: young carers', level: 1 }).scrollIntoViewIfNeeded();
  await shot(page, 'programmes-page');

  // The auditor sees the programme's cases on the dashboard, with Start audit.
  await signInAs(page, target);
  await nav.getByRole('link', { name: 'Dashboard' }).click();
  const card = page.getByRole('region', { name: 'My programme cases' });
  await expect(card.getByRole('link', { name: 'Thematic audit: young carers' })).toBeVisible();
  const row = card.getByRole('row').filter({ hasText: reference });
  await expect(row).toContainText('Not started');
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'programmes-dashboard-auditor');
  await row.getByRole('button', { name: `Start audit of ${reference}` }).click();
  await expect(page).toHaveURL(/#\/audits\//);
});

test('a QA lead copies a template into a new version, is stopped by a rule naming a missing section, publishes and compares', async ({ page, preview }) => {
  await page.goto(preview.url);
  await signInAs(page, 'Kit Demo-Marlowe');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
  await page.getByRole('button', { name: 'Copy into new version (from version 1)' }).click();
  await expect(page.getByRole('heading', { name: /version 3$/, level: 1 })).toBeVisible();
  await expect(page.getByText('Draft', { exact: true })).toBeVisible();

  await page.getByLabel('Title').nth(6).fill('Multi-agency working and thresholds');
  await page.getByRole('button', { name: 'Remove section s8' }).click();
  await expect(page.getByText('Limiting rule r2-oversight-inadequate refers to section s8, which does not exist.').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('alert')).toContainText('cannot be saved: Limiting rule r2-oversight-inadequate refers to section s8, which does not exist.');
  await shot(page, 'programmes-template-editor');

  // Point the rule at section 7 instead, add a concern word, save and publish.
  await page.getByLabel('When section(s)').nth(1).fill('s7');
  const words = page.getByLabel('One word or phrase per line');
  await words.fill(`${await words.inputValue()}\nno strategy discussion`);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Published versions are frozen')).toBeVisible();
  await expect(page.getByLabel('Title').first()).toHaveAttribute('readonly', '');

  await page.getByRole('link', { name: 'Compare with the version it came from' }).click();
  await expect(page.getByRole('heading', { name: 'Compare Version 1 with Version 3', level: 1 })).toBeVisible();
  const sections = page.getByRole('region', { name: 'Sections' });
  await expect(sections.getByRole('row').filter({ hasText: 'Removed' })).toContainText('8. Management oversight and supervision');
  await expect(sections.getByRole('row').filter({ hasText: 'Changed' })).toContainText('7. Multi-agency working and thresholds');
  await expect(page.getByRole('region', { name: 'Concern words' })).toContainText('no strategy discussion');
  await shot(page, 'programmes-template-compare');
});
