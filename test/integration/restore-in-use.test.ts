import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dailyBackup } from '../../electron/core/db/backups';
import { inUseName } from '../../electron/core/db/inUse';
import { createCore } from '../../electron/core/index';
import { generateKey, keyFileFor } from '../../electron/core/keys';
import { runCli } from './cliRunner';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A database opened as the app opens it (with a runtime), and a verified backup of it. */
function openApp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-in-use-'));
  dirs.push(dir);
  const file = path.join(dir, 'plumbline.db');
  const key = generateKey();
  fs.writeFileSync(keyFileFor(file), key + '\n', { mode: 0o600 });
  const app = createCore({ dbFile: file, key, create: true, runtime: { transport: 'preview', keyWarning: null } });
  const { written } = dailyBackup(app.ctx.db, file, key, new Date('2026-12-02T08:00:00Z'));
  return { file, app, backup: written! };
}

describe('plumbline restore while the app has the database open', () => {
  it('refuses with one line naming the process, changes nothing, and restores once the app has closed', async () => {
    const { file, app, backup } = openApp();
    expect(fs.existsSync(inUseName(file))).toBe(true);
    app.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = sha(file);
    const refused = await runCli(['restore', '--db', file, '--from', backup]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(new RegExp(`^plumbline: Plumbline has .*plumbline\\.db open \\(process ${process.pid} on .*\\)\\. Close the app or the preview first, then restore\\. Nothing was changed\\.`));
    expect(sha(file)).toBe(before);
    expect(fs.existsSync(`${file}.before-restore`)).toBe(false);

    app.close();
    expect(fs.existsSync(inUseName(file))).toBe(false);
    const restored = await runCli(['restore', '--db', file, '--from', backup]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
  });

  it('ignores a marker left by a process that no longer runs (a crash)', async () => {
    const { file, app, backup } = openApp();
    app.close();
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    fs.writeFileSync(inUseName(file), JSON.stringify({ pid: gone.pid, host: os.hostname(), since: '2026-12-02T08:00:00.000Z' }));
    const restored = await runCli(['restore', '--db', file, '--from', backup]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
  });
});
