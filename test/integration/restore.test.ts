import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dailyBackup, listBackups } from '../../electron/core/db/backups';
import { openReadOnly } from '../../electron/core/db/cipher';
import { openDatabase } from '../../electron/core/db/open';
import { createCore } from '../../electron/core/index';
import { generateKey, keyFileFor } from '../../electron/core/keys';
import { write, newId } from '../../electron/core/write';
import { runCli } from './cliRunner';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A real database with a key file and a user; returns how to add more users. */
function database(): { dir: string; file: string; key: string; addUser(name: string): void; close(): void; core: ReturnType<typeof createCore> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-restore-'));
  dirs.push(dir);
  const file = path.join(dir, 'plumbline.db');
  const key = generateKey();
  fs.writeFileSync(keyFileFor(file), key + '\n', { mode: 0o600 });
  const core = createCore({ dbFile: file, key, create: true });
  const addUser = (name: string) =>
    write(core.ctx, (tx) => tx.insert('users', { id: newId(), name, role: 'auditor', job_title: '', manages_teams: '[]', created_at: tx.at }));
  addUser('Before Backup');
  return { dir, file, key, addUser, close: () => core.close(), core };
}

const users = (file: string, key: string) => {
  const db = openReadOnly(file, key);
  try {
    return (db.prepare('SELECT name FROM users ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
};

describe('plumbline restore', () => {
  it('verifies the backup, keeps the replaced file as .before-restore and restores it', async () => {
    const t = database();
    const { written } = dailyBackup(t.core.ctx.db, t.file, t.key, new Date('2026-12-02T08:00:00Z'));
    t.addUser('After Backup');
    t.close();
    const result = await runCli(['restore', '--db', t.file, '--from', written!]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Restored .* \(verified: database version \d+, \d+ history rows\)\. The file it replaced is kept as .*plumbline\.db\.before-restore\./);
    expect(users(t.file, t.key)).toEqual(['Before Backup']);
    expect(users(`${t.file}.before-restore`, t.key)).toEqual(['After Backup', 'Before Backup']);
    const db = openDatabase(t.file, t.key);
    db.close();
  });

  it('refuses a damaged backup with one clear line and changes nothing', async () => {
    const t = database();
    const { written } = dailyBackup(t.core.ctx.db, t.file, t.key, new Date('2026-12-02T08:00:00Z'));
    t.close();
    const fd = fs.openSync(written!, 'r+');
    fs.writeSync(fd, Buffer.alloc(64, 1), 0, 64, 5000);
    fs.closeSync(fd);
    const before = fs.readFileSync(t.file);
    const result = await runCli(['restore', '--db', t.file, '--from', written!]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^plumbline: The backup .* cannot be restored: .*Nothing was changed\./);
    expect(fs.readFileSync(t.file).equals(before)).toBe(true);
    expect(fs.existsSync(`${t.file}.before-restore`)).toBe(false);
  });

  it('a damaged database is refused naming the newest good backup and the exact command; that command restores it', async () => {
    const t = database();
    dailyBackup(t.core.ctx.db, t.file, t.key, new Date('2026-11-30T08:00:00Z'));
    const newest = dailyBackup(t.core.ctx.db, t.file, t.key, new Date('2026-12-01T08:00:00Z')).written!;
    t.close();
    fs.truncateSync(t.file, Math.floor(fs.statSync(t.file).size / 2) + 100);
    const result = await runCli(['verify', '--db', t.file]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    const command = /To restore it, run: (plumbline restore .*)$/m.exec(result.stderr)?.[1];
    expect(command).toBe(`plumbline restore --db ${t.file} --from ${newest}`);
    const restored = await runCli(command!.split(' ').slice(1));
    expect(restored.code).toBe(0);
    expect(users(t.file, t.key)).toEqual(['Before Backup']);
  });
});

describe('daily backups', () => {
  it('one per London day, verified and encrypted; 7 daily and 4 weekly are kept', () => {
    const t = database();
    const summer = dailyBackup(t.core.ctx.db, t.file, t.key, new Date('2026-07-01T23:30:00Z')); // 00:30 on 2 July in London
    expect(path.basename(summer.written!)).toBe('plumbline.db.daily-2026-07-02.db');
    expect(fs.readFileSync(summer.written!).includes('Before Backup')).toBe(false);
    expect(users(summer.written!, t.key)).toEqual(['Before Backup']);
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 23, 30)); // 23:30 UTC in November is 23:30 in London
    for (let d = 1; d <= 30; d += 1) {
      const first = dailyBackup(t.core.ctx.db, t.file, t.key, day(d));
      expect(first.written).toBe(path.join(t.dir, 'backups', `plumbline.db.daily-2026-11-${String(d).padStart(2, '0')}.db`));
      expect(dailyBackup(t.core.ctx.db, t.file, t.key, day(d)).written).toBeNull();
    }
    const names = listBackups(t.file).map((b) => path.basename(b.file)).sort();
    expect(names.filter((n) => n.includes('.daily-'))).toEqual([24, 25, 26, 27, 28, 29, 30].map((d) => `plumbline.db.daily-2026-11-${d}.db`));
    expect(names).not.toContain('plumbline.db.daily-2026-07-02.db'); // the oldest, pruned
    expect(names.filter((n) => n.includes('.weekly-'))).toEqual(['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'].map((m) => `plumbline.db.weekly-${m}.db`));
    t.close();
  });
});
