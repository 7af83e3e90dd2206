import type { Migration } from './index';

/**
 * Actions raised by audits (domain.md "Actions") and every move of their due dates.
 * Dates are London calendar dates 'YYYY-MM-DD'; instants are ISO with 'Z'.
 * `due_moves` is the count of rows in action_due_moves, kept beside the action so the
 * drift report does not have to count 30,000 actions' moves on every run.
 */
export const m005: Migration = {
  version: 5,
  name: 'actions',
  sql: /* sql */ `
    CREATE TABLE actions (
      id TEXT PRIMARY KEY,
      audit_id TEXT NOT NULL REFERENCES audits (id),
      case_id TEXT NOT NULL REFERENCES cases (id),
      section_key TEXT,
      title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
      owner_name TEXT NOT NULL,
      owner_role TEXT NOT NULL,
      team TEXT NOT NULL,
      due_date TEXT NOT NULL,
      priority TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled', 'verified')),
      due_moves INTEGER NOT NULL DEFAULT 0,
      done_note TEXT NOT NULL DEFAULT '',
      done_on TEXT,
      done_by TEXT,
      cancel_reason TEXT NOT NULL DEFAULT '',
      cancelled_by TEXT,
      verified_by TEXT REFERENCES users (id),
      verified_by_name TEXT,
      verified_at TEXT,
      verify_note TEXT NOT NULL DEFAULT '',
      follow_up_audit_id TEXT REFERENCES audits (id),
      spot_check_requested_at TEXT,
      spot_check_requested_by TEXT,
      spot_check_note TEXT NOT NULL DEFAULT '',
      spot_check_result TEXT CHECK (spot_check_result IN ('lasted', 'not-lasted')),
      spot_check_result_note TEXT NOT NULL DEFAULT '',
      spot_check_at TEXT,
      created_by TEXT REFERENCES users (id),
      created_by_name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX actions_audit ON actions (audit_id, status, due_date, due_moves);
    CREATE INDEX actions_case ON actions (case_id);
    CREATE INDEX actions_status_due ON actions (status, due_date);
    CREATE INDEX actions_owner ON actions (owner_name COLLATE NOCASE);
    CREATE INDEX actions_team ON actions (team);

    CREATE TABLE action_due_moves (
      id TEXT PRIMARY KEY,
      action_id TEXT NOT NULL REFERENCES actions (id),
      from_date TEXT NOT NULL,
      to_date TEXT NOT NULL,
      reason TEXT NOT NULL CHECK (length(reason) >= 1),
      moved_at TEXT NOT NULL,
      moved_by TEXT REFERENCES users (id),
      moved_by_name TEXT NOT NULL
    ) STRICT;
    CREATE INDEX action_due_moves_action ON action_due_moves (action_id, moved_at);
  `,
};
