import type { Migration } from './index';

/**
 * Moderation: one record per moderation of an audit (open or blind), its grades per section and
 * overall (the auditor's grade as moderated, the moderator's grade and rationale, the agreed grade,
 * its rationale and reason code), returns to the auditor, sample draws and review flags.
 * Nothing here is ever deleted: a returned and resubmitted audit gets a new moderation record.
 */
export const m004: Migration = {
  version: 4,
  name: 'moderation',
  sql: /* sql */ `
    CREATE TABLE moderations (
      id TEXT PRIMARY KEY,
      audit_id TEXT NOT NULL REFERENCES audits (id),
      audit_revision INTEGER NOT NULL,
      mode TEXT NOT NULL CHECK (mode IN ('open', 'blind')),
      moderator_id TEXT NOT NULL REFERENCES users (id),
      status TEXT NOT NULL CHECK (status IN ('grading', 'reconciling', 'agreed', 'returned')),
      started_at TEXT NOT NULL,
      graded_at TEXT,
      finished_at TEXT,
      finished_on TEXT,
      return_reasons TEXT NOT NULL DEFAULT '[]'
    ) STRICT;
    CREATE INDEX moderations_audit ON moderations (audit_id, started_at);
    CREATE INDEX moderations_finished ON moderations (status, finished_on);
    CREATE UNIQUE INDEX moderations_one_active ON moderations (audit_id) WHERE finished_at IS NULL;

    CREATE TABLE moderation_grades (
      moderation_id TEXT NOT NULL REFERENCES moderations (id),
      section_key TEXT NOT NULL,
      auditor_grade TEXT CHECK (auditor_grade IN ('1', '2', '3', '4', 'na')),
      moderator_grade TEXT CHECK (moderator_grade IN ('1', '2', '3', '4', 'na')),
      moderator_rationale TEXT NOT NULL DEFAULT '',
      moderator_reason TEXT CHECK (moderator_reason IN ('evidence-missed', 'threshold-misread', 'over-optimistic', 'under-graded', 'recording-gap', 'other')),
      agreed_grade TEXT CHECK (agreed_grade IN ('1', '2', '3', '4', 'na')),
      agreed_rationale TEXT NOT NULL DEFAULT '',
      reason_code TEXT CHECK (reason_code IN ('evidence-missed', 'threshold-misread', 'over-optimistic', 'under-graded', 'recording-gap', 'other')),
      reconciled INTEGER NOT NULL DEFAULT 0 CHECK (reconciled IN (0, 1)),
      PRIMARY KEY (moderation_id, section_key)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE moderation_draws (
      id TEXT PRIMARY KEY,
      drawn_at TEXT NOT NULL,
      drawn_by TEXT REFERENCES users (id),
      seed INTEGER NOT NULL,
      share_percent INTEGER NOT NULL CHECK (share_percent BETWEEN 1 AND 100),
      pool TEXT NOT NULL,
      outside_tolerance TEXT NOT NULL DEFAULT '[]'
    ) STRICT;

    CREATE TABLE moderation_picks (
      draw_id TEXT NOT NULL REFERENCES moderation_draws (id),
      audit_id TEXT NOT NULL REFERENCES audits (id),
      reason TEXT NOT NULL CHECK (reason IN ('random', 'auditor-outside-tolerance')),
      PRIMARY KEY (draw_id, audit_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX moderation_picks_audit ON moderation_picks (audit_id);

    CREATE TABLE moderation_flags (
      id TEXT PRIMARY KEY,
      audit_id TEXT NOT NULL REFERENCES audits (id),
      kind TEXT NOT NULL CHECK (kind IN ('auditor-outside-tolerance')),
      message TEXT NOT NULL,
      draw_id TEXT REFERENCES moderation_draws (id),
      raised_at TEXT NOT NULL,
      resolved_at TEXT,
      resolved_by TEXT REFERENCES users (id),
      resolution TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE UNIQUE INDEX moderation_flags_open ON moderation_flags (audit_id, kind) WHERE resolved_at IS NULL;

    CREATE TABLE moderation_unmoderated (
      audit_id TEXT NOT NULL REFERENCES audits (id),
      agreed_at TEXT NOT NULL,
      agreed_by TEXT REFERENCES users (id),
      PRIMARY KEY (audit_id, agreed_at)
    ) STRICT, WITHOUT ROWID;
  `,
};
