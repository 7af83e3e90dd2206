import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { menuTemplate } from '../../electron/main/menu';
import { isAppUrl, resolveAppRequest } from '../../electron/main/origin';
import { openOrOfferRestore } from '../../electron/main/startup';
import { dailyBackup } from '../../electron/core/db/backups';
import { createCore } from '../../electron/core/index';
import { generateKey } from '../../electron/core/keys';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-shell-'));
  dirs.push(d);
  return d;
};

describe('origin checks compare the parsed origin exactly', () => {
  it('accepts only app://plumbline', () => {
    expect(isAppUrl('app://plumbline/index.html')).toBe(true);
    expect(isAppUrl('app://plumbline/#/cases/1')).toBe(true);
    for (const url of ['app://plumbline.evil/index.html', 'app://plumbline.evil', 'app://plumblinex/', 'app://plumbline:1@evil/', 'app://x@plumbline/', 'app://plumbline:8080/', 'https://plumbline/', 'file:///plumbline', 'app:plumbline', 'not a url']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('the protocol handler serves only our host, only files inside the renderer folder', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'a.js'), '');
    expect(resolveAppRequest(dir, 'app://plumbline/')).toEqual({ file: path.join(dir, 'index.html') });
    expect(resolveAppRequest(dir, 'app://plumbline/assets/a.js')).toEqual({ file: path.join(dir, 'assets', 'a.js') });
    expect(resolveAppRequest(dir, 'app://plumbline.evil/index.html')).toMatchObject({ status: 403 });
    expect(resolveAppRequest(dir, 'app://other/index.html')).toMatchObject({ status: 403 });
    expect(resolveAppRequest(dir, 'app://plumbline/%2e%2e/%2e%2e/etc/passwd')).toMatchObject({ status: 404 });
    expect(resolveAppRequest(dir, 'app://plumbline/%E0%A4%A')).toMatchObject({ status: 400 });
    expect(resolveAppRequest(dir, 'app://plumbline/assets')).toMatchObject({ status: 404 });
  });
});

describe('application menu', () => {
  const roles = (items: MenuItemConstructorOptions[]): string[] =>
    items.flatMap((i) => [String(i.role ?? ''), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]).filter(Boolean).map((r) => r.toLowerCase());

  it('has no developer tools and no reload in production', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const production = roles(menuTemplate({ production: true, platform }));
      expect(production).not.toContain('toggledevtools');
      expect(production).not.toContain('reload');
      expect(production).not.toContain('forcereload');
      expect(production).toContain('editmenu');
    }
    expect(roles(menuTemplate({ production: false, platform: 'linux' }))).toContain('toggledevtools');
  });
});

describe('desktop start-up with a damaged database', () => {
  function damaged(): { file: string; key: string; backup: string } {
    const dir = tempDir();
    const file = path.join(dir, 'plumbline.db');
    const key = generateKey();
    const core = createCore({ dbFile: file, key, create: true });
    const backup = dailyBackup(core.ctx.db, file, key, new Date('2026-12-01T09:00:00Z')).written!;
    core.close();
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2) + 7);
    return { file, key, backup };
  }

  it('offers the newest good backup; choosing it restores and opens the app', () => {
    const { file, key, backup } = damaged();
    const asked: string[] = [];
    const opened = openOrOfferRestore(file, key, {
      open: () => createCore({ dbFile: file, key }),
      askToRestore: (problem, advice) => {
        asked.push(advice.backup, advice.command, problem);
        return 'restore';
      },
      tellCannotOpen: () => {
        throw new Error('should have offered a backup');
      },
    });
    expect(asked[0]).toBe(backup);
    expect(asked[1]).toBe(`plumbline restore --db ${file} --from ${backup}`);
    expect(asked[2]).toMatch(/damaged/);
    expect(opened?.restoredFrom).toBe(backup);
    expect(fs.existsSync(`${file}.before-restore`)).toBe(true);
    opened!.core.close();
  });

  it('choosing Quit leaves the damaged file exactly as it was', () => {
    const { file, key } = damaged();
    const before = fs.readFileSync(file);
    const told: string[] = [];
    const opened = openOrOfferRestore(file, key, { open: () => createCore({ dbFile: file, key }), askToRestore: () => 'quit', tellCannotOpen: (p) => told.push(p) });
    expect(opened).toBeNull();
    expect(told).toEqual([]);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}.before-restore`)).toBe(false);
  });
});

describe('content security policy', () => {
  it("allows no inline styles or scripts, in the header and in the page's own meta tag", () => {
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(fs.readFileSync(path.resolve(__dirname, '../../renderer/index.html'), 'utf8'))![1];
    for (const policy of [CONTENT_SECURITY_POLICY, meta]) {
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).toMatch(/style-src 'self'(;|$)/);
    }
  });
});
