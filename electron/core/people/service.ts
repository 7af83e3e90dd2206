import type { Person, Role } from '../../../shared/api/session';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { newId, write, type Tx } from '../write';
import { assertAcceptablePassphrase, hashPassphrase, storePassphraseHash } from './passphrase';
import { activeQaLeads, getPerson, personByEmail } from './queries';

export interface NewPerson {
  name: string;
  email: string;
  role: Role;
  teams: string[];
  agency: string | null;
}

const target = (id: string) => ({ entity: 'person', entityId: id });

function assertEmailFree(ctx: CoreContext, email: string, exceptId?: string): void {
  const other = personByEmail(ctx.db, email);
  if (other && other.id !== exceptId) {
    throw new AppError('CONFLICT', `${other.name} already signs in as ${other.email}; each person needs their own email address.`);
  }
}

/** Inserts a person inside a write (no passphrase: that is stored separately, outside the history). */
export function insertPerson(tx: Tx, person: NewPerson): string {
  const id = newId();
  tx.insert(
    'users',
    {
      id,
      name: person.name,
      email: person.email.toLowerCase(),
      role: person.role,
      job_title: '',
      manages_teams: JSON.stringify(person.teams),
      agency: person.agency || null,
      active: 1,
      created_at: tx.at,
      updated_at: tx.at,
    },
    target(id),
  );
  return id;
}

/**
 * Adds a person. A passphrase given by the QA lead is one-time (the person must choose their
 * own at first sign-in); `ownPassphrase` is for the first QA lead and the command line.
 */
export async function addPerson(ctx: CoreContext, input: NewPerson & { passphrase?: string }, options: { ownPassphrase?: boolean } = {}): Promise<Person> {
  assertEmailFree(ctx, input.email);
  let hashed: string | null = null;
  if (input.passphrase !== undefined) {
    assertAcceptablePassphrase(input.passphrase);
    hashed = await hashPassphrase(input.passphrase);
  }
  const id = write(ctx, (tx) => {
    assertEmailFree(ctx, input.email); // again inside the transaction: hashing took a while
    const personId = insertPerson(tx, input);
    if (hashed) {
      storePassphraseHash(ctx, personId, hashed, !options.ownPassphrase);
      tx.event(target(personId), options.ownPassphrase ? 'passphrase-set' : 'one-time-passphrase-set', { by: ctx.actor().name });
    }
    return personId;
  });
  return getPerson(ctx.db, id);
}

function assertKeepsAQaLead(ctx: CoreContext, person: Person, change: string): void {
  if (person.role === 'qa-lead' && person.active && activeQaLeads(ctx.db) <= 1) {
    throw new AppError('CONFLICT', `${person.name} is the only active QA lead, so they cannot be ${change}. Add or promote another QA lead first.`);
  }
}

export function updatePerson(ctx: CoreContext, input: { id: string; name?: string; email?: string; role?: Role; teams?: string[]; agency?: string | null }): Person {
  const person = getPerson(ctx.db, input.id);
  if (input.email !== undefined) assertEmailFree(ctx, input.email, person.id);
  if (input.role !== undefined && input.role !== 'qa-lead') assertKeepsAQaLead(ctx, person, `made ${input.role === 'auditor' ? 'an auditor' : 'a moderator'}`);
  const patch: Record<string, unknown> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.email !== undefined) patch.email = input.email.toLowerCase();
  if (input.role !== undefined) patch.role = input.role;
  if (input.teams !== undefined) patch.manages_teams = JSON.stringify(input.teams);
  if (input.agency !== undefined) patch.agency = input.agency || null;
  write(ctx, (tx) => {
    if (Object.keys(patch).length > 0) tx.update('users', { id: person.id }, { ...patch, updated_at: tx.at }, target(person.id));
  });
  return getPerson(ctx.db, person.id);
}

/** Deactivated people cannot sign in (their open sessions end at their next call); their history stays. */
export function setActive(ctx: CoreContext, id: string, active: boolean): Person {
  const person = getPerson(ctx.db, id);
  if (!active) {
    if (ctx.principal?.id === person.id) throw new AppError('CONFLICT', 'You cannot deactivate yourself; ask another QA lead.');
    assertKeepsAQaLead(ctx, person, 'deactivated');
  }
  write(ctx, (tx) => tx.update('users', { id }, { active: active ? 1 : 0, updated_at: tx.at }, target(id)));
  return getPerson(ctx.db, id);
}

/** For someone who forgot theirs: recorded (never the passphrase); they must choose their own at next sign-in. */
export async function setOneTimePassphrase(ctx: CoreContext, id: string, passphrase: string): Promise<Person> {
  const person = getPerson(ctx.db, id);
  assertAcceptablePassphrase(passphrase);
  const hashed = await hashPassphrase(passphrase);
  write(ctx, (tx) => {
    storePassphraseHash(ctx, person.id, hashed, true);
    tx.event(target(person.id), 'one-time-passphrase-set', { by: ctx.actor().name });
  });
  return getPerson(ctx.db, id);
}
