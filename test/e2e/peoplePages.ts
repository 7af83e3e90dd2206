import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Signs in on the sign-in screen by keyboard and waits for the shell (or the must-change screen). */
export async function signInWith(page: Page, login: string, passphrase: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in to Plumbline' })).toBeVisible();
  await page.getByLabel('Email address').fill(login);
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByLabel('Passphrase').press('Enter');
  await expect(page.locator('.whoami').or(page.getByRole('heading', { name: 'Choose your own passphrase' }))).toBeVisible();
}

export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

/** A CSV file for an <input type=file>. */
export const csvFile = (name: string, lines: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n') + '\r\n', 'utf8') });
