import type { Migration } from './index';

/** Identity of the file, the device, users, settings and the hash-chained history. */
export const m001: Migration = {
  version: 1,
  name: 'foundation',
  sql: /* sql */ `
    PRAGMA application_id = 1347243340; -- 'PLBL'

    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('auditor', 'moderator', 'qa-lead')),
      job_title TEXT NOT NULL DEFAULT '',
      manages_teams TEXT NOT NULL DEFAULT '[]',
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE history (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      device_id TEXT NOT NULL,
      device_seq INTEGER NOT NULL,
      at TEXT NOT NULL,
      actor_id TEXT,
      actor_name TEXT NOT NULL,
      entity TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      op TEXT NOT NULL,
      field TEXT,
      old_value TEXT,
      new_value TEXT,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      UNIQUE (device_id, device_seq)
    ) STRICT;
    CREATE INDEX history_entity ON history (entity, entity_id, seq);

    CREATE TRIGGER history_no_update BEFORE UPDATE ON history
    BEGIN SELECT RAISE(ABORT, 'history is append-only: rows cannot be changed'); END;
    CREATE TRIGGER history_no_delete BEFORE DELETE ON history
    BEGIN SELECT RAISE(ABORT, 'history is append-only: rows cannot be deleted'); END;
  `,
};
