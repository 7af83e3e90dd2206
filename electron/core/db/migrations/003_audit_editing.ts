import type { Migration } from './index';

/**
 * Audit editing and submission: the optimism warnings shown at submission (kept beside the
 * justification, for the moderator) and the id of the last autosave batch applied, so a retry
 * after a lost reply is recognised instead of being applied twice or reported as a conflict.
 */
export const m003: Migration = {
  version: 3,
  name: 'audit-editing',
  sql: /* sql */ `
    ALTER TABLE audits ADD COLUMN submitted_warnings TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE audits ADD COLUMN last_save_id TEXT;
  `,
};
