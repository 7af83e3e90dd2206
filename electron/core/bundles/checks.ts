/**
 * What a receiving laptop checks in a bundle's changes before anything is written, with the same
 * rules the team server applies to a push (shared/sync/rules.ts): every change's own hash holds,
 * it was made on a device registered to the person it names, and that person could have made it
 * (`canWrite`, against the state as it would be just before it). Reads only.
 */
import type { Change } from '../../../shared/sync/change';
import { changeHashProblem } from '../../../shared/sync/hash';
import { canWrite, type SyncPrincipal } from '../../../shared/sync/rules';
import { MemoryState, OverlayState, type SyncState } from '../../../shared/sync/state';
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { rowToChange, type ChangeRow } from '../sync/log';
import { BundleError } from './errors';
import { ROLES, type Role } from '../../../shared/api/session';

/** Every change this laptop holds, oldest first. */
export function* heldChanges(db: Db): Iterable<Change> {
  for (const row of prepared(db, 'SELECT * FROM history WHERE format = 2 ORDER BY seq').iterate() as Iterable<ChangeRow>) yield rowToChange(row);
}

/** The replicated state as the rules see it, rebuilt from this laptop's change log. */
export function replicaState(db: Db): MemoryState {
  const state = new MemoryState();
  for (const c of heldChanges(db)) state.apply(c);
  return state;
}

export function principalOf(state: SyncState, personId: string | null): SyncPrincipal | null {
  if (!personId) return null;
  const role = state.row('users', personId)?.role;
  return ROLES.includes(role as Role) ? { id: personId, role: role as Role } : null;
}

/** The person each device belongs to: registered devices, this laptop's pins, and this device. */
export function devicePeople(db: Db, state: SyncState): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, row] of state.rows('devices')) if (typeof row.person_id === 'string' && !row.revoked_at) out.set(id, row.person_id);
  for (const r of prepared(db, 'SELECT device_id, person_id FROM bundle_pinned_devices').all() as { device_id: string; person_id: string }[]) {
    if (!out.has(r.device_id)) out.set(r.device_id, r.person_id);
  }
  return out;
}

const refuse = (message: string): never => {
  throw new BundleError('NOT_PERMITTED', `Refused: ${message}. Nothing was imported.`);
};

/**
 * Checks the changes in order and returns the ones this laptop does not hold yet. A change it
 * holds must be the very same change (same hash); anything else is refused whole.
 */
export function checkChanges(
  db: Db,
  base: MemoryState,
  changes: readonly Change[],
  options: { extraDevices?: Map<string, string>; trustedDevice?: string } = {},
): Change[] {
  const state = new OverlayState(base);
  const held = prepared(db, 'SELECT hash FROM history WHERE format = 2 AND device_id = ? AND device_seq = ?');
  const fresh: Change[] = [];
  const seen = new Set<string>();
  const people = devicePeople(db, state);
  for (const [d, p] of options.extraDevices ?? []) if (!people.has(d)) people.set(d, p);
  for (const c of changes) {
    const id = `${c.deviceId}:${c.deviceSeq}`;
    const where = `change ${c.deviceSeq} from device ${c.deviceId.slice(0, 13)}… (${c.table} ${c.key})`;
    if (seen.has(id)) refuse(`${where} appears twice in the bundle`);
    seen.add(id);
    const problem = changeHashProblem(c);
    if (problem) refuse(`${where}: ${problem}`);
    const mine = held.get(c.deviceId, c.deviceSeq) as { hash: string } | undefined;
    if (mine) {
      if (mine.hash !== c.hash) refuse(`${where} differs from the copy this laptop already holds`);
      continue;
    }
    if (c.deviceId === options.trustedDevice || (options.trustedDevice && c.personId === null)) {
      // An invitation's own changes: the code authenticated the inviting QA lead's laptop as a whole,
      // and it vouches for the authorless rows it passes on (the team server's first QA lead, decision 56).
      state.apply(c);
      if (c.table === 'devices') refreshDevice(people, state, c.key);
      fresh.push(c);
      continue;
    }
    const owner = people.get(c.deviceId);
    if (!owner) refuse(`${where} was made on a laptop that is not registered with the team`);
    if (c.personId !== owner) refuse(`${where} names ${c.personName || 'no one'} but was made on a laptop registered to someone else`);
    const principal = principalOf(state, c.personId);
    if (!principal) refuse(`${where} was made by someone who is not on the people list`);
    const verdict = canWrite(principal!, c, state);
    if (!verdict.ok) refuse(`${c.personName} could not have made ${where}: ${verdict.reason}`);
    state.apply(c);
    if (c.table === 'devices') refreshDevice(people, state, c.key);
    fresh.push(c);
  }
  return fresh;
}

function refreshDevice(people: Map<string, string>, state: SyncState, deviceId: string): void {
  const row = state.row('devices', deviceId);
  if (row && typeof row.person_id === 'string' && !row.revoked_at) people.set(deviceId, row.person_id);
  else people.delete(deviceId);
}

/**
 * Runs the merge and its bookkeeping as one transaction. Foreign keys are switched off around it
 * (a pragma that cannot change inside a transaction): as in sync, rows may arrive before the rows
 * they refer to.
 */
export function inOneTransaction<T>(db: Db, fn: () => T): T {
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    return db.transaction(fn).immediate();
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
}
