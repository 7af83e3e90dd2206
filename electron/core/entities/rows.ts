/**
 * The stored shape of every table's row, declared once (columns as SQLite holds them: grades are
 * text '1'…'4'/'na', booleans 0/1, JSON lists as text). Features import these instead of writing
 * their own copies; the registry (./registry.ts) says how each table replicates.
 */
import type { AuditStatus } from '../../../shared/api/audits';

export interface MetaRow { key: string; value: string }
export interface SettingRow { key: string; value: string }

export interface UserRow {
  id: string;
  name: string;
  role: 'auditor' | 'moderator' | 'qa-lead';
  job_title: string;
  /** JSON list of team names. */
  manages_teams: string;
  created_at: string;
  /** Migration 007: the login (unique whatever its case). */
  email: string | null;
  agency: string | null;
  active: 0 | 1;
  /** argon2id hash; local to this device (never recorded or replicated). */
  passphrase_hash: string | null;
  /** Local with the hash: set by a one-time passphrase, cleared when the person chooses their own. */
  must_change_passphrase: 0 | 1;
  /** Reserved for signed bundles. */
  public_key: string | null;
  updated_at: string | null;
}

/** A laptop's Ed25519 bundle-signing public key (base64url), registered to its person by a QA lead. */
export interface DeviceRow {
  id: string;
  person_id: string;
  sign_key: string;
  registered_at: string;
  revoked_at: string | null;
}

/** Migration 007: failed sign-ins in a row per login, this laptop's own bookkeeping (never replicated). */
export interface SignInStateRow {
  login: string;
  failures: number;
  next_allowed_at: string | null;
  last_failure_at: string | null;
}

export interface CaseRow {
  id: string;
  reference: string;
  team: string;
  worker: string;
  case_type: string;
  age_band: string;
  opened_on: string | null;
  closed_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface TemplateRow {
  id: string;
  key: string;
  version: number;
  name: string;
  status: 'draft' | 'published';
  /** JSON TemplateDefinition. */
  definition: string;
  created_at: string;
  published_at: string | null;
  based_on_id: string | null;
  created_by: string | null;
  published_by: string | null;
}

export interface AuditRow {
  id: string;
  case_id: string;
  template_id: string;
  programme_id: string | null;
  auditor_id: string;
  status: AuditStatus;
  /** Local bookkeeping for autosave (not replicated). */
  revision: number;
  overall_grade: string | null;
  key_findings: string;
  /** JSON list of texts. */
  strengths: string;
  /** JSON list of texts. */
  areas: string;
  /** JSON AuditFeedback. */
  feedback: string;
  justification: string;
  returned_reason: string;
  follows_audit_id: string | null;
  created_at: string;
  /** Local: when this copy last changed. */
  updated_at: string;
  submitted_at: string | null;
  /** JSON list of optimism warnings shown at submission. */
  submitted_warnings: string;
  /** Local: the last autosave batch applied. */
  last_save_id: string | null;
}

export interface AuditSectionRow { audit_id: string; section_key: string; grade: string | null; evidence: string }
export interface AuditAnswerRow { audit_id: string; question_key: string; answer: 'yes' | 'partly' | 'no' | 'na' }

export interface ModerationRow {
  id: string;
  audit_id: string;
  audit_revision: number;
  mode: 'open' | 'blind';
  moderator_id: string;
  status: 'grading' | 'reconciling' | 'agreed' | 'returned';
  started_at: string;
  graded_at: string | null;
  finished_at: string | null;
  finished_on: string | null;
  /** JSON list of texts. */
  return_reasons: string;
  moderator_rule_justification: string;
  agreed_rule_justification: string;
  moderator_agreed_at: string | null;
  auditor_agreed_at: string | null;
  reconsider_reason: string;
  reconsider_requested_at: string | null;
  /** The moderator's answer to the request (migration 012). */
  reconsider_answer: 'kept' | 'changed' | null;
  reconsider_answer_rationale: string;
  reconsider_answered_at: string | null;
}

export interface ModerationGradeRow {
  moderation_id: string;
  section_key: string;
  auditor_grade: string | null;
  moderator_grade: string | null;
  moderator_rationale: string;
  moderator_reason: string | null;
  agreed_grade: string | null;
  agreed_rationale: string;
  reason_code: string | null;
  reconciled: 0 | 1;
}

export interface ModerationDrawRow {
  id: string;
  drawn_at: string;
  drawn_by: string | null;
  seed: number;
  share_percent: number;
  /** JSON description of the pool drawn from. */
  pool: string;
  /** JSON list. */
  outside_tolerance: string;
}

export interface ModerationPickRow { draw_id: string; audit_id: string; reason: 'random' | 'auditor-outside-tolerance' }

export interface ModerationFlagRow {
  id: string;
  audit_id: string;
  kind: 'auditor-outside-tolerance';
  message: string;
  draw_id: string | null;
  raised_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string;
}

export interface ModerationUnmoderatedRow { audit_id: string; agreed_at: string; agreed_by: string | null; below_share_reason: string }

export interface ActionRow {
  id: string;
  audit_id: string;
  case_id: string;
  section_key: string | null;
  title: string;
  owner_name: string;
  owner_role: string;
  team: string;
  due_date: string;
  priority: 'high' | 'medium' | 'low';
  status: 'open' | 'done' | 'cancelled' | 'verified';
  due_moves: number;
  done_note: string;
  done_on: string | null;
  done_by: string | null;
  cancel_reason: string;
  cancelled_by: string | null;
  verified_by: string | null;
  verified_by_name: string | null;
  verified_at: string | null;
  verify_note: string;
  follow_up_audit_id: string | null;
  spot_check_requested_at: string | null;
  spot_check_requested_by: string | null;
  spot_check_note: string;
  spot_check_result: 'lasted' | 'not-lasted' | null;
  spot_check_result_note: string;
  spot_check_at: string | null;
  created_by: string | null;
  created_by_name: string;
  created_at: string;
  updated_at: string;
  follow_up_auditor_id: string | null;
  follow_up_on: string | null;
  follow_up_scheduled_by: string | null;
  follow_up_scheduled_at: string | null;
}

/** A finding for a team or the whole service (not one child), raised from an audit or a programme. */
export interface ServiceActionRow {
  id: string;
  audit_id: string | null;
  programme_id: string | null;
  level: 'team' | 'service';
  team: string;
  title: string;
  owner_name: string;
  owner_role: string;
  due_date: string;
  priority: 'high' | 'medium' | 'low';
  status: 'open' | 'done' | 'cancelled';
  done_note: string;
  done_on: string | null;
  cancel_reason: string;
  created_by: string | null;
  created_by_name: string;
  created_at: string;
  updated_at: string;
  /** Migration 012: tracked like actions. */
  due_moves: number;
  done_by: string | null;
  cancelled_by: string | null;
}

export interface ServiceActionDueMoveRow {
  id: string;
  service_action_id: string;
  from_date: string;
  to_date: string;
  reason: string;
  moved_at: string;
  moved_by: string | null;
  moved_by_name: string;
}

export interface ActionDueMoveRow {
  id: string;
  action_id: string;
  from_date: string;
  to_date: string;
  reason: string;
  moved_at: string;
  moved_by: string | null;
  moved_by_name: string;
}

export interface ProgrammeRow {
  id: string;
  name: string;
  type: 'monthly' | 'thematic' | 'multi-agency';
  theme: string;
  /** JSON list. */
  partner_agencies: string;
  template_id: string;
  period_start: string | null;
  period_end: string | null;
  due_date: string | null;
  status: 'planned' | 'open' | 'closed';
  sample_seed: number | null;
  /** JSON sampling options. */
  sample_options: string | null;
  sampled_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProgrammeCaseRow {
  programme_id: string;
  case_id: string;
  auditor_id: string | null;
  partner_auditor: string;
  partner_agency: string;
  chosen_by: 'hand' | 'sample';
  stratum: string;
  included_on_purpose: 0 | 1;
  added_at: string;
}
