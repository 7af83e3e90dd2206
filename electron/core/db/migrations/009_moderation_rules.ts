import type { Migration } from './index';

/** The two per-section questions that migration 009 folds into one audit-level question. */
const OLD_KEYS = "('s2.left_at_risk', 's4.left_at_risk')";
const RISK_TEXT = 'Child left at significant risk without intervention';

/**
 * Moderation rules as the spec says (issue 12, items 1–8 and 14):
 * - limiting rules bind the moderator's and the agreed overall grade: the written justification
 *   for breaking one is kept on the moderation (`moderator_rule_justification`,
 *   `agreed_rule_justification`);
 * - "child left at significant risk without intervention" is one audit-level question
 *   (`left_at_risk`), no longer asked in s2 and again in s4: stored templates are rewritten (the
 *   two questions leave their sections, one rule reads the one question for s2 or s4) and each
 *   audit's two answers become one (yes if either was yes, else the most telling of no, partly,
 *   N/A);
 * - the moderation share is a floor: agreeing without moderation below it keeps the QA lead's
 *   reason (`moderation_unmoderated.below_share_reason`);
 * - "both agree": when the moderator agreed the reconciled grades, when the auditor acknowledged
 *   them, and the auditor's one request to reconsider, with its reason;
 * - follow-up re-audits scheduled for a date and an auditor (on the action);
 * - service-level findings: actions owned by a team or the service, raised from an audit or a
 *   programme, kept apart from actions for one child.
 * Existing agreed moderations count as agreed by the moderator when they finished; the auditor's
 * acknowledgement was not asked for then, so it stays empty.
 */
export const m009: Migration = {
  version: 9,
  name: 'moderation-rules',
  sql: /* sql */ `
    ALTER TABLE moderations ADD COLUMN moderator_rule_justification TEXT NOT NULL DEFAULT '';
    ALTER TABLE moderations ADD COLUMN agreed_rule_justification TEXT NOT NULL DEFAULT '';
    ALTER TABLE moderations ADD COLUMN moderator_agreed_at TEXT;
    ALTER TABLE moderations ADD COLUMN auditor_agreed_at TEXT;
    ALTER TABLE moderations ADD COLUMN reconsider_reason TEXT NOT NULL DEFAULT '';
    ALTER TABLE moderations ADD COLUMN reconsider_requested_at TEXT;
    UPDATE moderations SET moderator_agreed_at = finished_at WHERE status = 'agreed';

    ALTER TABLE moderation_unmoderated ADD COLUMN below_share_reason TEXT NOT NULL DEFAULT '';

    ALTER TABLE actions ADD COLUMN follow_up_auditor_id TEXT REFERENCES users (id);
    ALTER TABLE actions ADD COLUMN follow_up_on TEXT;
    ALTER TABLE actions ADD COLUMN follow_up_scheduled_by TEXT;
    ALTER TABLE actions ADD COLUMN follow_up_scheduled_at TEXT;
    CREATE INDEX actions_follow_up_auditor ON actions (follow_up_auditor_id, follow_up_on);

    CREATE TABLE service_actions (
      id TEXT PRIMARY KEY,
      audit_id TEXT REFERENCES audits (id),
      programme_id TEXT REFERENCES programmes (id),
      level TEXT NOT NULL CHECK (level IN ('team', 'service')),
      team TEXT NOT NULL DEFAULT '',
      title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
      owner_name TEXT NOT NULL,
      owner_role TEXT NOT NULL,
      due_date TEXT NOT NULL,
      priority TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
      done_note TEXT NOT NULL DEFAULT '',
      done_on TEXT,
      cancel_reason TEXT NOT NULL DEFAULT '',
      created_by TEXT REFERENCES users (id),
      created_by_name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (audit_id IS NOT NULL OR programme_id IS NOT NULL),
      CHECK (level = 'service' OR team <> '')
    ) STRICT;
    CREATE INDEX service_actions_status_due ON service_actions (status, due_date);
    CREATE INDEX service_actions_audit ON service_actions (audit_id);
    CREATE INDEX service_actions_programme ON service_actions (programme_id);

    -- One "left at risk" question per audit: answers first (yes wins, then no, partly, N/A) ...
    INSERT INTO audit_answers (audit_id, question_key, answer)
    SELECT audit_id, 'left_at_risk',
           CASE max(CASE answer WHEN 'yes' THEN 4 WHEN 'no' THEN 3 WHEN 'partly' THEN 2 ELSE 1 END)
             WHEN 4 THEN 'yes' WHEN 3 THEN 'no' WHEN 2 THEN 'partly' ELSE 'na' END
    FROM audit_answers WHERE question_key IN ${OLD_KEYS}
    GROUP BY audit_id;
    DELETE FROM audit_answers WHERE question_key IN ${OLD_KEYS};

    -- ... then every stored template that asked it per section (published versions included:
    -- the question and the rule mean the same, only where they are asked changes).
    DROP TRIGGER templates_published_frozen;
    UPDATE templates SET definition = json_set(definition, '$.limitingRules', json((
      SELECT json_group_array(json(v)) FROM (
        SELECT 0 AS k, json_object(
          'id', 'r1-left-at-risk', 'kind', 'section-grade',
          'sections', json((SELECT json_group_array(DISTINCT sec.value) FROM json_each(templates.definition, '$.limitingRules') r, json_each(r.value, '$.sections') sec
                            WHERE json_extract(r.value, '$.question.key') IN ${OLD_KEYS})),
          'grade', 4,
          'question', json_object('key', 'left_at_risk', 'answer', 'yes'),
          'cap', (SELECT max(json_extract(r.value, '$.cap')) FROM json_each(templates.definition, '$.limitingRules') r WHERE json_extract(r.value, '$.question.key') IN ${OLD_KEYS}),
          'description', 'Overall may not be better than 4 Inadequate when section 2 or section 4 is 4 Inadequate and the child was left at significant risk without intervention.'
        ) AS v
        UNION ALL
        SELECT 1 + r.key, r.value FROM json_each(templates.definition, '$.limitingRules') r
        WHERE coalesce(json_extract(r.value, '$.question.key'), '') NOT IN ${OLD_KEYS}
        ORDER BY k
      )
    )))
    WHERE EXISTS (SELECT 1 FROM json_each(definition, '$.limitingRules') r WHERE json_extract(r.value, '$.question.key') IN ${OLD_KEYS});

    UPDATE templates SET definition = json_set(definition,
      '$.sections', json((
        SELECT json_group_array(json(json_set(s.value, '$.questions', json((
          SELECT json_group_array(json(q.value)) FROM json_each(s.value, '$.questions') q WHERE json_extract(q.value, '$.key') NOT IN ${OLD_KEYS}
        )))))
        FROM json_each(templates.definition, '$.sections') s
      )),
      '$.auditQuestions', json_array(json_object('key', 'left_at_risk', 'text', '${RISK_TEXT}'))
    )
    WHERE EXISTS (SELECT 1 FROM json_each(definition, '$.sections') s, json_each(s.value, '$.questions') q WHERE json_extract(q.value, '$.key') IN ${OLD_KEYS});

    CREATE TRIGGER templates_published_frozen BEFORE UPDATE OF definition, name, key, version ON templates
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'a published template version cannot be changed'); END;
  `,
};
