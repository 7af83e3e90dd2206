import type { Migration } from './index';

/**
 * People and sign-in. A person's login is their email (unique whatever its case); the passphrase
 * is kept only as an argon2id hash, written outside the row history so that no history row ever
 * carries it. `teams` stay in the existing `manages_teams` column (JSON). `public_key` is
 * reserved for signed bundles. `sign_in_state` is this laptop's own bookkeeping of failed
 * sign-ins (the back-off survives a restart); it is never replicated. The profile switcher's
 * "current user" row goes: who is working is the signed-in person of each window or tab.
 */
export const m007: Migration = {
  version: 7,
  name: 'people',
  sql: /* sql */ `
    ALTER TABLE users ADD COLUMN email TEXT;
    ALTER TABLE users ADD COLUMN agency TEXT;
    ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
    ALTER TABLE users ADD COLUMN passphrase_hash TEXT;
    ALTER TABLE users ADD COLUMN must_change_passphrase INTEGER NOT NULL DEFAULT 0 CHECK (must_change_passphrase IN (0, 1));
    ALTER TABLE users ADD COLUMN public_key TEXT;
    ALTER TABLE users ADD COLUMN updated_at TEXT;
    UPDATE users SET updated_at = created_at;
    CREATE UNIQUE INDEX users_email ON users (lower(email)) WHERE email IS NOT NULL;

    CREATE TABLE sign_in_state (
      login TEXT PRIMARY KEY,
      failures INTEGER NOT NULL DEFAULT 0,
      next_allowed_at TEXT,
      last_failure_at TEXT
    ) STRICT;

    DELETE FROM settings WHERE key = 'current_user_id';
  `,
};
