import type { SyncPrincipal } from '../../shared/sync/rules';
import { PEOPLE_TABLES } from '../../shared/sync/rules';
import type { Row, SyncState } from '../../shared/sync/state';

/** A person as the server knows them: from the replicated people rows in its log. */
export interface ServerPerson extends SyncPrincipal {
  name: string;
  email: string;
  active: boolean;
}

const ROLES = new Set(['auditor', 'moderator', 'qa-lead']);

function toPerson(id: string, r: Row): ServerPerson | null {
  const role = String(r.role ?? '');
  if (!ROLES.has(role)) return null;
  const inactive = r.active === 0 || r.active === false || (r.disabled_at !== undefined && r.disabled_at !== null) || r.status === 'disabled' || r.status === 'left';
  return {
    id,
    role: role as ServerPerson['role'],
    name: String(r.name ?? ''),
    email: String(r.email ?? ''),
    active: !inactive,
  };
}

export function personById(state: SyncState, id: string): ServerPerson | null {
  for (const table of PEOPLE_TABLES) {
    const r = state.row(table, id);
    if (r) return toPerson(id, r);
  }
  return null;
}

/** The person whose email (case-insensitive) is `login`. */
export function personByLogin(state: SyncState, login: string): ServerPerson | null {
  const wanted = login.trim().toLowerCase();
  for (const table of PEOPLE_TABLES) {
    for (const [id, r] of state.rows(table)) {
      if (typeof r.email === 'string' && r.email.trim().toLowerCase() === wanted) return toPerson(id, r);
    }
  }
  return null;
}
