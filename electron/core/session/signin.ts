import { formatUkDate, londonDate } from '../../../shared/domain/dates';
import type { Person } from '../../../shared/api/session';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { assertAcceptablePassphrase, hashPassphrase, passphraseMatches, storePassphraseHash } from '../people/passphrase';
import { getPerson, isFirstStart, passphraseHashOf, personByEmail } from '../people/queries';
import { addPerson } from '../people/service';
import { principalForPerson, principalOf, withPrincipal } from '../policy/principal';
import { laptopOwner } from '../teamsync/owner';
import { prepared, write } from '../write';

/** Failures in a row allowed before the wait starts; each further failure doubles it. */
export const FREE_FAILURES = 5;
const FIRST_WAIT_SECONDS = 30;
const LONGEST_WAIT_SECONDS = 24 * 60 * 60;

interface SignInState { failures: number; next_allowed_at: string | null }

const stateOf = (ctx: CoreContext, login: string): SignInState =>
  (prepared(ctx.db, 'SELECT failures, next_allowed_at FROM sign_in_state WHERE login = ?').get(login) as SignInState | undefined) ?? { failures: 0, next_allowed_at: null };

/** The wait after this many failures in a row: none for the first five, then 30 s, 60 s, 120 s… (at most a day). */
export function waitAfter(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (failures - FREE_FAILURES - 1));
}

function describeWait(ctx: CoreContext, until: Date): string {
  const seconds = Math.max(1, Math.ceil((until.getTime() - ctx.now().getTime()) / 1000));
  const span = seconds < 90 ? `${seconds} seconds` : seconds < 5400 ? `${Math.ceil(seconds / 60)} minutes` : `${Math.ceil(seconds / 3600)} hours`;
  const time = until.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return `${span} (at ${time} on ${formatUkDate(londonDate(until))})`;
}

/**
 * Local bookkeeping (this laptop's own, never replicated, not a history row): failures in a row
 * and when the next try is allowed. Kept in the database so that a restart does not reset it.
 */
function recordFailure(ctx: CoreContext, login: string): SignInState {
  const failures = stateOf(ctx, login).failures + 1;
  const wait = waitAfter(failures);
  const next = wait ? new Date(ctx.now().getTime() + wait * 1000).toISOString() : null;
  prepared(
    ctx.db,
    `INSERT INTO sign_in_state (login, failures, next_allowed_at, last_failure_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (login) DO UPDATE SET failures = excluded.failures, next_allowed_at = excluded.next_allowed_at, last_failure_at = excluded.last_failure_at`,
  ).run(login, failures, next, ctx.now().toISOString());
  return { failures, next_allowed_at: next };
}

const clearFailures = (ctx: CoreContext, login: string) => prepared(ctx.db, 'DELETE FROM sign_in_state WHERE login = ?').run(login);

const NO_MATCH = 'That email address and passphrase do not match. Check both and try again; your QA lead can set a one-time passphrase if you have forgotten yours.';

/** Signs a person in by email and passphrase, with the persisted back-off; every outcome is in the history. */
export async function signIn(ctx: CoreContext, login: string, passphrase: string): Promise<Person> {
  const email = login.trim().toLowerCase();
  const state = stateOf(ctx, email);
  if (state.next_allowed_at && new Date(state.next_allowed_at) > ctx.now()) {
    throw new AppError('LOCKED_OUT', `Too many wrong passphrases for ${email}. Wait ${describeWait(ctx, new Date(state.next_allowed_at))}, then try again.`);
  }
  const person = personByEmail(ctx.db, email);
  const ok = await passphraseMatches(person?.passphraseHash ?? null, passphrase);
  if (!ok || !person) {
    const after = recordFailure(ctx, email);
    write(ctx, (tx) => tx.event({ entity: person ? 'person' : 'sign-in', entityId: person?.id ?? email }, 'sign-in-failed', { login: email, failuresInARow: after.failures }));
    const wait = after.next_allowed_at ? ` Wait ${describeWait(ctx, new Date(after.next_allowed_at))} before trying again.` : '';
    throw new AppError('PASSPHRASE', NO_MATCH + wait);
  }
  if (!person.active) {
    write(ctx, (tx) => tx.event({ entity: 'person', entityId: person.id }, 'sign-in-refused', { login: email, reason: 'deactivated' }));
    throw new AppError('FORBIDDEN', `${person.name}'s account has been deactivated, so it cannot sign in. Ask your QA lead if this is a mistake.`);
  }
  // A joined laptop is its person's: anyone else's changes here would be refused by the team server and block its queue.
  const owner = laptopOwner(ctx.db);
  if (owner && owner.id !== person.id) {
    throw new AppError('FORBIDDEN', `This laptop belongs to ${owner.name}, so only they sign in here. ${person.name}, sign in on your own laptop (or join the team from a new one).`);
  }
  clearFailures(ctx, email);
  const principal = principalForPerson(ctx.db, person.id)!;
  write(withPrincipal(ctx, principal), (tx) => tx.event({ entity: 'person', entityId: person.id }, 'sign-in', { transport: null }));
  return getPerson(ctx.db, person.id);
}

export function signOut(ctx: CoreContext): void {
  const who = ctx.principal;
  if (who?.kind !== 'person') return;
  write(ctx, (tx) => tx.event({ entity: 'person', entityId: who.id }, 'sign-out'));
}

/** After the idle lock: the signed-in person's passphrase again (failures count as for sign-in). */
export async function unlock(ctx: CoreContext, passphrase: string): Promise<Person> {
  const who = principalOf(ctx);
  if (who.kind !== 'person' || !who.email) throw new AppError('VALIDATION', 'Only a signed-in person can unlock.');
  return signIn(ctx, who.email, passphrase);
}

export async function changePassphrase(ctx: CoreContext, current: string, next: string): Promise<Person> {
  const who = principalOf(ctx);
  if (who.kind !== 'person') throw new AppError('VALIDATION', 'The command line has no passphrase of its own.');
  if (!(await passphraseMatches(passphraseHashOf(ctx.db, who.id), current))) {
    write(ctx, (tx) => tx.event({ entity: 'person', entityId: who.id }, 'passphrase-change-failed'));
    throw new AppError('PASSPHRASE', 'Your current passphrase is not right, so it was not changed.');
  }
  if (next === current) throw new AppError('VALIDATION', 'Choose a passphrase different from the current one.');
  assertAcceptablePassphrase(next);
  const hashed = await hashPassphrase(next);
  write(ctx, (tx) => {
    storePassphraseHash(ctx, who.id, hashed, false);
    tx.event({ entity: 'person', entityId: who.id }, 'passphrase-changed');
  });
  return getPerson(ctx.db, who.id);
}

/** First start of a standalone database: its first person is its QA lead (refused once anyone can sign in). */
export async function setupFirstQaLead(ctx: CoreContext, input: { name: string; email: string; passphrase: string }): Promise<Person> {
  if (!isFirstStart(ctx.db)) throw new AppError('CONFLICT', 'This database already has people; sign in, or ask its QA lead to add you.');
  if (prepared(ctx.db, "SELECT value FROM meta WHERE key = 'demo'").get()) throw new AppError('CONFLICT', 'This is a demo database; a standalone database is a separate file.');
  const person = await addPerson(ctx, { name: input.name, email: input.email, role: 'qa-lead', teams: [], agency: null, passphrase: input.passphrase }, { ownPassphrase: true });
  write(withPrincipal(ctx, principalForPerson(ctx.db, person.id)), (tx) => tx.event({ entity: 'person', entityId: person.id }, 'sign-in', { firstStart: true }));
  return person;
}
