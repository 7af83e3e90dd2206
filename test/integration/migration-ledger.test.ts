import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError } from '../../electron/core/db/errors';
import { LEDGER_TABLE, migrationChecksum, orderMigrations } from '../../electron/core/db/ledger';
import { MIGRATIONS, type Migration } from '../../electron/core/db/migrations/index';
import { openDatabase } from '../../electron/core/db/open';
import { openReadOnly } from '../../electron/core/db/cipher';
import { generateKey } from '../../electron/core/keys';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-ledger-'));
  dirs.push(dir);
  return path.join(dir, 'test.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const digest = (file: string) => fs.readFileSync(file).toString('base64');
const beside = (file: string) => fs.readdirSync(path.dirname(file)).sort();
const latest = Math.max(...MIGRATIONS.map((m) => m.version));

function refused(fn: () => unknown, code: string): DatabaseOpenError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).code, (error as Error).message).toBe(code);
    return error as DatabaseOpenError;
  }
  throw new Error('expected the open to be refused');
}

/** A file made by an app whose migration list was `list`, then closed. */
function fileMadeWith(list: Migration[]): { file: string; key: string } {
  const file = tempFile();
  const key = generateKey();
  openDatabase(file, key, { create: true, migrations: list }).close();
  return { file, key };
}

const ledgerOf = (file: string, key: string) => {
  const db = openReadOnly(file, key);
  try {
    return db.prepare(`SELECT number, name, checksum, how FROM ${LEDGER_TABLE} ORDER BY number`).all() as { number: number; name: string; checksum: string; how: string }[];
  } finally {
    db.close();
  }
};

describe("the app's migration list", () => {
  it('uses every number once (a duplicate is refused at start-up, loudly)', () => {
    expect(() => orderMigrations(MIGRATIONS)).not.toThrow();
    const dup = [...MIGRATIONS, { version: 3, name: 'someone-elses-3', sql: 'SELECT 1;' }];
    expect(() => orderMigrations(dup)).toThrow(/number 3 is used by both "audit-editing" and "someone-elses-3"/);
    expect(() => openDatabase(tempFile(), generateKey(), { create: true, migrations: dup })).toThrow(/migration list is broken/);
  });

  it('is applied in order of number, not of position in the list', () => {
    const shuffled = [MIGRATIONS[0], MIGRATIONS[2], MIGRATIONS[1], ...MIGRATIONS.slice(3)].reverse();
    const { file, key } = fileMadeWith(shuffled);
    expect(ledgerOf(file, key).map((r) => r.number)).toEqual(MIGRATIONS.map((m) => m.version));
    // The app's own list opens the file (today's runner skipped 2 and then called its own file too new).
    const db = openDatabase(file, key);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    db.close();
  });
});

describe('the migration ledger', () => {
  it('records number, name and checksum of every migration it runs', () => {
    const { file, key } = fileMadeWith(MIGRATIONS);
    expect(ledgerOf(file, key)).toEqual(MIGRATIONS.map((m) => ({ number: m.version, name: m.name, checksum: migrationChecksum(m), how: 'ran' })));
  });

  it('is backfilled for a file from before the ledger (versions 1 to 6)', () => {
    const { file, key } = fileMadeWith(MIGRATIONS.slice(0, 4));
    const db = openDatabase(file, key, { migrations: MIGRATIONS.slice(0, 4) });
    db.exec(`DROP TABLE ${LEDGER_TABLE}`); // as the app before the ledger left it, at version 4
    db.close();
    openDatabase(file, key).close();
    const rows = ledgerOf(file, key);
    expect(rows.map((r) => [r.number, r.how])).toEqual(MIGRATIONS.map((m) => [m.version, m.version <= 4 ? 'backfilled' : 'ran']));
  });

  it('refuses a file where an applied migration was changed after it shipped, untouched', () => {
    const edited = MIGRATIONS.map((m) => (m.version === 3 ? { ...m, sql: m.sql + '\n-- edited' } : m));
    const { file, key } = fileMadeWith(edited);
    const before = digest(file);
    const names = beside(file);
    const error = refused(() => openDatabase(file, key), 'LEDGER_MISMATCH');
    expect(error.message).toMatch(/different migration 3 applied/);
    expect(digest(file)).toBe(before);
    expect(beside(file)).toEqual(names);
  });

  it('refuses a file where a migration number was reused for something else', () => {
    const theirs = { version: latest + 1, name: 'people', sql: 'CREATE TABLE people_x (id TEXT);' };
    const ours = { version: latest + 1, name: 'rules', sql: 'CREATE TABLE rules_x (id TEXT);' };
    const { file, key } = fileMadeWith([...MIGRATIONS, theirs]);
    const before = digest(file);
    const error = refused(() => openDatabase(file, key, { migrations: [...MIGRATIONS, ours] }), 'LEDGER_MISMATCH');
    expect(error.message).toMatch(new RegExp(`migration ${latest + 1} applied \\("people"\\) from this app's \\("rules"\\)`));
    expect(digest(file)).toBe(before);
  });

  it('refuses a file that skipped a migration, and one with a migration the app does not have', () => {
    const a = { version: latest + 1, name: 'a', sql: 'CREATE TABLE a_x (id TEXT);' };
    const b = { version: latest + 2, name: 'b', sql: 'CREATE TABLE b_x (id TEXT);' };
    const skipped = fileMadeWith([...MIGRATIONS, b]);
    expect(refused(() => openDatabase(skipped.file, skipped.key, { migrations: [...MIGRATIONS, a, b] }), 'LEDGER_MISMATCH').message).toMatch(
      new RegExp(`never had migration ${latest + 1} \\(a\\) applied`),
    );
    const unknown = fileMadeWith([...MIGRATIONS, a]);
    expect(refused(() => openDatabase(unknown.file, unknown.key, { migrations: [...MIGRATIONS, { ...b, version: latest + 3 }] }), 'LEDGER_MISMATCH').message).toMatch(
      new RegExp(`has migration ${latest + 1} \\(a\\) applied, which this version of Plumbline does not have`),
    );
  });
});

describe('upgrading a file', () => {
  it('writes a verified backup first, then runs every pending migration', () => {
    const { file, key } = fileMadeWith(MIGRATIONS.slice(0, 3));
    openDatabase(file, key, { now: () => new Date('2026-12-02T09:30:00Z') }).close();
    const copies = fs.readdirSync(path.join(path.dirname(file), 'backups'));
    expect(copies).toEqual([`test.db.before-v${latest}-2026-12-02T093000Z.db`]);
    const copy = openReadOnly(path.join(path.dirname(file), 'backups', copies[0]), key);
    expect(copy.pragma('user_version', { simple: true })).toBe(3);
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('a failure in any pending migration leaves the file byte-for-byte as it was, and says so', () => {
    // The case: a file at version 1 whose migration 4 fails (it used to be left at version 3).
    const { file, key } = fileMadeWith(MIGRATIONS.slice(0, 1));
    const before = digest(file);
    const broken = MIGRATIONS.map((m) => (m.version === 4 ? { ...m, sql: m.sql + '\nSELECT no_such_function();' } : m));
    const error = refused(() => openDatabase(file, key, { migrations: broken }), 'MIGRATION_FAILED');
    expect(error.message).toMatch(/from version 1 to \d+ failed at migration 4 \(moderation\)/);
    expect(error.message).toMatch(/Nothing was changed: the file is byte-for-byte as it was, at version 1/);
    expect(digest(file)).toBe(before);
    expect(beside(file)).toEqual(['backups', 'test.db']);
    const db = openReadOnly(file, key);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('cases', 'moderations')").get()).toEqual({ n: 0 });
    db.close();
  });

  it('a failure in a rollback-journal file (a backup) also leaves it byte-for-byte as it was', () => {
    const { file, key } = fileMadeWith(MIGRATIONS.slice(0, 2));
    const db = openDatabase(file, key, { migrations: MIGRATIONS.slice(0, 2) });
    db.pragma('journal_mode = DELETE');
    db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO meta (key, value) SELECT 'k' || i, hex(randomblob(200)) FROM n");
    db.close();
    const before = digest(file);
    const broken = [...MIGRATIONS, { version: latest + 1, name: 'big-then-broken', sql: "CREATE TABLE big AS SELECT * FROM meta; UPDATE meta SET value = 'x'; SELECT no_such_function();" }];
    refused(() => openDatabase(file, key, { migrations: broken }), 'MIGRATION_FAILED');
    expect(digest(file)).toBe(before);
  });
});
