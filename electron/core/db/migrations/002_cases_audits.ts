import type { Migration } from './index';

/** Cases, versioned templates, audits with their section grades and answers. */
export const m002: Migration = {
  version: 2,
  name: 'cases-templates-audits',
  sql: /* sql */ `
    CREATE TABLE cases (
      id TEXT PRIMARY KEY,
      reference TEXT NOT NULL COLLATE NOCASE UNIQUE,
      team TEXT NOT NULL,
      worker TEXT NOT NULL DEFAULT '',
      case_type TEXT NOT NULL CHECK (case_type IN ('early-help', 'cin', 'cp', 'cla', 'care-leaver', 'pre-birth')),
      age_band TEXT NOT NULL CHECK (age_band IN ('unborn', '0-4', '5-9', '10-15', '16-17', '18+')),
      opened_on TEXT,
      closed_on TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX cases_team ON cases (team);
    CREATE INDEX cases_worker ON cases (worker COLLATE NOCASE);

    CREATE TABLE templates (
      id TEXT PRIMARY KEY,
      key TEXT NOT NULL,
      version INTEGER NOT NULL,
      name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
      definition TEXT NOT NULL,
      created_at TEXT NOT NULL,
      published_at TEXT,
      UNIQUE (key, version)
    ) STRICT;

    CREATE TABLE audits (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases (id),
      template_id TEXT NOT NULL REFERENCES templates (id),
      programme_id TEXT,
      auditor_id TEXT NOT NULL REFERENCES users (id),
      status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in-moderation', 'agreed', 'returned')),
      revision INTEGER NOT NULL DEFAULT 0,
      overall_grade TEXT CHECK (overall_grade IN ('1', '2', '3', '4')),
      key_findings TEXT NOT NULL DEFAULT '',
      strengths TEXT NOT NULL DEFAULT '[]',
      areas TEXT NOT NULL DEFAULT '[]',
      feedback TEXT NOT NULL DEFAULT '{}',
      justification TEXT NOT NULL DEFAULT '',
      returned_reason TEXT NOT NULL DEFAULT '',
      follows_audit_id TEXT REFERENCES audits (id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      submitted_at TEXT
    ) STRICT;
    CREATE INDEX audits_case ON audits (case_id);
    CREATE INDEX audits_auditor ON audits (auditor_id, status);
    CREATE INDEX audits_status ON audits (status, submitted_at);

    CREATE TABLE audit_sections (
      audit_id TEXT NOT NULL REFERENCES audits (id),
      section_key TEXT NOT NULL,
      grade TEXT CHECK (grade IN ('1', '2', '3', '4', 'na')),
      evidence TEXT NOT NULL DEFAULT '',
      PRIMARY KEY (audit_id, section_key)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE audit_answers (
      audit_id TEXT NOT NULL REFERENCES audits (id),
      question_key TEXT NOT NULL,
      answer TEXT NOT NULL CHECK (answer IN ('yes', 'partly', 'no', 'na')),
      PRIMARY KEY (audit_id, question_key)
    ) STRICT, WITHOUT ROWID;
  `,
};
