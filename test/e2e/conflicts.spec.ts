import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { CoreContext } from '../../electron/core/context';
import { createCore, type Core } from '../../electron/core/index';
import { generateKey, resolveKey } from '../../electron/core/keys';
import { principalForPerson, withPrincipal } from '../../electron/core/policy/principal';
import { applyChanges, changesSince } from '../../electron/core/sync/index';
import { copyTemplate, publishTemplate, updateTemplate } from '../../electron/core/templates/service';
import { write } from '../../electron/core/write';
import { newestPublishedTemplate, reworded } from '../integration/templateFixtures';
import { expect, runCli, signInAs, startPreview, test as base } from './fixtures';

const test = base;

type As = (core: Core, name: string) => CoreContext;

/** The demo file's laptop (a) and a new second laptop (b), each acting as a demo person by name; both closed after `work`. */
function onTwoLaptops<T>(dbFile: string, work: (a: Core, b: Core, as: As) => T): T {
  const a = createCore({ dbFile, key: resolveKey(dbFile).key });
  const otherFile = path.join(path.dirname(dbFile), 'other.db');
  const b = createCore({ dbFile: otherFile, key: generateKey(), create: true });
  try {
    const user = (name: string) => (a.ctx.db.prepare('SELECT id FROM users WHERE name = ?').get(name) as { id: string }).id;
    return work(a, b, (core, name) => withPrincipal(core.ctx, principalForPerson(core.ctx.db, user(name))));
  } finally {
    a.close();
    b.close();
  }
}

/** Gives one laptop every change the other holds. */
const send = (from: Core, to: Core) => applyChanges(to.ctx, changesSince(from.ctx, 0, 1_000_000).changes);

/** Two laptops change one case's worker while apart, then exchange their changes. */
function makeConflict(dbFile: string): { reference: string } {
  return onTwoLaptops(dbFile, (a, b, as) => {
    send(a, b);
    const kase = a.ctx.db.prepare('SELECT id, reference FROM cases ORDER BY reference LIMIT 1').get() as { id: string; reference: string };
    write(as(a, 'Kit Demo-Marlowe'), (tx) => tx.update('cases', { id: kase.id }, { worker: 'Ash Worker' }));
    write(as(b, 'Iris Demo-Fairbanks'), (tx) => tx.update('cases', { id: kase.id }, { worker: 'Birch Worker' }));
    send(b, a);
    return { reference: kase.reference };
  });
}

test('the Conflicts page shows both values with who and when, and "Keep this one" settles it', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-conflicts-'));
  const dbFile = path.join(dir, 'plumbline.db');
  await runCli(['demo', '--db', dbFile]);
  const { reference } = makeConflict(dbFile);
  const preview = await startPreview({ dir, demo: false });
  try {
    await page.goto(preview.url);
    await signInAs(page, 'Kit Demo-Marlowe');
    await page.getByRole('link', { name: 'Conflicts' }).click();
    await expect(page.getByRole('heading', { name: 'Conflicts', level: 1 })).toBeVisible();
    const item = page.getByRole('list', { name: 'Conflicts to choose between' }).getByRole('listitem');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(`Case ${reference}`);
    await expect(item).toContainText('worker');
    await expect(item).toContainText('Birch Worker');
    await expect(item).toContainText('Iris Demo-Fairbanks');
    await expect(item).toContainText('Ash Worker');
    await expect(item).toContainText('Kit Demo-Marlowe');
    await page.screenshot({ path: '/tmp/changelog-conflicts.png', fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await item.getByRole('button', { name: 'Keep this one' }).nth(1).click();
    await expect(page.getByRole('status').filter({ hasText: 'Kept Ash Worker for worker.' })).toBeVisible();
    await expect(page.getByText('No conflicts')).toBeVisible();
  } finally {
    await preview.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Two laptops each add a case with one reference while apart, then exchange their changes. */
function makeDuplicate(dbFile: string): void {
  onTwoLaptops(dbFile, (a, b, as) => {
    send(a, b);
    const add = (core: Core, name: string, id: string) =>
      write(as(core, name), (tx) => tx.insert('cases', { id, reference: 'DUP-2026-1', team: 'North', worker: 'Ash', case_type: 'cp', age_band: '0-4', created_at: tx.at, updated_at: tx.at }));
    add(a, 'Kit Demo-Marlowe', '01900000-0000-7000-8000-000000000001');
    add(b, 'Iris Demo-Fairbanks', '01900000-0000-7000-8000-000000000002');
    send(b, a);
  });
}

test('a case reference taken on two laptops: both cases kept, listed as a duplicate, "Keep both" marks it seen', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-duplicates-'));
  const dbFile = path.join(dir, 'plumbline.db');
  await runCli(['demo', '--db', dbFile]);
  makeDuplicate(dbFile);
  const preview = await startPreview({ dir, demo: false });
  try {
    await page.goto(preview.url);
    await signInAs(page, 'Kit Demo-Marlowe');
    await page.getByRole('link', { name: 'Conflicts' }).click();
    const item = page.getByRole('list', { name: 'Conflicts to choose between' }).getByRole('listitem');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('Case DUP-2026-1');
    await expect(item).toContainText('Two records were made apart with the same reference');
    await expect(item).toContainText('Made first');
    await expect(item).toContainText('Kit Demo-Marlowe');
    await expect(item).toContainText('Iris Demo-Fairbanks');
    await page.screenshot({ path: '/tmp/merge-duplicate-conflict.png', fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await item.getByRole('button', { name: 'Keep both' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Kept both' })).toBeVisible();
    await expect(page.getByText('No conflicts')).toBeVisible();
  } finally {
    await preview.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Kit publishes a template version on one laptop while their second laptop, not having heard of
 * it, rewords a question of the draft; then the laptops exchange their changes (decision 67).
 */
function makeTemplateRace(dbFile: string): { name: string; version: number } {
  return onTwoLaptops(dbFile, (a, b, as) => {
    const kit = (core: Core) => as(core, 'Kit Demo-Marlowe');
    const draft = copyTemplate(kit(a), newestPublishedTemplate(a.ctx.db));
    send(a, b);
    publishTemplate(kit(a), draft.id);
    // The first question reworded; the version keeps its name.
    const { name } = draft.definition;
    updateTemplate(kit(b), draft.id, { ...reworded(draft.definition, 'The child’s voice is recorded in their own words'), name });
    send(b, a);
    return { name, version: draft.version };
  });
}

test('a template version published while another laptop edited it: kept as published, the edit listed with how it differs', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-template-race-'));
  const dbFile = path.join(dir, 'plumbline.db');
  await runCli(['demo', '--db', dbFile]);
  const { name, version } = makeTemplateRace(dbFile);
  const preview = await startPreview({ dir, demo: false });
  try {
    await page.goto(preview.url);
    await signInAs(page, 'Kit Demo-Marlowe');
    await page.getByRole('link', { name: 'Conflicts' }).click();
    const item = page.getByRole('list', { name: 'Conflicts to choose between' }).getByRole('listitem').filter({ hasText: `Template ${name}, version ${version}` });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('(Template version)');
    await expect(item).toContainText('Changed on a laptop that had not heard this version was published, so it was not applied');
    await expect(item).toContainText('How the other change differs');
    await expect(item).toContainText('The child’s voice is recorded in their own words');
    await expect(item).toContainText('copy the version into a new one and make the change there');
    // Only the published value can be kept.
    await expect(item.getByRole('button', { name: 'Keep this one' })).toHaveCount(1);
    await page.screenshot({ path: '/tmp/frozen-template-conflict.png', fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await item.getByRole('button', { name: 'Keep this one' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Kept' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Conflicts to choose between' }).getByRole('listitem').filter({ hasText: `Template ${name}` })).toHaveCount(0);
  } finally {
    await preview.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
