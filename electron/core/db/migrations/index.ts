import { m001 } from './001_foundation';
import { m002 } from './002_cases_audits';
import { m003 } from './003_audit_editing';
import { m004 } from './004_moderation';
import { m005 } from './005_actions';
import { m006 } from './006_programmes';
import { m007 } from './007_people';
import { m008 } from './008_change_log';
import { m009 } from './009_moderation_rules';
import { m011 } from './011_bundle_keys';
import { m012 } from './012_both_agree_service_findings';
import { m014 } from './014_natural_keys';
import { m015 } from './015_template_freeze_merges';
import { m016 } from './016_natural_key_indexes';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Every migration. Append yours to the list (the runner orders them by number and refuses a
 * number used twice). Never edit a migration that has shipped: the ledger in each file keeps
 * the SHA-256 of every migration's SQL, and a file whose applied migrations differ is refused.
 */
export const MIGRATIONS: Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m011, m012, m014, m015, m016];

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
