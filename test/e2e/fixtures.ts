import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Preview {
  url: string;
  dir: string;
  dbFile: string;
  process: ChildProcess;
  /** Stops the server: 'SIGTERM' for a clean stop, 'SIGKILL' to simulate a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `plumbline serve` on a database in a fresh temp folder and waits for its first line.
 * `demo: true` makes the demo database; otherwise the database starts empty (first start).
 */
export async function startPreview(options: { dir?: string; demo?: boolean; env?: Record<string, string> } = {}): Promise<Preview> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-e2e-'));
  const dbFile = path.join(dir, 'plumbline.db');
  if (!fs.existsSync(dbFile) && options.demo === false) {
    // An empty database: created on first start with no demo content.
    await runCli(['init', '--db', dbFile]);
  }
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/plumbline.mjs'), 'serve', '--db', dbFile, '--demo'], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Preview did not start in time. ${stderr}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Plumbline preview: (\S+)/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Preview exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    dir,
    dbFile,
    process: child,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Runs the CLI and returns its output; rejects with stderr on a non-zero exit. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/plumbline.mjs'), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve({ stdout, stderr, code: 0 }) : reject(Object.assign(new Error(stderr || stdout), { stdout, stderr, code }))));
  });
}

/** `plumbline team-server` on a loopback port (0: a free one) with PGlite in `dir`; resolves with its address. */
export function startTeamServer(dir: string, port = 0): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/plumbline.mjs'), 'team-server', '--data', dir, '--host', '127.0.0.1', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`The team server did not start: ${err}`)), 120_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Plumbline team server: (\S+)/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child });
      }
    });
    child.once('exit', (code) => reject(new Error(`The team server exited with ${code}: ${err}`)));
  });
}

/** Every demo person's passphrase (`plumbline demo` and `serve --demo`). */
export const DEMO_PASSPHRASE = 'demo-passphrase-2026';
/** A demo person's login: firstname.lastname@demo.plumbline.test. */
export const demoEmail = (name: string): string => `${name.toLowerCase().replace(/[^a-z\s-]/g, '').trim().replace(/\s+/g, '.')}@demo.plumbline.test`;

/** Signs in as a demo person by email and passphrase (signing out whoever is signed in first). */
export async function signInAs(page: Page, name: string): Promise<void> {
  const form = page.getByRole('heading', { name: 'Sign in to Plumbline' });
  const signOut = page.getByRole('button', { name: 'Sign out' });
  // Wait until the page has settled on one of the two (it may still be loading the session).
  await expect(form.or(signOut)).toBeVisible();
  if (await signOut.isVisible()) {
    if ((await page.locator('.whoami').textContent())?.includes(name)) return;
    await signOut.click();
    await expect(form).toBeVisible();
  }
  await page.getByLabel('Email address').fill(demoEmail(name));
  await page.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('.whoami')).toContainText(name);
}

/** A demo preview per test, with a fresh temp folder; stopped afterwards. */
export const test = base.extend<{ preview: Preview }>({
  preview: async ({}, use) => {
    const preview = await startPreview({ demo: true });
    await use(preview);
    await preview.stop();
    fs.rmSync(preview.dir, { recursive: true, force: true });
  },
});

export { expect };

export const screenshotDir = path.join(ROOT, 'reports', 'screenshots');
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false });
}

/** Calls the contract from the page, as the preview's browser client does (same token, same tab session, same origin). */
export async function api<T>(page: Page, name: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([n, i]) => {
      const token = sessionStorage.getItem('plumbline.token');
      const session = sessionStorage.getItem('plumbline.session') ?? '';
      const r = await fetch(`/api/${n}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'X-Plumbline-Session': session }, body: JSON.stringify(i) });
      const reply = (await r.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
      if (!reply.ok) throw new Error(`${reply.error!.code}: ${reply.error!.message}`);
      return reply.value;
    },
    [name, input] as const,
  ) as Promise<T>;
}
