/** The people bundles are addressed to and sent from, read from the replicated people list. */
import type { CoreContext } from '../context';
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { AppError } from '../errors';
import { localPeople } from './keys';

export interface BundlePerson {
  id: string;
  name: string;
  email: string | null;
  role: 'auditor' | 'moderator' | 'qa-lead';
  active: boolean;
  publicKey: string | null;
}

interface UserRow {
  id: string;
  name: string;
  email: string | null;
  role: BundlePerson['role'];
  active: number;
  public_key: string | null;
}

const toPerson = (r: UserRow): BundlePerson => ({ id: r.id, name: r.name, email: r.email, role: r.role, active: r.active === 1, publicKey: r.public_key });

export function personById(db: Db, id: string): BundlePerson | null {
  const r = prepared(db, 'SELECT id, name, email, role, active, public_key FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return r ? toPerson(r) : null;
}

export function personByEmail(db: Db, email: string): BundlePerson | null {
  const r = prepared(db, 'SELECT id, name, email, role, active, public_key FROM users WHERE lower(email) = lower(?)').get(email.trim()) as UserRow | undefined;
  return r ? toPerson(r) : null;
}

/** Everyone on the people list with an email, for the "send to" choices. */
export function everyone(db: Db): BundlePerson[] {
  return (prepared(db, 'SELECT id, name, email, role, active, public_key FROM users WHERE email IS NOT NULL ORDER BY name').all() as UserRow[]).map(toPerson);
}

/**
 * The person this laptop works for in bundles: the signed-in person in the app; for the command
 * line, the person whose bundle key is on this laptop (the one who joined it), else the only QA
 * lead of a standalone database.
 */
export function laptopPerson(ctx: CoreContext): BundlePerson {
  const principal = ctx.principal;
  if (principal && principal.kind === 'person') {
    const p = personById(ctx.db, principal.id);
    if (p) return p;
  }
  const withKeys = localPeople(ctx.db);
  if (withKeys.length > 0) {
    const p = personById(ctx.db, withKeys[0]);
    if (p) return p;
  }
  const leads = prepared(ctx.db, "SELECT id FROM users WHERE role = 'qa-lead' AND active = 1").all() as { id: string }[];
  if (leads.length === 1) return personById(ctx.db, leads[0].id)!;
  throw new AppError(
    'VALIDATION',
    'This laptop does not belong to anyone yet for bundles: join the team with an invitation (plumbline bundle join), or start a standalone database.',
  );
}
