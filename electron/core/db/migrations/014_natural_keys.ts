import type { Migration } from './index';

/**
 * Natural keys no longer refuse a merge (decision 48). Five UNIQUE constraints on replicated tables
 * said "one per team" for something two laptops can each create while apart: a case reference,
 * a template's (key, version), a person's email, the active moderation of an audit and the open
 * flag of an audit. A merge that met one threw, and sync or a bundle import stuck there for good.
 * They become plain indexes: the app still refuses a duplicate made on one laptop (its services
 * check first), and a duplicate that arrives by merge is kept and listed as a conflict
 * (electron/core/sync/duplicates.ts). `cases` and `templates` held theirs inline, so those two
 * tables are rebuilt with the same columns, rows, indexes and triggers: rows are set aside, the
 * table dropped and made again under its own name and the rows put back, with foreign keys
 * deferred meanwhile (SQLite counts the rows left without a parent by the drop and counts them
 * back as their parents return, so every reference is checked again at commit).
 */
export const m014: Migration = {
  version: 14,
  name: 'natural keys are indexes, not constraints',
  sql: /* sql */ `
    PRAGMA defer_foreign_keys = ON;

    CREATE TABLE cases_014_rows AS SELECT * FROM cases;
    DROP TABLE cases;
    CREATE TABLE cases (
      id TEXT PRIMARY KEY,
      reference TEXT NOT NULL COLLATE NOCASE,
      team TEXT NOT NULL,
      worker TEXT NOT NULL DEFAULT '',
      case_type TEXT NOT NULL CHECK (case_type IN ('early-help', 'cin', 'cp', 'cla', 'care-leaver', 'pre-birth')),
      age_band TEXT NOT NULL CHECK (age_band IN ('unborn', '0-4', '5-9', '10-15', '16-17', '18+')),
      opened_on TEXT,
      closed_on TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    INSERT INTO cases (id, reference, team, worker, case_type, age_band, opened_on, closed_on, created_at, updated_at)
      SELECT id, reference, team, worker, case_type, age_band, opened_on, closed_on, created_at, updated_at FROM cases_014_rows;
    DROP TABLE cases_014_rows;
    CREATE INDEX cases_reference ON cases (reference);
    CREATE INDEX cases_team ON cases (team);
    CREATE INDEX cases_worker ON cases (worker COLLATE NOCASE);

    DROP TRIGGER templates_published_no_delete;
    DROP TRIGGER templates_published_frozen;
    CREATE TABLE templates_014_rows AS SELECT * FROM templates;
    DROP TABLE templates;
    CREATE TABLE templates (
      id TEXT PRIMARY KEY,
      key TEXT NOT NULL,
      version INTEGER NOT NULL,
      name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
      definition TEXT NOT NULL,
      created_at TEXT NOT NULL,
      published_at TEXT,
      based_on_id TEXT,
      created_by TEXT,
      published_by TEXT
    ) STRICT;
    INSERT INTO templates (id, key, version, name, status, definition, created_at, published_at, based_on_id, created_by, published_by)
      SELECT id, key, version, name, status, definition, created_at, published_at, based_on_id, created_by, published_by FROM templates_014_rows;
    DROP TABLE templates_014_rows;
    CREATE INDEX templates_key_version ON templates (key, version);
    CREATE TRIGGER templates_published_no_delete BEFORE DELETE ON templates
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'a published template version cannot be deleted'); END;
    CREATE TRIGGER templates_published_frozen BEFORE UPDATE OF definition, name, key, version ON templates
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'a published template version cannot be changed'); END;

    DROP INDEX users_email;
    CREATE INDEX users_email ON users (lower(email)) WHERE email IS NOT NULL;
    DROP INDEX moderations_one_active;
    CREATE INDEX moderations_one_active ON moderations (audit_id) WHERE finished_at IS NULL;
    DROP INDEX moderation_flags_open;
    CREATE INDEX moderation_flags_open ON moderation_flags (audit_id, kind) WHERE resolved_at IS NULL;

    -- A duplicate natural key that arrived by merge is listed like any other conflict.
    CREATE TABLE conflicts_014 (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('concurrent', 'frozen', 'duplicate')),
      tbl TEXT NOT NULL,
      row_key TEXT NOT NULL,
      col TEXT NOT NULL,
      entity TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      field TEXT NOT NULL,
      value TEXT,
      hlc TEXT NOT NULL,
      person_id TEXT,
      person_name TEXT NOT NULL,
      resolved_at TEXT,
      resolved_by TEXT
    ) STRICT;
    INSERT INTO conflicts_014 SELECT id, kind, tbl, row_key, col, entity, entity_id, field, value, hlc, person_id, person_name, resolved_at, resolved_by FROM conflicts;
    DROP TABLE conflicts;
    ALTER TABLE conflicts_014 RENAME TO conflicts;
    CREATE INDEX conflicts_cell ON conflicts (tbl, row_key, col);
    CREATE INDEX conflicts_open ON conflicts (resolved_at, hlc);
  `,
};
