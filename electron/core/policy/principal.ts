import os from 'node:os';
import type { Principal, Role } from '../../../shared/api/session';
import { COMMAND_LINE_PREFIX } from '../../../shared/sync/rules';
import type { Actor, CoreContext } from '../context';
import { SYSTEM_ACTOR } from '../context';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import { prepared } from '../write';

/** The command line's principal: it holds the database key, so it acts with full rights, under its own name. */
export function cliPrincipal(username = osUser()): Principal {
  return { kind: 'cli', id: `cli:${username}`, name: `${COMMAND_LINE_PREFIX}${username})`, email: null, role: 'qa-lead', teams: [], agency: null };
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown'; // some containers have no passwd entry
  }
}

/** The name and id history rows carry for this principal (the command line has no person id). */
export function actorOf(principal: Principal | null): Actor {
  if (!principal) return SYSTEM_ACTOR;
  if (principal.kind === 'cli') return { id: null, name: principal.name, role: 'system' };
  return { id: principal.id, name: principal.name, role: principal.role };
}

/** A context for one call by this principal (same database, clock and device). */
export function withPrincipal(ctx: CoreContext, principal: Principal | null): CoreContext {
  return { ...ctx, principal, actor: () => actorOf(principal) };
}

/** The caller of an operation that dispatch has already checked is signed in. */
export function principalOf(ctx: CoreContext): Principal {
  if (!ctx.principal) throw new AppError('SIGNED_OUT', 'Sign in first: every change is recorded under your name.');
  return ctx.principal;
}

interface PersonRow { id: string; name: string; email: string | null; role: string; manages_teams: string; agency: string | null; active: number }

/** The principal of a signed-in person, read afresh (null when they no longer exist or were deactivated). */
export function principalForPerson(db: Db, personId: string): Principal | null {
  const row = prepared(db, 'SELECT id, name, email, role, manages_teams, agency, active FROM users WHERE id = ?').get(personId) as PersonRow | undefined;
  if (!row || row.active !== 1) return null;
  return { kind: 'person', id: row.id, name: row.name, email: row.email, role: row.role as Role, teams: JSON.parse(row.manages_teams) as string[], agency: row.agency };
}
