import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The one SQL dialect (PostgreSQL) behind a tiny adapter: PGlite in a data folder, or a real
 * PostgreSQL through a `pg` pool. Parameters are always bound ($1, $2…), never spliced.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs `fn` in one transaction on one connection; rolled back if it throws. With `lock`, the
   * transaction first takes that advisory lock (held until it ends), in the same round trip as BEGIN.
   */
  tx<T>(fn: (q: Queryable) => Promise<T>, options?: { lock?: number }): Promise<T>;
  close(): Promise<void>;
  readonly engine: 'pglite' | 'postgresql';
  /** Where the data lives, for messages (never includes a password). */
  readonly where: string;
}

export type Queryable = Pick<Sql, 'query'>;

/** A PostgreSQL URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the given --pg URL';
  }
}

export async function openPglite(dataDir: string): Promise<Sql> {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  return {
    engine: 'pglite',
    where: dir,
    async query<T>(text: string, params?: unknown[]) {
      return (await db.query<T>(text, params)).rows;
    },
    tx: <T>(fn: (q: Queryable) => Promise<T>, options?: { lock?: number }) =>
      db.transaction(async (t) => {
        if (options?.lock !== undefined) await t.query('SELECT pg_advisory_xact_lock($1)', [options.lock]);
        return fn({ query: async <R>(text: string, params?: unknown[]) => (await t.query<R>(text, params)).rows });
      }),
    close: () => db.close(),
  };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    /* an idle client lost its connection: the pool replaces it */
  });
  try {
    const c = await pool.connect();
    c.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`Could not connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  return {
    engine: 'postgresql',
    where: redactUrl(url),
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(text, params as unknown[])).rows as T[];
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>, options?: { lock?: number }) {
      const client = await pool.connect();
      try {
        // One round trip for BEGIN and the lock (a simple query; the key is an integer of ours, checked).
        await client.query(options?.lock !== undefined ? `BEGIN; SELECT pg_advisory_xact_lock(${lockKey(options.lock)})` : 'BEGIN');
        const result = await fn({ query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params as unknown[])).rows as R[] });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function openSql(options: { pg?: string; data?: string }): Promise<Sql> {
  return options.pg ? openPostgres(options.pg) : openPglite(options.data ?? './plumbline-team');
}

function lockKey(key: number): number {
  if (!Number.isSafeInteger(key)) throw new Error(`advisory lock keys are integers, not ${key}`);
  return key;
}

/** bigint columns come back as strings from pg and as numbers or bigints from PGlite. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
