/**
 * A laptop belongs to the person who joined it (issue 15 item 6). What is changed on a joined
 * laptop with no signed-in person behind it (the command line, or the app before anyone signs in,
 * such as a mistyped passphrase) is recorded as that person's, and must be theirs to make: it is
 * checked with the team server's own rules (`canWrite`) before it is stored, so the laptop never
 * keeps a change the server would refuse and block its queue with.
 */
import type { Change } from '../../../shared/sync/change';
import { canWrite, type SyncPrincipal } from '../../../shared/sync/rules';
import { MemoryState, OverlayState } from '../../../shared/sync/state';
import type { Actor } from '../context';
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { AppError } from '../errors';
import { rowToChange, type ChangeRow } from '../sync/log';

export interface LaptopOwner {
  id: string;
  name: string;
  role: SyncPrincipal['role'];
}

/** The person who joined this laptop to a team, or null for a standalone database. */
export function laptopOwner(db: Db): LaptopOwner | null {
  const joined = prepared(db, "SELECT value FROM meta WHERE key = 'sync.person_id'").get() as { value: string } | undefined;
  if (!joined) return null;
  // Until the first pull has brought the person here, there is no one to act for (joining does that first).
  return (prepared(db, 'SELECT id, name, role FROM users WHERE id = ?').get(joined.value) as LaptopOwner | undefined) ?? null;
}

/** The actor for changes made on the owner's laptop by no signed-in person: "<name> (by the command line)". */
export function ownerActor(owner: LaptopOwner, how: 'cli' | 'signed-out'): Actor {
  return { id: owner.id, name: `${owner.name} (${how === 'cli' ? 'by the command line' : 'on this laptop, not signed in'})`, role: owner.role };
}

/** The replicated state as the rules see it, kept per database and brought up to date from the log. */
const replicas = new WeakMap<Db, { seq: number; state: MemoryState }>();

function replicaUpTo(db: Db, seq: number): MemoryState {
  let cached = replicas.get(db);
  if (!cached || cached.seq > seq) cached = { seq: 0, state: new MemoryState() };
  if (cached.seq < seq) {
    const rows = prepared(db, 'SELECT * FROM history WHERE format = 2 AND seq > ? AND seq <= ? ORDER BY seq').iterate(cached.seq, seq) as Iterable<ChangeRow>;
    for (const r of rows) cached.state.apply(rowToChange(r));
    cached.seq = seq;
  }
  replicas.set(db, cached);
  return cached.state;
}

/** The last position in the change log (before a transaction records anything). */
export function logPosition(db: Db): number {
  return (prepared(db, 'SELECT COALESCE(MAX(seq), 0) AS n FROM history').get() as { n: number }).n;
}

/**
 * Checks the changes one transaction made for the owner, in order, against the state just before
 * it: the first one that is not theirs to make refuses the whole transaction (nothing is stored).
 */
export function checkAsOwner(db: Db, owner: LaptopOwner, before: number, changes: readonly Change[]): void {
  if (changes.length === 0) return;
  const state = new OverlayState(replicaUpTo(db, before));
  const principal: SyncPrincipal = { id: owner.id, role: owner.role };
  for (const c of changes) {
    const verdict = canWrite(principal, c, state);
    if (!verdict.ok) {
      throw new AppError(
        'FORBIDDEN',
        `This laptop belongs to ${owner.name}, and the team would refuse this change as theirs: ${verdict.reason}. Nothing was saved.`,
      );
    }
    state.apply(c);
  }
}
