// Helpers for a migration test per migration, in the style of Signal-Desktop's
// ts/test-node/sql/migration_*_test.ts: make a real encrypted file at the version before yours,
// insert rows as that version had them, migrateTo(db, yours), assert what the new version holds.
//
//   const t = databaseAt(6);
//   insertRows(t.db, 'users', [{ id: 'u1', name: 'A', role: 'auditor', created_at: '2026-01-01' }]);
//   migrateTo(t.db, 7);
//   expect(tableRows(t.db, 'people')).toEqual([...]);
//   t.cleanup();
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../electron/core/db/open';
import { openDatabase } from '../../electron/core/db/open';
import { applyPlan, orderMigrations, planMigrations, readLedger } from '../../electron/core/db/ledger';
import { MIGRATIONS } from '../../electron/core/db/migrations/index';
import { generateKey } from '../../electron/core/keys';

export interface DbAtVersion {
  db: Db;
  file: string;
  key: string;
  dir: string;
  cleanup(): void;
}

/** Runs the app's migrations after the file's version up to and including `version`, through the real runner (ledger, one transaction). */
export function migrateTo(db: Db, version: number): void {
  const ordered = orderMigrations(MIGRATIONS);
  if (!ordered.some((m) => m.version === version)) throw new Error(`There is no migration ${version}.`);
  const upTo = ordered.filter((m) => m.version <= version);
  const plan = planMigrations('test database', db.pragma('user_version', { simple: true }) as number, readLedger(db), upTo);
  applyPlan(db, plan, new Date().toISOString());
}

/** A new encrypted database in a temp folder, migrated up to `version` only (0: an empty file). */
export function databaseAt(version: number): DbAtVersion {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-migration-'));
  const file = path.join(dir, 'test.db');
  const key = generateKey();
  const upTo = orderMigrations(MIGRATIONS).filter((m) => m.version <= version);
  const db = openDatabase(file, key, { create: true, migrations: upTo });
  return {
    db,
    file,
    key,
    dir,
    cleanup() {
      try {
        db.close();
      } catch {
        /* already closed */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Row = Record<string, string | number | null>;

/** Inserts rows as they are (no history rows: this is the file as an older app left it). */
export function insertRows(db: Db, table: string, rows: Row[]): void {
  for (const row of rows) {
    const cols = Object.keys(row);
    db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...Object.values(row));
  }
}

/** Every row of a table, ordered by its first column unless told. */
export function tableRows(db: Db, table: string, orderBy = '1'): Row[] {
  return db.prepare(`SELECT * FROM ${table} ORDER BY ${orderBy}`).all() as Row[];
}

export const columnsOf = (db: Db, table: string): string[] => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
