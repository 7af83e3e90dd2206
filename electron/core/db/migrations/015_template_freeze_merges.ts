import type { Migration } from './index';

/**
 * A published template version is frozen by the merge rule, not by triggers that refuse merges
 * (docs/decisions.md, "A published template version is frozen by the merge"). The triggers
 * `templates_published_frozen` and `templates_published_no_delete` (006, remade in 009 and 014)
 * also fired while a laptop merged changes from another device, so a QA lead's offline edit of a
 * draft that another laptop had published threw inside sync or a bundle import, and that laptop's
 * sync stuck there for good. They are made again with the same messages, standing aside while a
 * merge runs: `applyChanges` holds the `meta` row 'sync.merging' for the length of its
 * transaction (it never outlives it), and the merge rule keeps the version as published
 * (shared/sync/templateFreeze.ts). Every other write on a laptop is refused as before.
 */
export const m015: Migration = {
  version: 15,
  name: 'template freeze triggers skip merges',
  sql: /* sql */ `
    DROP TRIGGER templates_published_no_delete;
    DROP TRIGGER templates_published_frozen;
    CREATE TRIGGER templates_published_no_delete BEFORE DELETE ON templates
    WHEN OLD.status = 'published' AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'sync.merging')
    BEGIN SELECT RAISE(ABORT, 'a published template version cannot be deleted'); END;
    CREATE TRIGGER templates_published_frozen BEFORE UPDATE OF definition, name, key, version ON templates
    WHEN OLD.status = 'published' AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'sync.merging')
    BEGIN SELECT RAISE(ABORT, 'a published template version cannot be changed'); END;
  `,
};
