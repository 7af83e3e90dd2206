import type { Migration } from './index';

/**
 * Audit programmes and their cases; template-version lineage; published templates frozen.
 * (Versions 3–5 belong to other features; the runner applies whatever is listed, in order.)
 */
export const m006: Migration = {
  version: 6,
  name: 'programmes',
  sql: /* sql */ `
    CREATE TABLE programmes (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('monthly', 'thematic', 'multi-agency')),
      theme TEXT NOT NULL DEFAULT '',
      partner_agencies TEXT NOT NULL DEFAULT '[]',
      template_id TEXT NOT NULL REFERENCES templates (id),
      period_start TEXT,
      period_end TEXT,
      due_date TEXT,
      status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'closed')),
      sample_seed INTEGER,
      sample_options TEXT,
      sampled_at TEXT,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX programmes_status ON programmes (status, due_date);

    CREATE TABLE programme_cases (
      programme_id TEXT NOT NULL REFERENCES programmes (id),
      case_id TEXT NOT NULL REFERENCES cases (id),
      auditor_id TEXT REFERENCES users (id),
      partner_auditor TEXT NOT NULL DEFAULT '',
      partner_agency TEXT NOT NULL DEFAULT '',
      chosen_by TEXT NOT NULL CHECK (chosen_by IN ('hand', 'sample')),
      stratum TEXT NOT NULL DEFAULT '',
      included_on_purpose INTEGER NOT NULL DEFAULT 0 CHECK (included_on_purpose IN (0, 1)),
      added_at TEXT NOT NULL,
      PRIMARY KEY (programme_id, case_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX programme_cases_auditor ON programme_cases (auditor_id);
    CREATE INDEX programme_cases_case ON programme_cases (case_id);

    CREATE INDEX IF NOT EXISTS audits_programme ON audits (programme_id, case_id);

    ALTER TABLE templates ADD COLUMN based_on_id TEXT;
    ALTER TABLE templates ADD COLUMN created_by TEXT;
    ALTER TABLE templates ADD COLUMN published_by TEXT;

    -- A published version is frozen: audits and programmes rely on it never changing.
    CREATE TRIGGER templates_published_frozen BEFORE UPDATE OF definition, name, key, version ON templates
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'a published template version cannot be changed'); END;
    CREATE TRIGGER templates_published_no_delete BEFORE DELETE ON templates
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'a published template version cannot be deleted'); END;
  `,
};
