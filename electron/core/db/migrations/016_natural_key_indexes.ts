import type { Migration } from './index';

/**
 * Indexes for the natural-key groups (electron/core/sync/duplicates.ts). Migration 014 turned the
 * UNIQUE constraints into duplicate conflicts, and every insert into a table with a natural key
 * then asks for the members of its group by the group's expression (`lower(reference)`,
 * `key || ' v' || version`, …). Only `users` and `moderations` had an index on that expression,
 * so each case inserted scanned every case: a 50,000-row import took about five minutes, growing
 * with the square of the register. These indexes are on exactly the expressions (and conditions)
 * the group queries use, so SQLite can answer each from the index; the relisting of duplicates
 * gets one for its conflicts too.
 */
export const m016: Migration = {
  version: 16,
  name: 'natural key group indexes',
  sql: /* sql */ `
    CREATE INDEX cases_reference_group ON cases (lower(reference));
    CREATE INDEX templates_version_group ON templates ((key || ' v' || version));
    CREATE INDEX moderation_flags_open_group ON moderation_flags ((audit_id || ' ' || kind)) WHERE resolved_at IS NULL;
    CREATE INDEX conflicts_duplicate_group ON conflicts (tbl, col, value) WHERE kind = 'duplicate';
  `,
};
