import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError } from '../../electron/core/db/errors';
import { MIGRATIONS } from '../../electron/core/db/migrations/index';
import { openDatabase } from '../../electron/core/db/open';
import { generateKey } from '../../electron/core/keys';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-db-'));
  dirs.push(dir);
  return path.join(dir, 'test.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const digest = (file: string) => fs.readFileSync(file).toString('base64');

function expectOpenError(fn: () => unknown, code: string): DatabaseOpenError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).code).toBe(code);
    return error as DatabaseOpenError;
  }
  throw new Error('expected the open to be refused');
}

describe('encrypted database', () => {
  it('is unreadable without the key, and its bytes never contain the data in clear', () => {
    const file = tempFile();
    const key = generateKey();
    const db = openDatabase(file, key, { create: true });
    db.prepare("INSERT INTO meta (key, value) VALUES ('secret', 'CHILD-REF-12345')").run();
    db.close();
    expect(fs.readFileSync(file).includes('CHILD-REF-12345')).toBe(false);
    expect(fs.readFileSync(file).subarray(0, 15).toString()).not.toBe('SQLite format 3');
    const raw = new Database(file);
    expect(() => raw.prepare('SELECT * FROM meta').all()).toThrow(/not a database/);
    raw.close();
  });

  it('refuses a wrong key clearly and leaves the file untouched', () => {
    const file = tempFile();
    openDatabase(file, generateKey(), { create: true }).close();
    const before = digest(file);
    const error = expectOpenError(() => openDatabase(file, generateKey()), 'WRONG_KEY');
    expect(error.message).toMatch(/key does not match/);
    expect(digest(file)).toBe(before);
  });

  it('refuses a key that is not 64 hex characters before touching SQL', () => {
    expectOpenError(() => openDatabase(tempFile(), "x'; DROP TABLE meta; --", { create: true }), 'BAD_KEY');
  });

  it('refuses a file that is not a Plumbline database', () => {
    const text = tempFile();
    fs.writeFileSync(text, 'case reference,team\nA1,North\n'.repeat(400));
    expectOpenError(() => openDatabase(text, generateKey()), 'WRONG_KEY');
    const plain = tempFile();
    const other = new Database(plain);
    other.exec('CREATE TABLE t (x)');
    other.close();
    const before = digest(plain);
    expectOpenError(() => openDatabase(plain, generateKey()), 'NOT_PLUMBLINE');
    expect(digest(plain)).toBe(before);
    const empty = tempFile();
    fs.writeFileSync(empty, '');
    expectOpenError(() => openDatabase(empty, generateKey()), 'NOT_PLUMBLINE');
  });

  it('refuses a database from a newer version and leaves it untouched', () => {
    const file = tempFile();
    const key = generateKey();
    const db = openDatabase(file, key, { create: true });
    db.pragma(`user_version = ${MIGRATIONS[MIGRATIONS.length - 1].version + 5}`);
    db.close();
    const before = digest(file);
    const error = expectOpenError(() => openDatabase(file, key), 'TOO_NEW');
    expect(error.message).toMatch(/newer version of Plumbline/);
    expect(digest(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
  });

  it('a failed migration leaves the file as it was', () => {
    const file = tempFile();
    const key = generateKey();
    openDatabase(file, key, { create: true }).close();
    const broken = [...MIGRATIONS, { version: 99, name: 'broken', sql: "CREATE TABLE half_done (x); INSERT INTO meta VALUES ('half', 'yes'); SELECT no_such_function();" }];
    const error = expectOpenError(() => openDatabase(file, key, { migrations: broken }), 'MIGRATION_FAILED');
    expect(error.message).toMatch(/migration 99/);
    const db = openDatabase(file, key);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM meta WHERE key = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('migrates each step from the version before it', () => {
    const file = tempFile();
    const key = generateKey();
    const first = openDatabase(file, key, { create: true, migrations: MIGRATIONS.slice(0, 1) });
    expect(first.pragma('user_version', { simple: true })).toBe(1);
    first.prepare("INSERT INTO users (id, name, role, created_at) VALUES ('u1', 'Old User', 'auditor', '2026-01-01')").run();
    first.close();
    const db = openDatabase(file, key);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    expect(db.prepare('SELECT name FROM users').get()).toEqual({ name: 'Old User' });
    db.close();
  });

  it('opens with WAL, synchronous FULL and foreign keys on', () => {
    const db = openDatabase(tempFile(), generateKey(), { create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});
