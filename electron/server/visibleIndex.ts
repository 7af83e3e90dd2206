/**
 * Which entities an auditor's pull has to consider, without walking the whole team's state on
 * every pull (it was most of a pull's time with 80 laptops syncing at once: every row, and a JSON
 * key parse for each audit section, per request).
 *
 * The index keeps hints, maintained as the log view applies each change: which audits,
 * programme allocations and follow-up actions ever named a person as their auditor, and which entities ever named an
 * audit (by their key or an `audit_id` value), a moderation or an action. Hints are only ever
 * added, so the candidates for a person are a superset of what they may see; `visibleEntities`
 * then keeps exactly the live rows that pass the same `visibility` rule as before. So the index
 * can only make a pull faster, never show more: the rule decides, the index only narrows where
 * it looks (test/integration/teamserver.visibleIndex.test.ts compares it with the full walk).
 * A new way for an auditor to see something (a new branch in `visibility`) needs its hint here
 * and a step in that test's random histories, or that auditor's pulls will miss it.
 */
import type { Change } from '../../shared/sync/change';
import { LOCAL_TABLES } from '../../shared/sync/rules';
import { keyParts, type MemoryState, type Row } from '../../shared/sync/state';

type Entity = [table: string, key: string];
const SEP = '\u0000';
const id = (table: string, key: string): string => `${table}${SEP}${key}`;
const unId = (entity: string): Entity => entity.split(SEP) as Entity;

/** Tables every signed-in person sees whole (or decided per row by the rule: templates). */
const WHOLE_TABLES = ['users', 'people', 'teams', 'settings', 'devices', 'templates'];
/** Tables whose rows name their audit in the first part of their key (or an `audit_id` column). */
const KEYED_BY_AUDIT = new Set(['audit_sections', 'audit_answers', 'moderation_unmoderated']);

/** Values a change gives a column: an insert's row, or a set of that one column. */
function valuesOf(change: Change): Row {
  if (change.op === 'insert' && change.value && typeof change.value === 'object') return change.value as Row;
  if (change.op === 'set' && change.column) return { [change.column]: change.value };
  return {};
}

class Hints {
  private readonly map = new Map<string, Set<string>>();
  add(hint: unknown, entity: string): void {
    if (typeof hint !== 'string' || !hint) return;
    let set = this.map.get(hint);
    if (!set) this.map.set(hint, (set = new Set()));
    set.add(entity);
  }
  get(hint: string): ReadonlySet<string> {
    return this.map.get(hint) ?? EMPTY;
  }
}
const EMPTY: ReadonlySet<string> = new Set();

export class VisibleIndex {
  /** person id → audits and programme_cases that ever named them as auditor. */
  private readonly byAuditor = new Hints();
  /** audit id → entities that ever belonged to it (sections, answers, moderations, actions…). */
  private readonly byAudit = new Hints();
  /** moderation id → its grades; action id → its due-date moves. */
  private readonly byModeration = new Hints();
  private readonly byAction = new Hints();
  /** team (lower case) → cases and service-level actions that ever named it; case id → its actions (team scope). */
  private readonly byTeam = new Hints();
  private readonly byCase = new Hints();

  /** Records what one change says (called for every change the view applies). */
  note(change: Change): void {
    if (change.op === 'event' || LOCAL_TABLES.has(change.table)) return;
    const { table, key } = change;
    const values = valuesOf(change);
    const entity = id(table, key);
    switch (table) {
      case 'audits':
        this.byAudit.add(key, entity);
        this.byAuditor.add(values.auditor_id, entity);
        break;
      case 'programme_cases':
        this.byAuditor.add(values.auditor_id, entity);
        break;
      case 'moderation_picks':
        this.byAudit.add(keyParts(key)[1], entity);
        this.byAudit.add(values.audit_id, entity);
        break;
      case 'actions':
        // A follow-up re-audit scheduled for a person: the action and its case are theirs to see.
        this.byAuditor.add(values.follow_up_auditor_id, entity);
        this.byAudit.add(values.audit_id, entity);
        this.byCase.add(values.case_id, entity);
        break;
      case 'cases':
      case 'service_actions':
        // Team scope: a team manager sees their teams' cases (and those cases' actions) and service actions.
        if (typeof values.team === 'string') this.byTeam.add(values.team.toLowerCase(), entity);
        break;
      case 'moderations':
      case 'moderation_flags':
        this.byAudit.add(values.audit_id, entity);
        break;
      case 'moderation_grades':
        this.byModeration.add(keyParts(key)[0], entity);
        this.byModeration.add(values.moderation_id, entity);
        break;
      case 'action_due_moves':
        this.byAction.add(values.action_id, entity);
        break;
      default:
        if (KEYED_BY_AUDIT.has(table)) {
          this.byAudit.add(keyParts(key)[0], entity);
          this.byAudit.add(values.audit_id, entity);
        }
    }
  }

  /**
   * Every live entity an auditor may see, as [table, key]: the candidates from the hints,
   * kept only when the row exists and `visible` (the rule) says so.
   */
  auditorEntities(personId: string, state: MemoryState, visible: (table: string, key: string) => boolean): Entity[] {
    const candidates = new Set<string>();
    for (const table of WHOLE_TABLES) for (const [key] of state.rows(table)) candidates.add(id(table, key));
    for (const entity of this.byAuditor.get(personId)) {
      candidates.add(entity);
      const [table, key] = unId(entity);
      const row = state.row(table, key);
      if (!row) continue;
      if (table === 'programme_cases') {
        const [programmeId, caseId] = keyParts(key);
        candidates.add(id('cases', typeof row.case_id === 'string' ? row.case_id : caseId));
        candidates.add(id('programmes', typeof row.programme_id === 'string' ? row.programme_id : programmeId));
        continue;
      }
      if (typeof row.case_id === 'string') candidates.add(id('cases', row.case_id));
      if (table === 'actions') {
        // A follow-up scheduled for them: the action, its case and the audit it follows (its row only).
        if (typeof row.audit_id === 'string') candidates.add(id('audits', row.audit_id));
        continue;
      }
      // An audit: its case, and everything that ever named it.
      for (const child of this.byAudit.get(key)) {
        candidates.add(child);
        const [childTable, childKey] = unId(child);
        if (childTable === 'moderations') for (const grade of this.byModeration.get(childKey)) candidates.add(grade);
        if (childTable === 'actions') for (const move of this.byAction.get(childKey)) candidates.add(move);
      }
    }
    for (const team of managedTeams(state.row('users', personId))) {
      for (const entity of this.byTeam.get(team)) {
        candidates.add(entity);
        const [table, key] = unId(entity);
        if (table !== 'cases') continue;
        for (const action of this.byCase.get(key)) {
          candidates.add(action);
          for (const move of this.byAction.get(unId(action)[1])) candidates.add(move);
        }
      }
    }
    const out: Entity[] = [];
    for (const entity of candidates) {
      const [table, key] = unId(entity);
      if (state.row(table, key) && visible(table, key)) out.push([table, key]);
    }
    return out;
  }
}

/** The teams a person manages, lower-cased (the rule reads the same `users.manages_teams`). */
function managedTeams(person: Row | undefined): string[] {
  try {
    const list = JSON.parse(typeof person?.manages_teams === 'string' ? person.manages_teams : '[]') as unknown;
    return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase()) : [];
  } catch {
    return [];
  }
}
