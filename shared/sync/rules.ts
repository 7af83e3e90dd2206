import type { Change } from './change';
import { keyParts, type Row, type SyncState } from './state';
import { frozenTemplateProblem, TEMPLATES_TABLE } from './templateFreeze';

/**
 * Who may make and who may see each replicated change: the pure rules that the team server applies
 * to every push and pull, and that laptops and exchange bundles reuse on what they receive.
 * They read the current replicated state (before the change) through `SyncState`. Pure.
 */
export interface SyncPrincipal {
  id: string;
  role: 'auditor' | 'moderator' | 'qa-lead';
}

export type Verdict = { ok: true } | { ok: false; status: 403 | 409; reason: string };
const OK: Verdict = { ok: true };
const forbid = (reason: string): Verdict => ({ ok: false, status: 403, reason });
const conflict = (reason: string): Verdict => ({ ok: false, status: 409, reason });

/** How the command line names itself on changes it makes with no person behind it: "command line (<OS user>)". */
export const COMMAND_LINE_PREFIX = 'command line (';

/** Tables that are bookkeeping on one laptop and never leave it. */
export const LOCAL_TABLES = new Set(['meta', 'history', 'sessions', 'sync_state', 'sign_in_state', 'change_clock']);
/** Settings rows that are one laptop's own (who is signed in there, anything "local."). */
export const isLocalSetting = (table: string, key: string): boolean => table === 'settings' && (key === 'current_user_id' || key.startsWith('local.'));
/** Tables of people: everyone sees names and roles; secrets go to their own person only. */
export const PEOPLE_TABLES = new Set(['users', 'people']);
/** Columns that carry a person's sign-in secret (only that person's devices receive them). */
export const SECRET_COLUMNS = new Set(['passphrase_hash', 'passphrase', 'password_hash']);
/** Tables the QA lead manages (sampling, allocation, templates, people). */
const LEAD_TABLES = new Set(['cases', 'programmes', 'programme_cases', 'templates', 'teams']);
/** Moderation records: moderators and QA leads write them. */
const MODERATION_TABLES = new Set(['moderations', 'moderation_grades', 'moderation_draws', 'moderation_picks', 'moderation_flags', 'moderation_unmoderated']);
/** "Both agree": what an audit's own auditor writes on its agreed moderation (acknowledge, or ask once to reconsider). */
const AUDITOR_MODERATION_COLUMNS = new Set(['auditor_agreed_at', 'reconsider_reason', 'reconsider_requested_at']);
/** What the auditor a follow-up re-audit is scheduled for writes on the action when they start it. */
const FOLLOW_UP_START_COLUMNS = new Set(['follow_up_audit_id', 'updated_at']);
/** What an auditor may still change on their own audit. */
const EDITABLE_STATUSES = new Set(['draft', 'returned']);
/** Audit columns a moderator changes while moderating (status and why it was returned). */
const MODERATOR_AUDIT_COLUMNS = new Set(['status', 'returned_reason', 'updated_at']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The row as it would be after this change (for inserts, the new row; else current merged with the value). */
function after(change: Change, before: Row | undefined): Row {
  if (change.op === 'insert') return (change.value ?? {}) as Row;
  if (change.op === 'set' && change.column) return { ...(before ?? {}), [change.column]: change.value };
  return before ?? {};
}

/** The audit a row belongs to, when it belongs to one. */
export function auditIdOf(table: string, key: string, row: Row | undefined, state: SyncState): string | undefined {
  const parts = keyParts(key);
  switch (table) {
    case 'audits':
      return key;
    case 'audit_sections':
    case 'audit_answers':
    case 'moderation_unmoderated':
      return str(row?.audit_id) ?? parts[0];
    case 'moderations':
    case 'moderation_flags':
    case 'actions':
      return str(row?.audit_id) ?? str(state.row(table, key)?.audit_id);
    case 'moderation_picks':
      return str(row?.audit_id) ?? parts[1];
    case 'moderation_grades': {
      const moderationId = str(row?.moderation_id) ?? parts[0];
      return str(state.row('moderations', moderationId)?.audit_id);
    }
    case 'action_due_moves': {
      const actionId = str(row?.action_id) ?? str(state.row(table, key)?.action_id);
      return actionId ? str(state.row('actions', actionId)?.audit_id) : undefined;
    }
    default:
      return undefined;
  }
}

/** A QA lead's change to a template version: refused only when made knowing it was published (templateFreeze.ts). */
function templateVerdict(change: Change, state: SyncState): Verdict {
  const row = state.row(change.table, change.key);
  const label = row ? `template ${String(row.name)}, version ${String(row.version)}` : `template ${change.key}`;
  const frozen = frozenTemplateProblem(change, state.publishedAt?.(change.table, change.key) ?? null, label);
  return frozen ? conflict(frozen) : OK;
}

/** Whether `principal` may make `change`, given the state before it. */
export function canWrite(principal: SyncPrincipal, change: Change, state: SyncState): Verdict {
  const where = `${change.table} ${change.key}`;
  if (change.personId !== principal.id) return forbid(`change ${change.deviceSeq} (${where}) was not made by the person signed in on this device`);
  if (LOCAL_TABLES.has(change.table) || isLocalSetting(change.table, change.key)) return forbid(`change ${change.deviceSeq} touches ${change.table}, which stays on the laptop`);
  if (principal.role === 'qa-lead') return change.table === TEMPLATES_TABLE ? templateVerdict(change, state) : OK;
  if (change.op === 'event') return OK;

  const before = state.row(change.table, change.key);
  const next = after(change, before);

  if (PEOPLE_TABLES.has(change.table)) {
    const ownSecret = change.key === principal.id && change.op === 'set' && change.column !== null && SECRET_COLUMNS.has(change.column);
    return ownSecret ? OK : forbid(`only a QA lead can change people (${where})`);
  }
  if (LEAD_TABLES.has(change.table)) return forbid(`only a QA lead can change ${change.table} (${where})`);

  if (MODERATION_TABLES.has(change.table)) {
    if (change.table === 'moderations' && change.op === 'set' && AUDITOR_MODERATION_COLUMNS.has(change.column ?? '')) {
      const audit = before ? state.row('audits', String(before.audit_id)) : undefined;
      if (audit && audit.auditor_id === principal.id) return OK;
    }
    if (principal.role !== 'moderator') return forbid(`moderation is for moderators and QA leads: an auditor cannot change ${change.table} (${where})`);
    if (change.table === 'moderations') {
      const moderator = str(before?.moderator_id) ?? str(next.moderator_id);
      if (moderator !== principal.id || str(next.moderator_id) !== principal.id) return forbid(`${where} is another moderator's moderation`);
    }
    const auditId = auditIdOf(change.table, change.key, next, state);
    const audit = auditId ? state.row('audits', auditId) : undefined;
    if (audit && audit.auditor_id === principal.id) return forbid(`you cannot moderate your own audit (${auditId})`);
    return OK;
  }

  if (change.table === 'audits') {
    const owner = str(before?.auditor_id) ?? str(next.auditor_id);
    if (owner !== principal.id || str(next.auditor_id) !== principal.id) {
      if (principal.role === 'moderator' && before && !EDITABLE_STATUSES.has(String(before.status)) && change.op === 'set' && MODERATOR_AUDIT_COLUMNS.has(change.column ?? '')) return OK;
      return forbid(`audit ${change.key} is another auditor's`);
    }
    if (before && !EDITABLE_STATUSES.has(String(before.status))) return conflict(`audit ${change.key} was submitted (${String(before.status)}): it is frozen for its auditor`);
    if (change.op === 'delete') return forbid(`audits are never deleted (${change.key})`);
    if (change.op === 'set' && change.column === 'status' && !['draft', 'submitted'].includes(String(change.value))) {
      return forbid(`an auditor cannot set audit ${change.key} to ${String(change.value)}`);
    }
    return OK;
  }

  if (change.table === 'audit_sections' || change.table === 'audit_answers') {
    const auditId = auditIdOf(change.table, change.key, next, state);
    const audit = auditId ? state.row('audits', auditId) : undefined;
    if (!audit || audit.auditor_id !== principal.id) return forbid(`${where} belongs to another auditor's audit`);
    if (!EDITABLE_STATUSES.has(String(audit.status))) return conflict(`audit ${auditId} was submitted (${String(audit.status)}): it is frozen for its auditor`);
    return OK;
  }

  if (change.table === 'actions' || change.table === 'action_due_moves') {
    if (principal.role === 'moderator') return OK;
    // A follow-up re-audit scheduled for this person: starting it links their draft to the action.
    if (change.table === 'actions' && change.op === 'set' && FOLLOW_UP_START_COLUMNS.has(change.column ?? '') && before?.follow_up_auditor_id === principal.id) return OK;
    const auditId = auditIdOf(change.table, change.key, next, state);
    const audit = auditId ? state.row('audits', auditId) : undefined;
    if (audit && audit.auditor_id === principal.id) return OK;
    return forbid(`${where} is an action on another auditor's audit`);
  }

  // Service-level findings (what the service must improve): moderators and QA leads raise and track them.
  if (change.table === 'service_actions' || change.table === 'service_action_due_moves') {
    return principal.role === 'moderator' ? OK : forbid(`only moderators and QA leads raise and track service-level findings (${where})`);
  }

  return forbid(`only a QA lead can change ${change.table} (${where})`);
}

/** Cases and programmes allocated to an auditor (from programme_cases). */
function allocations(principal: SyncPrincipal, state: SyncState): { cases: Set<string>; programmes: Set<string>; followed: Set<string>; teams: Set<string>; teamCases: Set<string> } {
  const cases = new Set<string>();
  const programmes = new Set<string>();
  const followed = new Set<string>();
  const theirs = (table: string, column: string): Iterable<[string, Row]> => (state.rowsWhere ? state.rowsWhere(table, column, principal.id) : state.rows(table));
  for (const [key, row] of theirs('programme_cases', 'auditor_id')) {
    if (row.auditor_id !== principal.id) continue;
    const [programmeId, caseId] = keyParts(key);
    cases.add(str(row.case_id) ?? caseId);
    programmes.add(str(row.programme_id) ?? programmeId);
  }
  for (const [, row] of theirs('audits', 'auditor_id')) {
    if (row.auditor_id === principal.id && typeof row.case_id === 'string') cases.add(row.case_id);
  }
  // Follow-up re-audits scheduled for them: the case is theirs to audit, and the audit it follows
  // (its row only: the re-audit links to it, and the grade before is read from it).
  for (const [, row] of theirs('actions', 'follow_up_auditor_id')) {
    if (row.follow_up_auditor_id !== principal.id) continue;
    if (typeof row.case_id === 'string') cases.add(row.case_id);
    if (typeof row.audit_id === 'string') followed.add(row.audit_id);
  }
  // Team scope: a team manager who audits sees the cases of the teams they manage (the case, not
  // other auditors' audits of it). Read from their own people row, so the server and every laptop
  // apply the same teams.
  const teams = teamsOf(state.row('users', principal.id));
  const teamCases = new Set<string>();
  if (teams.size) {
    for (const [key, row] of state.rows('cases')) {
      if (typeof row.team === 'string' && teams.has(row.team.toLowerCase())) {
        cases.add(key);
        teamCases.add(key);
      }
    }
  }
  return { cases, programmes, followed, teams, teamCases };
}

/** The teams a person manages (`users.manages_teams`, a JSON list), lower-cased. */
function teamsOf(person: Row | undefined): Set<string> {
  const raw = person?.manages_teams;
  if (typeof raw !== 'string') return new Set();
  try {
    const list = JSON.parse(raw) as unknown;
    return new Set(Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase()) : []);
  } catch {
    return new Set();
  }
}

/**
 * A reusable view of what one person may see: build it once per pull (it indexes their
 * allocations), then ask per entity.
 */
export function visibility(principal: SyncPrincipal, state: SyncState): (table: string, key: string) => boolean {
  if (principal.role === 'qa-lead') return () => true;
  const mine = principal.role === 'auditor' ? allocations(principal, state) : null;
  const ownAudit = (auditId: string | undefined): boolean => !!auditId && state.row('audits', auditId)?.auditor_id === principal.id;
  const submitted = (auditId: string | undefined): boolean => {
    const a = auditId ? state.row('audits', auditId) : undefined;
    return !!a && (a.auditor_id === principal.id || !EDITABLE_STATUSES.has(String(a.status)) || a.status === 'returned');
  };
  const rowRule = (table: string, key: string): boolean => {
    if (LOCAL_TABLES.has(table) || isLocalSetting(table, key)) return false;
    const row = state.row(table, key);
    if (PEOPLE_TABLES.has(table) || table === 'teams' || table === 'settings' || table === 'devices') return true; // devices: every laptop checks bundle signatures
    if (table === 'templates') return row?.status === 'published' || principal.role === 'moderator';
    if (principal.role === 'moderator') {
      // What they moderate and the figures' inputs: everything but other people's unsubmitted drafts.
      const auditId = auditIdOf(table, key, row, state);
      return auditId === undefined ? true : submitted(auditId);
    }
    // An auditor: their allocated cases and programmes, their own audits and everything hanging off them.
    // (The team server finds these through electron/server/visibleIndex.ts: a new branch here needs its hint there.)
    if (table === 'cases') return mine!.cases.has(key);
    if (table === 'programmes') return mine!.programmes.has(key);
    if (table === 'programme_cases') return row?.auditor_id === principal.id;
    if (table === 'moderation_draws' || table === 'moderation_picks' || table === 'moderation_flags') return false;
    if (table === 'actions' && row?.follow_up_auditor_id === principal.id) return true;
    if (table === 'audits' && mine!.followed.has(key)) return true;
    // Team scope: the actions on cases of the teams they manage (their team does them), and the
    // service-level actions owned by those teams.
    if (table === 'actions' && typeof row?.case_id === 'string' && mine!.teamCases.has(row.case_id)) return true;
    if (table === 'action_due_moves') {
      const action = state.row('actions', str(row?.action_id) ?? '');
      if (action && typeof action.case_id === 'string' && mine!.teamCases.has(action.case_id)) return true;
    }
    if (table === 'service_actions' && typeof row?.team === 'string' && mine!.teams.has(row.team.toLowerCase())) return true;
    const auditId = auditIdOf(table, key, row, state);
    return ownAudit(auditId);
  };
  return (table, key) => {
    const event = EVENT_ENTITIES[table];
    if (event === undefined) return rowRule(table, key);
    if (event === OWN) return key === principal.id;
    return event !== LEAD_ONLY && rowRule(event, key);
  };
}

const OWN = Symbol('the person themselves');
const LEAD_ONLY = Symbol('the QA lead only');
/**
 * Events (a submission, a sign-in, an export) name the entity they are about rather than a
 * table. Each follows the record it is about, so an auditor's other laptop receives the events
 * of their own audits and a moderator never those of someone's draft; a person's sign-in record
 * goes to their own laptops; bookkeeping of one laptop (exports, imports, sync) to the QA lead only.
 * The team server offers these alongside the rows (`eventEntitiesFor`).
 */
const EVENT_ENTITIES: Record<string, string | typeof OWN | typeof LEAD_ONLY> = {
  audit: 'audits',
  action: 'actions',
  moderation: 'moderations',
  'moderation-flag': 'moderation_flags',
  'moderation-draw': 'moderation_draws',
  'service-action': 'service_actions',
  person: OWN,
  'sign-in': OWN,
  export: LEAD_ONLY,
  sync: LEAD_ONLY,
  'case-import': LEAD_ONLY,
  'people-import': LEAD_ONLY,
  history: LEAD_ONLY,
};

/**
 * The event entities that go with rows a person may see, as [entity, key] (an audit's events with
 * the audit), and their own sign-in record: what a pull served from an entity list adds to it.
 */
export function eventEntitiesFor(principal: SyncPrincipal, rows: readonly (readonly [string, string])[]): [string, string][] {
  const byTable = new Map<string, string[]>();
  for (const [entity, table] of Object.entries(EVENT_ENTITIES)) if (typeof table === 'string') byTable.set(table, [...(byTable.get(table) ?? []), entity]);
  const out: [string, string][] = [['person', principal.id]];
  for (const [table, key] of rows) for (const entity of byTable.get(table) ?? []) out.push([entity, key]);
  return out;
}

/** Whether a change may be sent to `principal` (visible entity; a secret only to its own person). */
export function canSee(principal: SyncPrincipal, change: Change, state: SyncState, visible = visibility(principal, state)): boolean {
  if (PEOPLE_TABLES.has(change.table) && change.key !== principal.id && carriesSecret(change)) return false;
  return visible(change.table, change.key);
}

/** True when a change holds a sign-in secret (a secret column set, or an inserted row holding one). */
export function carriesSecret(change: Change): boolean {
  if (change.op === 'set') return change.column !== null && SECRET_COLUMNS.has(change.column);
  if (change.op === 'insert' && change.value && typeof change.value === 'object') {
    return Object.keys(change.value).some((c) => SECRET_COLUMNS.has(c) && (change.value as Row)[c] !== null);
  }
  return false;
}
