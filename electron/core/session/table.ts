import type { Reply } from '../../../shared/api/define';
import type { Person, Principal } from '../../../shared/api/session';
import type { Db } from '../db/open';
import { principalForPerson } from '../policy/principal';

/** Operations whose successful reply signs the caller in as the person it returns. */
const SIGNS_IN = new Set(['session:signIn', 'session:setup']);

/**
 * Who is signed in where, for a transport: one entry per Electron window (webContents id) or per
 * browser tab (its session token). Only the person's id is kept; their principal is read afresh on
 * every call, so a deactivation or a role change takes effect at once. Nothing here is shared
 * between keys: two tabs can be two people.
 */
export class SessionTable<K> {
  private readonly people = new Map<K, string>();

  constructor(private readonly db: () => Db) {}

  /** The caller for this window or tab, or null when nobody is signed in (or they were deactivated). */
  principal(key: K): Principal | null {
    const id = this.people.get(key);
    if (!id) return null;
    const principal = principalForPerson(this.db(), id);
    if (!principal) this.people.delete(key);
    return principal;
  }

  /** Binds or forgets after a reply: signing in (or first-start setup) binds, signing out forgets. */
  afterReply(key: K, op: string, reply: Reply<unknown>): void {
    if (op === 'session:signOut') this.people.delete(key);
    if (!reply.ok) return;
    if (SIGNS_IN.has(op)) this.people.set(key, (reply.value as { person: Person }).person.id);
  }

  forget(key: K): void {
    this.people.delete(key);
  }

  /** Everyone signs out (e.g. when the app switches to another database file). */
  clear(): void {
    this.people.clear();
  }
}
