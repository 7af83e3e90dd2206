import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupInBackground } from '../../electron/core/db/backgroundBackup';
import { openReadOnly } from '../../electron/core/db/cipher';
import { writeVerifiedCopy } from '../../electron/core/db/snapshot';
import { verifyHistory } from '../../electron/core/history/verify';
import { createCore } from '../../electron/core/index';
import { generateKey } from '../../electron/core/keys';
import { newId, write } from '../../electron/core/write';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function database() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-bgbackup-'));
  dirs.push(dir);
  const file = path.join(dir, 'plumbline.db');
  const key = generateKey();
  const core = createCore({ dbFile: file, key, create: true });
  const addUser = (name: string) =>
    write(core.ctx, (tx) => tx.insert('users', { id: newId(), name, role: 'auditor', job_title: '', manages_teams: '[]', created_at: tx.at }));
  return { dir, file, key, core, addUser };
}

const names = (file: string, key: string) => {
  const db = openReadOnly(file, key);
  try {
    return { users: (db.prepare('SELECT name FROM users ORDER BY name').all() as { name: string }[]).map((r) => r.name), check: db.pragma('quick_check', { simple: true }), sound: verifyHistory(db).ok };
  } finally {
    db.close();
  }
};

describe("today's backup on a worker thread", () => {
  it('writes a verified copy while the app keeps its own connection open and writing, and only once a day', async () => {
    const t = database();
    t.addUser('Ann Before');
    const now = new Date('2026-12-02T08:00:00Z');
    const pending = backupInBackground(t.file, t.key, now);
    // The app is not held up: it goes on writing while the worker starts and copies.
    for (let i = 0; i < 20; i += 1) {
      t.addUser(`Writer ${String(i).padStart(2, '0')}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const result = await pending;
    expect(result.warning).toBeNull();
    expect(result.written).toBe(path.join(t.dir, 'backups', 'plumbline.db.daily-2026-12-02.db'));
    const copy = names(result.written!, t.key);
    expect(copy.check).toBe('ok');
    expect(copy.sound).toBe(true);
    expect(copy.users).toContain('Ann Before');
    // The copy is one moment of the file: a prefix of the writes, never a mixture.
    const writers = copy.users.filter((n) => n.startsWith('Writer'));
    expect(writers).toEqual(Array.from({ length: writers.length }, (_, i) => `Writer ${String(i).padStart(2, '0')}`));
    expect(fs.readdirSync(path.join(t.dir, 'backups')).filter((n) => n.endsWith('.partial'))).toEqual([]);
    // Same London day: nothing more is written.
    expect(await backupInBackground(t.file, t.key, new Date('2026-12-02T20:00:00Z'))).toEqual({ written: null, warning: null });
    t.core.close();
  });

  it('a backup that cannot be written comes back as a warning, and the app carries on', async () => {
    const t = database();
    fs.writeFileSync(path.join(t.dir, 'backups'), 'a file where the folder should be');
    const result = await backupInBackground(t.file, t.key, new Date('2026-12-02T08:00:00Z'));
    expect(result.written).toBeNull();
    expect(result.warning).toMatch(/^Today's backup could not be written: .*backups/);
    t.addUser('Still Working');
    t.core.close();
  });

  it('a copy taken from a second connection matches the history as it stood just before or just after', () => {
    const t = database();
    t.addUser('Ann Before');
    const reader = openReadOnly(t.file, t.key);
    try {
      const dest = path.join(t.dir, 'backups', 'copy.db');
      const facts = writeVerifiedCopy(reader, t.key, dest);
      const rows = (reader.prepare('SELECT count(*) AS n FROM history').get() as { n: number }).n;
      expect(facts.historyRows).toBe(rows);
      expect(names(dest, t.key).users).toEqual(['Ann Before']);
    } finally {
      reader.close();
      t.core.close();
    }
  });
});
