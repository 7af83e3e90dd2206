import type { Principal } from '../../../shared/api/session';
import { visibility, type SyncPrincipal } from '../../../shared/sync/rules';
import type { Db } from '../db/open';
import { ENTITIES, type VisibilityName } from '../entities/registry';
import { prepared } from '../write';
import { tableState } from './tableState';

/**
 * What a person may see, in one place.
 *
 * - **Scope and ownership** (`visibleTo(db, principal)`): one predicate per entity of the registry
 *   (`cases`, `audits` with their sections, answers and grades, `moderations`, `actions`,
 *   `programmes` with their allocations, `templates`, `people`, `settings`). It is the team
 *   server's pull filter itself (`visibility` in shared/sync/rules.ts) asked about this laptop's
 *   rows (electron/core/policy/tableState.ts), so what a person reads here and what the server
 *   would send them agree by construction. A QA lead and the command line see everything; a
 *   moderator everything but other people's unsubmitted drafts; an auditor the cases allocated to
 *   them or in the teams they manage, their own audits and their actions, published templates and
 *   their programmes.
 * - **Blind moderation**: while a blind moderation is being graded, nobody but the audit's own
 *   auditor sees the auditor's grades, findings, warnings or overall grade, through any operation.
 *   Reads use `blindHiddenAuditIds` / `hiddenByBlindModeration` (the audit editor, history, case
 *   register, exports).
 *
 * Dispatch passes every reply through both (`screenReply`): an entity the caller may not see is
 * taken out of any list (a reply that *is* one answers NOT_FOUND), and the grade that rides beside
 * a blind-hidden audit's id is blanked, so a new read that forgets the rules still cannot carry
 * anything out. The sweep test calls every operation as every role to hold that.
 */

type Who = Principal | string | null;
const idOf = (who: Who): string | null => (typeof who === 'string' ? who : (who?.id ?? null));

const BLIND_GRADING = `SELECT m.audit_id, a.auditor_id FROM moderations m JOIN audits a ON a.id = m.audit_id
  WHERE m.mode = 'blind' AND m.status = 'grading' AND m.finished_at IS NULL`;

function hasModerations(db: Db): boolean {
  return !!prepared(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'moderations'").get();
}

/** Every audit whose auditor's side must stay hidden from this person (blind grading under way). */
export function blindHiddenAuditIds(db: Db, who: Who): Set<string> {
  if (!hasModerations(db)) return new Set();
  const me = idOf(who);
  const rows = prepared(db, BLIND_GRADING).all() as { audit_id: string; auditor_id: string }[];
  return new Set(rows.filter((r) => r.auditor_id !== me).map((r) => r.audit_id));
}

/** True while a blind moderation of this audit is being graded and this person is not its auditor. */
export function hiddenByBlindModeration(db: Db, auditId: string, who: Who): boolean {
  return blindHiddenAuditIds(db, who).has(auditId);
}

/** Where a reply carries an audit's id, the fields beside it that hold that audit's grades. */
const GRADE_BESIDE_ID: readonly (readonly [idKey: string, gradeKeys: readonly string[]])[] = [
  ['auditId', ['auditOverall', 'overall', 'overallGrade', 'warningCodes', 'warnings']],
  ['followUpAuditId', ['followUpGrade']],
  ['beforeAuditId', ['gradeBefore']],
  ['afterAuditId', ['gradeAfter']],
];

/**
 * Blanks, anywhere in a reply, a grade that sits beside the id of an audit hidden from the caller
 * (e.g. an action's `auditOverall`, a follow-up's `gradeBefore`). Returns the value unchanged when
 * nothing is hidden. Objects are copied, never changed in place.
 */
export function redactHiddenAudits<T>(value: T, hidden: ReadonlySet<string>): T {
  if (hidden.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object' || v instanceof Date) return v;
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) out[k] = walk(inner);
    for (const [idKey, gradeKeys] of GRADE_BESIDE_ID) {
      const id = out[idKey];
      if (typeof id !== 'string' || !hidden.has(id)) continue;
      for (const g of gradeKeys) if (g in out) out[g] = Array.isArray(out[g]) ? [] : null;
    }
    return out;
  };
  return walk(value) as T;
}

/** Tables whose rows are entities with an `id` of their own that a reply may carry (from the registry). */
const ID_ENTITIES = Object.values(ENTITIES).filter((d) => d.replicates && d.visibility && d.key.length === 1 && d.key[0] === 'id' && d.visibility !== 'people' && d.visibility !== 'settings');

export interface Visible {
  /** True for a QA lead and the command line: nothing is out of scope (blind moderation still applies). */
  readonly everything: boolean;
  /** Any registry table by its change key. */
  see(table: string, key: string): boolean;
  cases(id: string): boolean;
  audits(id: string): boolean;
  moderations(id: string): boolean;
  actions(id: string): boolean;
  programmes(id: string): boolean;
  templates(id: string): boolean;
  people(id: string): boolean;
  /** Blind moderation: whether the auditor's side of this audit (grades, findings, warnings, overall) may be shown. */
  auditorSide(auditId: string): boolean;
  /** Every id (of an entity with an id of its own) this person may not see. */
  hiddenIds(): ReadonlySet<string>;
  /** Whether this id is of an entity (with an id of its own) this person may not see: `hiddenIds().has(id)`, asked row by row. */
  isHidden(id: string): boolean;
  /** The ids of one table's rows this person may not see (for a read that filters in SQL, e.g. a paged list). */
  hiddenOf(table: string): string[];
  /** The audits whose auditor's side is hidden from this person now (blind grading under way). */
  readonly blindHidden: ReadonlySet<string>;
}

const byPrincipal = new WeakMap<object, Map<string, Visible>>();

/** One predicate per entity for this person (built once per database state and person). */
export function visibleTo(db: Db, principal: Principal): Visible {
  const state = tableState(db);
  let mine = byPrincipal.get(state);
  if (!mine) byPrincipal.set(state, (mine = new Map()));
  const hit = mine.get(principal.id);
  if (hit) return hit;
  const everything = principal.kind === 'cli' || principal.role === 'qa-lead';
  const who: SyncPrincipal = { id: principal.id, role: principal.role };
  const see = everything ? () => true : visibility(who, state);
  const blind = blindHiddenAuditIds(db, principal);
  let hidden: Set<string> | null = null;
  const asked = new Map<string, boolean>();
  const v: Visible = {
    everything,
    see,
    cases: (id) => see('cases', id),
    audits: (id) => see('audits', id),
    moderations: (id) => see('moderations', id),
    actions: (id) => see('actions', id),
    programmes: (id) => see('programmes', id),
    templates: (id) => see('templates', id),
    people: (id) => see('users', id),
    auditorSide: (auditId) => !blind.has(auditId),
    blindHidden: blind,
    hiddenOf: (table) => {
      if (everything) return [];
      const out: string[] = [];
      for (const [key] of state.rows(table)) if (!see(table, key)) out.push(key);
      return out;
    },
    isHidden: (id) => {
      if (everything) return false;
      if (hidden) return hidden.has(id);
      let answer = asked.get(id);
      if (answer === undefined) {
        answer = ID_ENTITIES.some((def) => state.row(def.table, id) !== undefined && !see(def.table, id));
        asked.set(id, answer);
      }
      return answer;
    },
    hiddenIds: () => {
      if (hidden) return hidden;
      hidden = new Set();
      if (!everything) for (const def of ID_ENTITIES) for (const [key] of state.rows(def.table)) if (!see(def.table, key)) hidden.add(key);
      return hidden;
    },
  };
  mine.set(principal.id, v);
  return v;
}

/** The names of the predicates above, as the registry spells them (a new one must be added here). */
export const PREDICATES: Record<VisibilityName, true> = {
  people: true, cases: true, templates: true, audits: true, moderations: true, moderationDraws: true, moderationFlags: true, actions: true, programmes: true, settings: true,
};

/** The scope of a read for a context: the caller's predicates, or everything for the process itself (no caller). */
export function scopeOf(db: Db, principal: Principal | null): Visible | null {
  return principal ? visibleTo(db, principal) : null;
}

/**
 * The identity of an object in a reply: its own `id`. (An `auditId` or `caseId` beside other
 * fields is a reference, such as a drift reason naming the audit that raised it, not the object
 * itself; reads whose items are keyed that way filter with `visibleTo` themselves.)
 */
function identity(o: Record<string, unknown>): unknown {
  return o.id;
}

/**
 * Takes out of a reply every entity this person may not see: an element of a list is dropped, a
 * nested object becomes null. Returns `{ notFound: true }` when the reply itself is such an entity.
 * `hidden` is the set of hidden ids, or a predicate asked about each id the reply carries (so a
 * reply with a few ids costs a few lookups). Objects are copied, never changed in place; nothing is
 * copied when nothing is hidden.
 */
export function withoutHidden<T>(value: T, hidden: ReadonlySet<string> | ((id: string) => boolean)): { value: T; notFound: boolean } {
  if (typeof hidden !== 'function' && hidden.size === 0) return { value, notFound: false };
  const hides = typeof hidden === 'function' ? hidden : (id: string) => hidden.has(id);
  const isHidden = (v: unknown): boolean => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
    const id = identity(v as Record<string, unknown>);
    return (typeof id === 'string' || typeof id === 'number') && hides(String(id));
  };
  if (isHidden(value)) return { value, notFound: true };
  const carriesHidden = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.some((x) => isHidden(x) || carriesHidden(x));
    if (!v || typeof v !== 'object' || v instanceof Date) return false;
    return Object.values(v).some((inner) => isHidden(inner) || carriesHidden(inner));
  };
  if (!carriesHidden(value)) return { value, notFound: false };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((x) => !isHidden(x)).map(walk);
    if (!v || typeof v !== 'object' || v instanceof Date) return v;
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) out[k] = isHidden(inner) ? null : walk(inner);
    return out;
  };
  return { value: walk(value) as T, notFound: false };
}
