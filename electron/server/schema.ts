import { createHash } from 'node:crypto';
import { num, type Sql } from './sql';

/**
 * The team server's own schema, in numbered migrations recorded in a ledger
 * (`server_migrations`: number, name, checksum of the SQL). A database whose applied list differs
 * from this one (a changed or unknown migration) is refused rather than guessed at.
 */
export interface ServerMigration {
  number: number;
  name: string;
  sql: string;
}

export const SERVER_MIGRATIONS: ServerMigration[] = [
  {
    number: 1,
    name: 'change-log-devices-tokens',
    sql: /* sql */ `
      CREATE TABLE server_meta (
        key text PRIMARY KEY,
        value text NOT NULL
      );
      -- The append-only change log: one row per change, exactly once per (device, sequence).
      CREATE TABLE changes (
        server_seq bigserial PRIMARY KEY,
        device_id text NOT NULL,
        device_seq bigint NOT NULL,
        hlc text NOT NULL,
        person_id text,
        tbl text NOT NULL,
        key text NOT NULL,
        op text NOT NULL,
        col text,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        body text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (device_id, device_seq)
      );
      CREATE INDEX changes_entity ON changes (tbl, key, server_seq);
      -- A laptop (or the server itself) and whose it is.
      CREATE TABLE devices (
        device_id text PRIMARY KEY,
        person_id text NOT NULL,
        label text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz,
        revoked_at timestamptz,
        revoked_by text
      );
      -- Device tokens, stored as SHA-256 of the token: a stolen database cannot sign anyone in.
      CREATE TABLE device_tokens (
        token_hash text PRIMARY KEY,
        device_id text NOT NULL REFERENCES devices (device_id),
        person_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE INDEX device_tokens_device ON device_tokens (device_id);
      CREATE TABLE sign_in_failures (
        login text PRIMARY KEY,
        failures integer NOT NULL,
        last_failed_at timestamptz NOT NULL
      );
      -- Which entities each device has been sent, and from which pull cursor: when an entity
      -- becomes visible to a person (a case allocated to them), its earlier changes follow.
      CREATE TABLE pull_grants (
        device_id text NOT NULL,
        tbl text NOT NULL,
        key text NOT NULL,
        since_seq bigint NOT NULL,
        PRIMARY KEY (device_id, tbl, key)
      );
    `,
  },
  {
    number: 2,
    name: 'passphrases',
    sql: /* sql */ `
      -- Passphrase hashes travel beside the change log, never in it (no history row carries one):
      -- a QA lead's laptop sends the hashes it set, a person's laptop their own; each person's
      -- laptops receive only their own person's.
      CREATE TABLE passphrases (
        person_id text PRIMARY KEY,
        hash text NOT NULL,
        must_change boolean NOT NULL DEFAULT false,
        set_at timestamptz NOT NULL DEFAULT now(),
        set_by_device text NOT NULL
      );
    `,
  },
];

export const checksum = (m: ServerMigration): string => createHash('sha256').update(m.sql).digest('hex');

export class SchemaError extends Error {}

/** Applies what is missing, in one transaction under an advisory lock (two servers may start at once). */
export async function migrateServer(sql: Sql, migrations: ServerMigration[] = SERVER_MIGRATIONS): Promise<void> {
  await sql.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(727001)');
    await q.query(`CREATE TABLE IF NOT EXISTS server_migrations (
      number integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = await q.query<{ number: number; name: string; checksum: string }>('SELECT number, name, checksum FROM server_migrations ORDER BY number');
    for (const [i, row] of applied.entries()) {
      const known = migrations[i];
      if (!known || num(row.number) !== known.number) {
        throw new SchemaError(
          `This database has server migration ${row.number} (${row.name}), which this Plumbline does not know: it was set up by a newer or different team server. Nothing was changed.`,
        );
      }
      if (row.name !== known.name || row.checksum !== checksum(known)) {
        throw new SchemaError(
          `Server migration ${known.number} (${known.name}) in this database differs from this Plumbline's (${row.name}, checksum ${row.checksum.slice(0, 12)}…): refusing to use it. Nothing was changed.`,
        );
      }
    }
    for (const m of migrations.slice(applied.length)) {
      for (const statement of splitStatements(m.sql)) await q.query(statement);
      await q.query('INSERT INTO server_migrations (number, name, checksum) VALUES ($1, $2, $3)', [m.number, m.name, checksum(m)]);
    }
  });
}

/** Splits a migration into statements (ours hold no semicolons inside strings). */
function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}
