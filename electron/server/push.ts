import { z } from 'zod';
import type { Change } from '../../shared/sync/change';
import { canWrite, COMMAND_LINE_PREFIX, type SyncPrincipal } from '../../shared/sync/rules';
import { OverlayState, type SyncState } from '../../shared/sync/state';
import type { Caller } from './auth';
import { changeHash, GENESIS } from './chain';
import { HttpError } from './errors';
import type { LogView } from './log';
import { movedFrom, type MovedFrom } from './moveIn';
import { PUSH_LOCK } from './locks';
import { num, type Queryable, type Sql } from './sql';

export const MAX_BATCH = 5000;

const HEX64 = /^[0-9a-f]{64}$/;
const TABLE = /^[a-z_][a-z0-9_]*$/;
/** An event names the entity it is about, which may be hyphenated ('case-import', 'moderation-draw'). */
const EVENT_ENTITY = /^[a-z_][a-z0-9_-]*$/;
const OPS = new Set(['insert', 'set', 'delete', 'event']);
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/** What is wrong with a pushed change's shape, or null (hand-written: zod costs ~0.1 ms a change). */
export function changeShapeProblem(c: unknown): string | null {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return 'not an object';
  const x = c as Record<string, unknown>;
  if (!isStr(x.deviceId, 100) || !x.deviceId) return 'deviceId';
  if (typeof x.deviceSeq !== 'number' || !Number.isInteger(x.deviceSeq) || x.deviceSeq < 1) return 'deviceSeq';
  if (!isStr(x.hlc, 200) || !x.hlc) return 'hlc';
  if (x.personId !== null && !isStr(x.personId, 100)) return 'personId';
  if (!isStr(x.personName, 300)) return 'personName';
  if (!isStr(x.table, 100) || !(x.op === 'event' ? EVENT_ENTITY : TABLE).test(x.table)) return 'table';
  if (!isStr(x.key, 1000) || !x.key) return 'key';
  if (typeof x.op !== 'string' || !OPS.has(x.op)) return 'op';
  if (x.column !== null && !isStr(x.column, 200)) return 'column';
  if (!('value' in x)) return 'value';
  if (x.base !== undefined && x.base !== null && !isStr(x.base, 200)) return 'base';
  if (typeof x.prevHash !== 'string' || !HEX64.test(x.prevHash)) return 'prevHash';
  if (typeof x.hash !== 'string' || !HEX64.test(x.hash)) return 'hash';
  return null;
}

const changeSchema = z.custom<Change>((c) => changeShapeProblem(c) === null, { message: 'not a change (deviceId, deviceSeq, hlc, personId, personName, table, key, op, column, value, prevHash, hash)' });

const passphraseSchema = z.object({
  personId: z.string().min(1).max(100),
  hash: z.string().regex(/^\$argon2id\$/, 'an argon2id hash').max(500),
  mustChange: z.boolean().default(false),
});
export type PassphraseUpdate = z.infer<typeof passphraseSchema>;
export const pushSchema = z.object({
  changes: z.array(changeSchema).max(MAX_BATCH, `At most ${MAX_BATCH} changes in one push.`),
  /** Passphrase hashes set on this laptop (by the QA lead for anyone, by a person for themself). */
  passphrases: z.array(passphraseSchema).max(1000).default([]),
  /**
   * A laptop that has just joined hands over what it held before joining (decision 56): its own
   * earlier changes and those it received by bundle. Each is checked as its author's; one that
   * cannot be taken is declined (named in the reply, kept on the laptop) instead of refusing the batch.
   */
  handover: z.boolean().default(false),
});

const refuse = (status: number, code: string, c: Change, reason: string): HttpError =>
  new HttpError(status, code, `Refused the whole batch at change ${c.deviceSeq} (${c.table} ${c.key}): ${reason}. Nothing of it was stored.`, {
    change: { deviceId: c.deviceId, deviceSeq: c.deviceSeq, table: c.table, key: c.key, column: c.column },
  });

export interface Declined {
  deviceId: string;
  deviceSeq: number;
  table: string;
  key: string;
  reason: string;
}

export interface PushResult {
  accepted: number;
  alreadyHad: number;
  cursor: number;
  /** Handover only: changes not taken, with the reason (they stay on the laptop). */
  declined?: Declined[];
}

type Problem = { status: number; code: string; reason: string };

/**
 * The author of a change as the rules see them: the laptop it was made on must be theirs. The one
 * exception is the standalone laptop this server was started from (decision 66): what others did
 * on it before the move, handed over by it, is checked as theirs.
 */
function authorOf(c: Change, caller: Caller, state: SyncState, serverDevices: Map<string, string>, shared: MovedFrom | null): SyncPrincipal | Problem {
  if (shared !== null && c.deviceId === shared.deviceId && c.deviceSeq > shared.upTo && c.personId !== caller.person.id) {
    return { status: 403, code: 'AFTER_MOVE', reason: `${c.personName || 'someone'} made it on this laptop after it moved to the team server, and a laptop is one person's` };
  }
  const sharedBefore = shared !== null && c.deviceId === shared.deviceId && c.deviceSeq <= shared.upTo && c.personId !== null;
  if (c.deviceId === caller.deviceId && !(sharedBefore && c.personId !== caller.person.id)) return caller.person;
  const owner = sharedBefore ? c.personId! : (serverDevices.get(c.deviceId) ?? registeredOwner(state, c.deviceId));
  if (!owner) return { status: 403, code: 'UNKNOWN_DEVICE', reason: 'it was made on a laptop this team has not registered' };
  if (c.personId !== owner) return { status: 403, code: 'NOT_THIS_DEVICE', reason: `it names ${c.personName || 'no one'} but was made on a laptop that is someone else's` };
  const role = state.row('users', owner)?.role;
  if (role !== 'auditor' && role !== 'moderator' && role !== 'qa-lead') return { status: 403, code: 'NOT_ON_TEAM', reason: 'its author is not on this team' };
  return { id: owner, role };
}

function registeredOwner(state: SyncState, deviceId: string): string | undefined {
  const row = state.row('devices', deviceId);
  return row && typeof row.person_id === 'string' && !row.revoked_at ? row.person_id : undefined;
}

/**
 * Stores a laptop's batch exactly once, under one advisory lock (so two server processes take
 * turns), after re-reading the log. A change held already (same device and sequence, same hash)
 * counts as `alreadyHad`; a new one must link to its device's neighbours wherever the server
 * holds them (a chain may have gaps: what a laptop received by bundle is only what its person
 * could see, decision 56) and pass the same write rules the laptop applied, as its author,
 * checked in order on a scratch state. A push is all or nothing; a handover declines what it
 * cannot take.
 */
export async function push(
  sql: Sql,
  view: LogView,
  caller: Caller,
  changes: Change[],
  passphrases: PassphraseUpdate[] = [],
  options: { handover?: boolean } = {},
): Promise<PushResult> {
  const handover = options.handover ?? false;
  for (const p of passphrases) {
    if (caller.person.role !== 'qa-lead' && p.personId !== caller.person.id) {
      throw new HttpError(403, 'FORBIDDEN', `Refused the whole batch: only a QA lead sets another person's passphrase (${p.personId}). Nothing of it was stored.`);
    }
  }
  // Chain order; a handover keeps the laptop's order across devices (the order it merged them in).
  const sorted = handover ? [...changes] : [...changes].sort((a, b) => a.deviceSeq - b.deviceSeq);
  for (const c of sorted) {
    if (!handover && c.deviceId !== caller.deviceId) throw refuse(403, 'NOT_THIS_DEVICE', c, 'a laptop pushes only the changes it made itself');
    if (changeHash(c) !== c.hash) throw refuse(400, 'BAD_HASH', c, 'its hash does not match its contents');
  }
  // Stored with whatever other pushes are waiting: one transaction for the lot (group commit, below).
  const { stored, declined } = await enqueue(sql, view, { caller, sorted, passphrases, handover });
  const result: PushResult = { accepted: stored.length, alreadyHad: changes.length - stored.length - declined.length, cursor: view.seq };
  if (handover) result.declined = declined;
  return result;
}

/** The hash and link of each change the server holds among these changes and their neighbours. */
async function heldAround(q: Queryable, view: LogView, sorted: Change[]): Promise<Map<string, { hash: string; prevHash: string | null }>> {
  const held = new Map<string, { hash: string; prevHash: string | null }>();
  const wanted = new Map<string, Set<number>>();
  for (const c of sorted) {
    const head = view.heads.get(c.deviceId);
    if (!head) continue; // nothing of this device is held
    held.set(`${c.deviceId}:${head.seq}`, { hash: head.hash, prevHash: null });
    const set = wanted.get(c.deviceId) ?? new Set<number>();
    for (const s of [c.deviceSeq - 1, c.deviceSeq, c.deviceSeq + 1]) if (s >= 1 && s <= head.seq) set.add(s);
    wanted.set(c.deviceId, set);
  }
  for (const [deviceId, seqs] of wanted) {
    if (seqs.size === 0 || (seqs.size === 1 && seqs.has(view.heads.get(deviceId)!.seq))) continue; // continuing the chain: the head is enough
    const rows = await q.query<{ device_seq: unknown; hash: string; prev_hash: string }>(
      'SELECT device_seq, hash, prev_hash FROM changes WHERE device_id = $1 AND device_seq = ANY($2::bigint[])',
      [deviceId, [...seqs]],
    );
    for (const r of rows) held.set(`${deviceId}:${num(r.device_seq)}`, { hash: r.hash, prevHash: r.prev_hash });
  }
  return held;
}

/**
 * Under the push lock, one push of a group: the chain checks and the write rules on a scratch
 * layer over what the group's earlier pushes did; its new changes, or a refusal (nothing of it kept).
 */
async function checkBatch(
  q: Queryable,
  view: LogView,
  g: GroupState,
  caller: Caller,
  sorted: Change[],
  passphrases: PassphraseUpdate[],
  declined: Declined[] | null,
): Promise<Change[]> {
  const held = await heldAround(q, view, sorted);
  // What earlier pushes of this group stored is held too (not yet in the log or the view).
  for (const c of sorted) {
    for (const s of [c.deviceSeq - 1, c.deviceSeq, c.deviceSeq + 1]) {
      const pending = g.pending.get(`${c.deviceId}:${s}`);
      if (pending) held.set(`${c.deviceId}:${s}`, pending);
    }
  }
  const serverDevices = new Map<string, string>();
  // A handover from the laptop this server was started from carries its shared standalone history.
  const moved = declined ? await movedFrom(q) : null;
  const shared = moved && moved.deviceId === caller.deviceId && moved.personId === caller.person.id ? moved : null;
  if (declined) {
    const ids = [...new Set(sorted.map((c) => c.deviceId))];
    const rows = await q.query<{ device_id: string; person_id: string }>('SELECT device_id, person_id FROM devices WHERE device_id = ANY($1::text[]) AND revoked_at IS NULL', [ids]);
    for (const r of rows) serverDevices.set(r.device_id, r.person_id);
  }
  const decline = (c: Change, p: Problem): void => {
    if (!declined) throw refuse(p.status, p.code, c, p.reason);
    declined.push({ deviceId: c.deviceId, deviceSeq: c.deviceSeq, table: c.table, key: c.key, reason: p.reason });
  };
  const scratch = new OverlayState(g.state);
  const fresh: Change[] = [];
  for (const c of sorted) {
    const id = `${c.deviceId}:${c.deviceSeq}`;
    const had = held.get(id);
    if (had) {
      if (had.hash !== c.hash) decline(c, { status: 409, code: 'FORKED_CHAIN', reason: 'the server already holds a different change with this sequence number' });
      continue;
    }
    const before = held.get(`${c.deviceId}:${c.deviceSeq - 1}`);
    const next = held.get(`${c.deviceId}:${c.deviceSeq + 1}`);
    if (c.deviceSeq === 1 && c.prevHash !== GENESIS) {
      decline(c, { status: 409, code: 'BROKEN_CHAIN', reason: 'the first change of a device must start its chain' });
      continue;
    }
    if ((before && before.hash !== c.prevHash) || (next && next.prevHash !== null && next.prevHash !== c.hash)) {
      decline(c, { status: 409, code: 'BROKEN_CHAIN', reason: 'it does not link to the changes around it in its device’s chain' });
      continue;
    }
    // What the command line did on that standalone laptop had the file's key behind it: a QA lead's rights.
    const byCommandLine = shared !== null && c.personId === null && c.deviceId === shared.deviceId && c.deviceSeq <= shared.upTo && c.personName.startsWith(COMMAND_LINE_PREFIX);
    const author = byCommandLine ? { id: shared.personId, role: 'qa-lead' as const } : authorOf(c, caller, scratch, serverDevices, shared);
    if (!('role' in author)) {
      decline(c, author);
      continue;
    }
    const verdict = canWrite(author, byCommandLine ? { ...c, personId: author.id } : c, scratch);
    if (!verdict.ok) {
      decline(c, { status: verdict.status, code: verdict.status === 409 ? 'FROZEN' : 'FORBIDDEN', reason: verdict.reason });
      continue;
    }
    scratch.apply(c);
    held.set(id, { hash: c.hash, prevHash: c.prevHash });
    fresh.push(c);
  }
  // Accepted: nothing of this push can be refused from here on. A hash for someone not on the team
  // (their people row was declined by a handover or withheld, decision 66) is not kept: refusing
  // the batch for it would refuse every later sync of that laptop too.
  for (const p of passphrases.filter((x) => scratch.row('users', x.personId))) {
    await q.query(
      `INSERT INTO passphrases (person_id, hash, must_change, set_by_device) VALUES ($1, $2, $3, $4)
       ON CONFLICT (person_id) DO UPDATE SET hash = EXCLUDED.hash, must_change = EXCLUDED.must_change, set_at = now(), set_by_device = EXCLUDED.set_by_device`,
      [p.personId, p.hash, p.mustChange, caller.deviceId],
    );
  }
  for (const c of fresh) {
    g.state.apply(c);
    g.pending.set(`${c.deviceId}:${c.deviceSeq}`, { hash: c.hash, prevHash: c.prevHash });
  }
  return fresh;
}

/** One INSERT for a group's new changes, the pushers' last_seen_at riding along; their server sequences, in order. */
async function insertChanges(q: Queryable, fresh: Change[], devices: string[]): Promise<Stored[]> {
  if (fresh.length === 0) {
    if (devices.length) await q.query('UPDATE devices SET last_seen_at = now() WHERE device_id = ANY($1::text[])', [devices]);
    return [];
  }
  // The device's last_seen_at rides along with the insert (one round trip).
  const seqs = await q.query<{ server_seq: unknown }>(
    `WITH seen AS (UPDATE devices SET last_seen_at = now() WHERE device_id = ANY($12::text[]))
     INSERT INTO changes (device_id, device_seq, hlc, person_id, tbl, key, op, col, prev_hash, hash, body)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
     RETURNING server_seq`,
    [
      fresh.map((c) => c.deviceId),
      fresh.map((c) => c.deviceSeq),
      fresh.map((c) => c.hlc),
      fresh.map((c) => c.personId),
      fresh.map((c) => c.table),
      fresh.map((c) => c.key),
      fresh.map((c) => c.op),
      fresh.map((c) => c.column),
      fresh.map((c) => c.prevHash),
      fresh.map((c) => c.hash),
      fresh.map((c) => JSON.stringify(c)),
      devices,
    ],
  );
  return fresh.map((c, i) => [c, num(seqs[i].server_seq)] as const);
}

/*
 * Group commit. Pushes that arrive while another is being stored wait in this process's queue
 * (holding no database connection); the next turn stores every waiting push in one transaction
 * under the advisory lock that orders pushes across server processes: one BEGIN + lock, one read
 * of what other processes appended, one INSERT, one COMMIT for the lot (80 laptops pushing at
 * once took 80 turns of four round trips each). Each push is still checked on its own and all or
 * nothing, as if the group's pushes had come one after another in queue order (checkBatch). A
 * refused push is refused alone; should the transaction itself fail, the group's pushes are
 * stored again one by one, so the failure reaches the push that caused it.
 */

type Stored = readonly [Change, number];
/** What a group's earlier accepted pushes did: their rows, and their changes as held. */
interface GroupState {
  state: OverlayState;
  pending: Map<string, { hash: string; prevHash: string | null }>;
}
interface Job {
  caller: Caller;
  sorted: Change[];
  passphrases: PassphraseUpdate[];
  handover: boolean;
}
interface Pending extends Job {
  resolve(out: { stored: Stored[]; declined: Declined[] }): void;
  reject(error: unknown): void;
}
/** At most this many changes in one group (a push holds at most MAX_BATCH). */
const GROUP_CHANGES = 20_000;
const queues = new WeakMap<LogView, { waiting: Pending[]; running: boolean }>();

function enqueue(sql: Sql, view: LogView, job: Job): Promise<{ stored: Stored[]; declined: Declined[] }> {
  let queue = queues.get(view);
  if (!queue) queues.set(view, (queue = { waiting: [], running: false }));
  const q = queue;
  return new Promise((resolve, reject) => {
    q.waiting.push({ ...job, resolve, reject });
    if (!q.running) void drain(sql, view, q);
  });
}

async function drain(sql: Sql, view: LogView, queue: { waiting: Pending[]; running: boolean }): Promise<void> {
  queue.running = true;
  try {
    while (queue.waiting.length) {
      const group: Pending[] = [];
      let size = 0;
      while (queue.waiting.length && (group.length === 0 || size + queue.waiting[0].sorted.length <= GROUP_CHANGES)) {
        size += queue.waiting[0].sorted.length;
        group.push(queue.waiting.shift()!);
      }
      try {
        await storeGroup(sql, view, group);
      } catch (error) {
        if (group.length === 1) group[0].reject(error);
        else for (const p of group) await storeGroup(sql, view, [p]).catch((e: unknown) => p.reject(e));
      }
    }
  } finally {
    queue.running = false;
  }
}

/** One transaction for the group; settles each push (a refused one with its error). Throws only when the transaction fails. */
async function storeGroup(sql: Sql, view: LogView, group: Pending[]): Promise<void> {
  let outcomes: ({ fresh: Change[]; declined: Declined[] } | HttpError)[] = [];
  const stored = await sql.tx(
    async (q) => {
      outcomes = [];
      await view.refresh(q);
      const g: GroupState = { state: new OverlayState(view.state), pending: new Map() };
      for (const p of group) {
        const declined: Declined[] = [];
        try {
          outcomes.push({ fresh: await checkBatch(q, view, g, p.caller, p.sorted, p.passphrases, p.handover ? declined : null), declined });
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          outcomes.push(error);
        }
      }
      const fresh = outcomes.flatMap((o) => (o instanceof HttpError ? [] : o.fresh));
      const devices = [...new Set(group.filter((_, i) => !(outcomes[i] instanceof HttpError)).map((p) => p.caller.deviceId))];
      return insertChanges(q, fresh, devices);
    },
    { lock: PUSH_LOCK },
  );
  // The view learns the group's changes before the next group's turn, so it never re-reads them.
  for (const [c, seq] of stored) view.add(c, seq);
  let at = 0;
  group.forEach((p, i) => {
    const o = outcomes[i];
    if (o instanceof HttpError) return p.reject(o);
    p.resolve({ stored: stored.slice(at, at + o.fresh.length), declined: o.declined });
    at += o.fresh.length;
  });
}
