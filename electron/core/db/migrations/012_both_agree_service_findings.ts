import type { Migration } from './index';

/**
 * Issue 12, items 7, 8 and 14, on top of the columns migration 009 added:
 * - "both agree": the moderator's answer to the auditor's one request to reconsider
 *   (`reconsider_answer` kept or changed, its rationale and when it was given). The request
 *   itself (reason, when) and both sides' agreement times are migration 009's columns;
 * - service-level findings are tracked like actions: who marked them done or cancelled them,
 *   and every move of a due date with its reason (`service_action_due_moves`, counted in
 *   `due_moves` beside the finding, as `action_due_moves` is for actions).
 * Follow-up re-audits need nothing new: migration 009 gave actions `follow_up_auditor_id`,
 * `follow_up_on`, `follow_up_scheduled_by` and `follow_up_scheduled_at`.
 */
export const m012: Migration = {
  version: 12,
  name: 'both-agree-service-findings',
  sql: /* sql */ `
    ALTER TABLE moderations ADD COLUMN reconsider_answer TEXT CHECK (reconsider_answer IN ('kept', 'changed'));
    ALTER TABLE moderations ADD COLUMN reconsider_answer_rationale TEXT NOT NULL DEFAULT '';
    ALTER TABLE moderations ADD COLUMN reconsider_answered_at TEXT;

    ALTER TABLE service_actions ADD COLUMN due_moves INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE service_actions ADD COLUMN done_by TEXT;
    ALTER TABLE service_actions ADD COLUMN cancelled_by TEXT;
    CREATE INDEX service_actions_team ON service_actions (level, team);

    CREATE TABLE service_action_due_moves (
      id TEXT PRIMARY KEY,
      service_action_id TEXT NOT NULL REFERENCES service_actions (id),
      from_date TEXT NOT NULL,
      to_date TEXT NOT NULL,
      reason TEXT NOT NULL CHECK (length(reason) >= 1),
      moved_at TEXT NOT NULL,
      moved_by TEXT REFERENCES users (id),
      moved_by_name TEXT NOT NULL
    ) STRICT;
    CREATE INDEX service_action_due_moves_action ON service_action_due_moves (service_action_id, moved_at);
  `,
};
