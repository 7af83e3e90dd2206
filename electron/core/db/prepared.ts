import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from './open';

export type Stmt = Database.Statement<unknown[], unknown>;
const statementCache = new WeakMap<Db, Map<string, Stmt>>();

/** A cached prepared statement: parameters are always bound, never spliced into SQL. */
export function prepared(db: Db, sql: string): Stmt {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare<unknown[], unknown>(sql)));
  return stmt;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
/** A table or column name checked before it is spliced into SQL. */
export function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return name;
}
