/**
 * The entity registry: every table declared once — its key, whether it replicates between
 * devices, how it merges, which columns and rows stay on this device, where the history shows its
 * changes, and which visibility predicate decides who may see it. `Tx` refuses a table that is
 * not declared here, so a new feature's table is declared (and its replication decided) before
 * anything can be written to it.
 */
import type * as R from './rows';

/** 'column': last writer wins per column. 'record': every change carries the whole row, so the latest row wins whole. */
export type Granularity = 'column' | 'record';

/** Where a change shows in the history (the audit a section grade belongs to, say). */
export interface Display { entity: string; entityId: string; fieldPrefix?: string }

/**
 * The name of the entity's predicate in `visibleTo(principal)` (electron/core/policy/visibility.ts,
 * written by the people-and-policy work): who may see a row of this table. null for local tables.
 */
export type VisibilityName =
  | 'people' | 'cases' | 'templates' | 'audits' | 'moderations' | 'moderationDraws' | 'moderationFlags'
  | 'actions' | 'programmes' | 'settings';

export interface EntityDef<Row = Record<string, unknown>> {
  table: string;
  /** The key columns; one column's value is the change's key as is, several are a JSON array. */
  key: readonly (keyof Row & string)[];
  replicates: boolean;
  merge: Granularity;
  /** Columns kept on this device only (bookkeeping): written, never recorded, replayed or compared. */
  localColumns?: readonly (keyof Row & string)[];
  /** Values for local columns when a row arrives from another device (those without a default). */
  localFill?: (nowIso: string) => Partial<Row>;
  /** Rows of a replicated table that are this device's own (e.g. who is signed in here). */
  localRow?: (key: string) => boolean;
  visibility: VisibilityName | null;
  /** History grouping for a change made elsewhere; the default is the table and key. */
  display?: (keyValues: string[]) => Display;
  /**
   * An audit's content: once the audit is submitted, its auditor's changes to it lose (see
   * electron/core/sync/rules.ts). Names the audit from the key and which columns are content.
   */
  auditContent?: { auditId: (keyValues: string[]) => string; columns: 'all' | readonly (keyof Row & string)[] };
}

function entity<Row>(def: EntityDef<Row>): EntityDef<Row> {
  return def;
}

export const ENTITIES = {
  meta: entity<R.MetaRow>({ table: 'meta', key: ['key'], replicates: false, merge: 'record', visibility: null }),
  // Sign-in back-off: written directly (never a history row), never replicated.
  sign_in_state: entity<R.SignInStateRow>({ table: 'sign_in_state', key: ['login'], replicates: false, merge: 'record', visibility: null }),
  settings: entity<R.SettingRow>({
    table: 'settings',
    key: ['key'],
    replicates: true,
    merge: 'column',
    visibility: 'settings',
    // Who is signed in on this laptop, and any key starting "local.", are this device's own.
    localRow: (key) => key === 'current_user_id' || key.startsWith('local.'),
  }),
  // The passphrase hash (and its one-time flag) stay on this device: never a history row, never sent.
  users: entity<R.UserRow>({ table: 'users', key: ['id'], replicates: true, merge: 'column', visibility: 'people', localColumns: ['passphrase_hash', 'must_change_passphrase'] }),
  /** Each laptop's bundle-signing public key, registered by a QA lead (exchange bundles); everyone sees it. */
  devices: entity<R.DeviceRow>({ table: 'devices', key: ['id'], replicates: true, merge: 'column', visibility: 'people' }),
  cases: entity<R.CaseRow>({ table: 'cases', key: ['id'], replicates: true, merge: 'column', visibility: 'cases' }),
  templates: entity<R.TemplateRow>({ table: 'templates', key: ['id'], replicates: true, merge: 'record', visibility: 'templates' }),
  audits: entity<R.AuditRow>({
    table: 'audits',
    key: ['id'],
    replicates: true,
    merge: 'column',
    localColumns: ['revision', 'last_save_id', 'updated_at'],
    localFill: (now) => ({ updated_at: now }),
    visibility: 'audits',
    display: ([id]) => ({ entity: 'audit', entityId: id }),
    auditContent: { auditId: ([id]) => id, columns: ['overall_grade', 'key_findings', 'strengths', 'areas', 'feedback'] },
  }),
  audit_sections: entity<R.AuditSectionRow>({
    table: 'audit_sections',
    key: ['audit_id', 'section_key'],
    replicates: true,
    merge: 'column',
    visibility: 'audits',
    display: ([audit, section]) => ({ entity: 'audit', entityId: audit, fieldPrefix: `section.${section}.` }),
    auditContent: { auditId: ([audit]) => audit, columns: 'all' },
  }),
  audit_answers: entity<R.AuditAnswerRow>({
    table: 'audit_answers',
    key: ['audit_id', 'question_key'],
    replicates: true,
    merge: 'column',
    visibility: 'audits',
    display: ([audit, question]) => ({ entity: 'audit', entityId: audit, fieldPrefix: `answer.${question}.` }),
    auditContent: { auditId: ([audit]) => audit, columns: 'all' },
  }),
  moderations: entity<R.ModerationRow>({
    table: 'moderations',
    key: ['id'],
    replicates: true,
    merge: 'column',
    visibility: 'moderations',
    display: ([id]) => ({ entity: 'moderation', entityId: id }),
  }),
  // The auditor's and the moderator's grades are separate columns: both are always kept.
  moderation_grades: entity<R.ModerationGradeRow>({
    table: 'moderation_grades',
    key: ['moderation_id', 'section_key'],
    replicates: true,
    merge: 'column',
    visibility: 'moderations',
    display: ([id, section]) => ({ entity: 'moderation', entityId: id, fieldPrefix: `${section}.` }),
  }),
  moderation_draws: entity<R.ModerationDrawRow>({
    table: 'moderation_draws',
    key: ['id'],
    replicates: true,
    merge: 'record',
    visibility: 'moderationDraws',
    display: ([id]) => ({ entity: 'moderation-draw', entityId: id }),
  }),
  moderation_picks: entity<R.ModerationPickRow>({
    table: 'moderation_picks',
    key: ['draw_id', 'audit_id'],
    replicates: true,
    merge: 'record',
    visibility: 'moderationDraws',
    display: ([draw]) => ({ entity: 'moderation-draw', entityId: draw }),
  }),
  moderation_flags: entity<R.ModerationFlagRow>({
    table: 'moderation_flags',
    key: ['id'],
    replicates: true,
    merge: 'column',
    visibility: 'moderationFlags',
    display: ([id]) => ({ entity: 'moderation-flag', entityId: id }),
  }),
  moderation_unmoderated: entity<R.ModerationUnmoderatedRow>({
    table: 'moderation_unmoderated',
    key: ['audit_id', 'agreed_at'],
    replicates: true,
    merge: 'record',
    visibility: 'audits',
    display: ([audit]) => ({ entity: 'audit', entityId: audit }),
  }),
  actions: entity<R.ActionRow>({
    table: 'actions',
    key: ['id'],
    replicates: true,
    merge: 'column',
    visibility: 'actions',
    display: ([id]) => ({ entity: 'action', entityId: id }),
  }),
  service_actions: entity<R.ServiceActionRow>({
    table: 'service_actions',
    key: ['id'],
    replicates: true,
    merge: 'column',
    visibility: 'actions',
    display: ([id]) => ({ entity: 'service-action', entityId: id }),
  }),
  service_action_due_moves: entity<R.ServiceActionDueMoveRow>({
    table: 'service_action_due_moves',
    key: ['id'],
    replicates: true,
    merge: 'record',
    visibility: 'actions',
    display: ([id]) => ({ entity: 'service-action-move', entityId: id }),
  }),
  action_due_moves: entity<R.ActionDueMoveRow>({ table: 'action_due_moves', key: ['id'], replicates: true, merge: 'record', visibility: 'actions' }),
  programmes: entity<R.ProgrammeRow>({ table: 'programmes', key: ['id'], replicates: true, merge: 'column', visibility: 'programmes' }),
  programme_cases: entity<R.ProgrammeCaseRow>({
    table: 'programme_cases',
    key: ['programme_id', 'case_id'],
    replicates: true,
    merge: 'column',
    visibility: 'programmes',
    display: ([programme, kase]) => ({ entity: 'programmes', entityId: programme, fieldPrefix: `case.${kase}.` }),
  }),
  // Exchange bundles' own bookkeeping (migration 011): this laptop's keys and records, never replicated.
  bundle_device_key: entity<{ device_id: string }>({ table: 'bundle_device_key', key: ['device_id'], replicates: false, merge: 'record', visibility: null }),
  bundle_person_keys: entity<{ person_id: string }>({ table: 'bundle_person_keys', key: ['person_id'], replicates: false, merge: 'record', visibility: null }),
  bundle_pinned_devices: entity<{ device_id: string }>({ table: 'bundle_pinned_devices', key: ['device_id'], replicates: false, merge: 'record', visibility: null }),
  bundle_sent: entity<{ recipient_id: string }>({ table: 'bundle_sent', key: ['recipient_id'], replicates: false, merge: 'record', visibility: null }),
  bundle_received: entity<{ bundle_id: string }>({ table: 'bundle_received', key: ['bundle_id'], replicates: false, merge: 'record', visibility: null }),
  bundle_holds: entity<{ person_id: string; device_id: string; device_seq: number }>({
    table: 'bundle_holds',
    key: ['person_id', 'device_id', 'device_seq'],
    replicates: false,
    merge: 'record',
    visibility: null,
  }),
  bundle_invitations: entity<{ id: string }>({ table: 'bundle_invitations', key: ['id'], replicates: false, merge: 'record', visibility: null }),
  bundle_joined: entity<{ invitation_id: string }>({ table: 'bundle_joined', key: ['invitation_id'], replicates: false, merge: 'record', visibility: null }),
} as const;

export type TableName = keyof typeof ENTITIES;
type AnyDef = EntityDef<Record<string, unknown>>;
const BY_NAME = ENTITIES as unknown as Record<string, AnyDef | undefined>;

/** The declaration of a table, or a clear error naming where to declare it. */
export function entityOf(table: string): AnyDef {
  const def = BY_NAME[table];
  if (!def) throw new Error(`The table "${table}" is not declared in the entity registry (electron/core/entities/registry.ts): declare its key, whether it replicates and how it merges before writing to it.`);
  return def;
}

export const isDeclared = (table: string): boolean => BY_NAME[table] !== undefined;

/** Every replicated table, sorted by name (the order state hashes and replays use). */
export function replicatedEntities(): AnyDef[] {
  return Object.values(BY_NAME).filter((d): d is AnyDef => !!d && d.replicates).sort((a, b) => (a.table < b.table ? -1 : 1));
}

/** The change key of a row: its id, or a JSON array of its key columns' values. */
export function keyOf(def: AnyDef, row: Record<string, unknown>): string {
  if (def.key.length === 1) return String(row[def.key[0]]);
  return JSON.stringify(def.key.map((k) => row[k]));
}

/** The key columns' values back from a change key. */
export function keyValues(def: AnyDef, key: string): string[] {
  if (def.key.length === 1) return [key];
  const parsed = JSON.parse(key) as unknown;
  if (!Array.isArray(parsed) || parsed.length !== def.key.length) throw new Error(`Not a key of ${def.table}: ${key}`);
  return parsed.map(String);
}

/** Whether changes to this row are recorded and replicated. */
export function rowReplicates(def: AnyDef, key: string): boolean {
  return def.replicates && !(def.localRow?.(key) ?? false);
}

export function isLocalColumn(def: AnyDef, column: string): boolean {
  return def.localColumns?.includes(column) ?? false;
}

/** Where the history shows a change to this row. */
export function displayOf(def: AnyDef, key: string): Display {
  return def.display ? def.display(keyValues(def, key)) : { entity: def.table, entityId: key };
}
