import type { Migration } from './index';

/**
 * The history becomes the change log (issue 15, docs/decisions.md).
 *
 * Rows written before this version (format 1) stay as they are and keep verifying as one chain
 * in `seq` order, by the old rule. From now on every row is a replayable change (format 2):
 * (table, key, column, value) with a hybrid logical clock time, chained per device — each
 * device's rows link to that device's previous row, so changes received from other devices are
 * stored with their original hashes. The display columns (entity, field, old value) stay for the
 * history screens; the hashed fields are the change's own (shared/sync/change.ts).
 *
 * The device's old identity chained the old rows; the device starts its new chain under a new
 * id (written on the next open), and its first change names the old chain's head, so the two
 * chains stay linked. `change_clock` holds, per (table, key, column), the time of the value the
 * table holds (column '' is the row's tombstone); `conflicts` lists concurrent edits that lost.
 */
export const m008: Migration = {
  version: 8,
  name: 'change-log',
  sql: /* sql */ `
    ALTER TABLE history ADD COLUMN format INTEGER NOT NULL DEFAULT 1 CHECK (format IN (1, 2));
    ALTER TABLE history ADD COLUMN hlc TEXT;
    ALTER TABLE history ADD COLUMN kind TEXT CHECK (kind IN ('insert', 'set', 'delete', 'event'));
    ALTER TABLE history ADD COLUMN tbl TEXT;
    ALTER TABLE history ADD COLUMN row_key TEXT;
    ALTER TABLE history ADD COLUMN col TEXT;
    ALTER TABLE history ADD COLUMN base TEXT;
    CREATE INDEX history_cell ON history (tbl, row_key) WHERE format = 2;

    -- Nothing may join the old chain any more: new rows are changes.
    CREATE TRIGGER history_format_1_closed BEFORE INSERT ON history WHEN NEW.format <> 2
    BEGIN SELECT RAISE(ABORT, 'history rows are changes (format 2) since version 8'); END;

    UPDATE meta SET key = 'legacy_device_id' WHERE key = 'device_id' AND EXISTS (SELECT 1 FROM history);

    CREATE TABLE change_clock (
      tbl TEXT NOT NULL,
      row_key TEXT NOT NULL,
      col TEXT NOT NULL,
      hlc TEXT NOT NULL,
      PRIMARY KEY (tbl, row_key, col)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE conflicts (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('concurrent', 'frozen')),
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
    CREATE INDEX conflicts_cell ON conflicts (tbl, row_key, col);
    CREATE INDEX conflicts_open ON conflicts (resolved_at, hlc);
  `,
};
