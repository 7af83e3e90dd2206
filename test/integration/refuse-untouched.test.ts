// Point 1 of issue 13: a refused file stays byte-for-byte as it was with nothing created beside
// it, and `plumbline verify` opens read-only and never changes a file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openReadOnly } from '../../electron/core/db/cipher';
import { DatabaseOpenError } from '../../electron/core/db/errors';
import { MIGRATIONS } from '../../electron/core/db/migrations/index';
import { openDatabase } from '../../electron/core/db/open';
import { writeVerifiedCopy } from '../../electron/core/db/snapshot';
import { generateKey, keyFileFor } from '../../electron/core/keys';
import { runCli } from './cliRunner';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-refuse-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const digest = (file: string) => fs.readFileSync(file).toString('base64');
const listing = (dir: string) => fs.readdirSync(dir).sort();

/** A live database (WAL) with some rows, and a backup of it (rollback journal), each with a key file. */
function liveAndBackup(): { dir: string; live: string; backup: string; key: string } {
  const dir = tempDir();
  const live = path.join(dir, 'live.db');
  const backup = path.join(dir, 'copy.db');
  const key = generateKey();
  const db = openDatabase(live, key, { create: true });
  db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO meta (key, value) SELECT 'k' || i, hex(randomblob(100)) FROM n");
  writeVerifiedCopy(db, key, backup);
  db.close();
  fs.writeFileSync(keyFileFor(live), key + '\n', { mode: 0o600 });
  fs.writeFileSync(keyFileFor(backup), key + '\n', { mode: 0o600 });
  return { dir, live, backup, key };
}

function corruptMiddle(file: string): void {
  const fd = fs.openSync(file, 'r+');
  const size = fs.fstatSync(fd).size;
  fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
}

function refusal(fn: () => unknown): DatabaseOpenError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseOpenError);
    return error as DatabaseOpenError;
  }
  throw new Error('expected a refusal');
}

describe('a refused file is left byte-for-byte as it was, with nothing beside it', () => {
  it('a corrupted backup (rollback journal) is refused before anything is written', () => {
    const { dir, backup, key } = liveAndBackup();
    corruptMiddle(backup);
    const before = digest(backup);
    const names = listing(dir);
    const error = refusal(() => openDatabase(backup, key));
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toMatch(/damaged/);
    expect(digest(backup)).toBe(before);
    expect(listing(dir)).toEqual(names);
  });

  it('a corrupted live database (WAL) is refused, with no -wal or -shm left behind', () => {
    const { dir, live, key } = liveAndBackup();
    corruptMiddle(live);
    const before = digest(live);
    const names = listing(dir);
    expect(refusal(() => openDatabase(live, key)).code).toBe('CORRUPT');
    expect(digest(live)).toBe(before);
    expect(listing(dir)).toEqual(names);
  });

  it('a wrong key and a newer version are refused with nothing created beside the file', () => {
    const { dir, live, key } = liveAndBackup();
    const names = listing(dir);
    const before = digest(live);
    expect(refusal(() => openDatabase(live, generateKey())).code).toBe('WRONG_KEY');
    expect(listing(dir)).toEqual(names);
    const db = openDatabase(live, key);
    db.pragma(`user_version = ${Math.max(...MIGRATIONS.map((m) => m.version)) + 1}`);
    db.close();
    const newer = digest(live);
    expect(newer).not.toBe(before);
    expect(refusal(() => openDatabase(live, key)).code).toBe('TOO_NEW');
    expect(digest(live)).toBe(newer);
    expect(listing(dir)).toEqual(names);
  });
});

describe('plumbline verify', () => {
  it('never changes a file: a backup stays in rollback-journal mode, a live file stays as it was', async () => {
    const { dir, live, backup, key } = liveAndBackup();
    const names = listing(dir);
    const before = { live: digest(live), backup: digest(backup) };
    for (const file of [backup, live]) {
      const result = await runCli(['verify', '--db', file]);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^Sound: integrity ok/);
      expect(result.code).toBe(0);
    }
    expect(digest(backup)).toBe(before.backup);
    expect(digest(live)).toBe(before.live);
    expect(listing(dir)).toEqual(names);
    const copy = openReadOnly(backup, key);
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
  });

  it('on a damaged file: one line, exit 1, the file untouched', async () => {
    const { dir, backup } = liveAndBackup();
    corruptMiddle(backup);
    const before = digest(backup);
    const names = listing(dir);
    const result = await runCli(['verify', '--db', backup]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^plumbline: .*damaged/);
    expect(digest(backup)).toBe(before);
    expect(listing(dir)).toEqual(names);
  });
});
