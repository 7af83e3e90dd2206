import { z } from 'zod';
import type { Change } from '../../shared/sync/change';
import { canWrite } from '../../shared/sync/rules';
import { OverlayState } from '../../shared/sync/state';
import type { Caller } from './auth';
import { changeHash, GENESIS } from './chain';
import { HttpError } from './errors';
import type { LogView } from './log';
import { num, type Queryable, type Sql } from './sql';

export const MAX_BATCH = 5000;
/** The advisory lock that orders pushes (across server processes on one PostgreSQL). */
const PUSH_LOCK = 727002;

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
});

const refuse = (status: number, code: string, c: Change, reason: string): HttpError =>
  new HttpError(status, code, `Refused the whole batch at change ${c.deviceSeq} (${c.table} ${c.key}): ${reason}. Nothing of it was stored.`, {
    change: { deviceId: c.deviceId, deviceSeq: c.deviceSeq, table: c.table, key: c.key, column: c.column },
  });

export interface PushResult {
  accepted: number;
  alreadyHad: number;
  cursor: number;
}

/**
 * Stores a laptop's batch exactly once, all or nothing: under one advisory lock (so two server
 * processes take turns), after re-reading the log, every new change must continue its device's
 * chain and pass the same write rules the laptop applied, checked in order on a scratch state.
 */
export async function push(sql: Sql, view: LogView, caller: Caller, changes: Change[], passphrases: PassphraseUpdate[] = []): Promise<PushResult> {
  for (const p of passphrases) {
    if (caller.person.role !== 'qa-lead' && p.personId !== caller.person.id) {
      throw new HttpError(403, 'FORBIDDEN', `Refused the whole batch: only a QA lead sets another person's passphrase (${p.personId}). Nothing of it was stored.`);
    }
  }
  const sorted = [...changes].sort((a, b) => a.deviceSeq - b.deviceSeq);
  for (const c of sorted) {
    if (c.deviceId !== caller.deviceId) throw refuse(403, 'NOT_THIS_DEVICE', c, 'a laptop pushes only the changes it made itself');
    if (changeHash(c) !== c.hash) throw refuse(400, 'BAD_HASH', c, 'its hash does not match its contents');
  }
  // One push at a time per process (view.exclusive), and across processes (the advisory lock);
  // the view learns the stored changes before the next push's turn, so it never re-reads them.
  const stored = await view.exclusive(async () => {
    const rows = await sql.tx((q) => checkAndStore(q, view, caller, sorted, passphrases), { lock: PUSH_LOCK });
    for (const [c, seq] of rows) view.add(c, seq);
    return rows;
  });
  return { accepted: stored.length, alreadyHad: changes.length - stored.length, cursor: view.seq };
}

/** Under the push lock: the chain checks, the write rules on a scratch state, then one INSERT. */
async function checkAndStore(q: Queryable, view: LogView, caller: Caller, sorted: Change[], passphrases: PassphraseUpdate[]): Promise<(readonly [Change, number])[]> {
  await view.refresh(q);
  const head = view.heads.get(caller.deviceId);
  const known = new Map<number, string>();
  const seen = sorted.filter((c) => head && c.deviceSeq <= head.seq).map((c) => c.deviceSeq);
  if (seen.length) {
    const rows = await q.query<{ device_seq: unknown; hash: string }>('SELECT device_seq, hash FROM changes WHERE device_id = $1 AND device_seq = ANY($2::bigint[])', [caller.deviceId, seen]);
    for (const r of rows) known.set(num(r.device_seq), r.hash);
  }
  const fresh: Change[] = [];
  let prev = head ? { seq: head.seq, hash: head.hash } : null;
  for (const c of sorted) {
    const had = known.get(c.deviceSeq);
    if (had !== undefined) {
      if (had !== c.hash) throw refuse(409, 'FORKED_CHAIN', c, 'the server already holds a different change with this sequence number');
      continue;
    }
    if (prev && c.deviceSeq <= prev.seq) throw refuse(409, 'FORKED_CHAIN', c, 'this sequence number was already used by this device');
    if (prev && c.deviceSeq !== prev.seq + 1) throw refuse(409, 'GAP', c, `change ${prev.seq + 1} has not arrived yet: send the changes in order`);
    if (prev && c.prevHash !== prev.hash) throw refuse(409, 'BROKEN_CHAIN', c, 'it does not follow the previous change of this device (its chain is broken)');
    if (!prev && c.deviceSeq === 1 && c.prevHash !== GENESIS) throw refuse(409, 'BROKEN_CHAIN', c, 'the first change of a device must start its chain');
    fresh.push(c);
    prev = { seq: c.deviceSeq, hash: c.hash };
  }
  const scratch = new OverlayState(view.state);
  for (const c of fresh) {
    const verdict = canWrite(caller.person, c, scratch);
    if (!verdict.ok) throw refuse(verdict.status, verdict.status === 409 ? 'FROZEN' : 'FORBIDDEN', c, verdict.reason);
    scratch.apply(c);
  }
  for (const p of passphrases) {
    if (!scratch.row('users', p.personId)) throw new HttpError(400, 'NO_PERSON', `Refused the whole batch: a passphrase for ${p.personId}, who is not on the team. Nothing of it was stored.`);
    await q.query(
      `INSERT INTO passphrases (person_id, hash, must_change, set_by_device) VALUES ($1, $2, $3, $4)
       ON CONFLICT (person_id) DO UPDATE SET hash = EXCLUDED.hash, must_change = EXCLUDED.must_change, set_at = now(), set_by_device = EXCLUDED.set_by_device`,
      [p.personId, p.hash, p.mustChange, caller.deviceId],
    );
  }
  if (fresh.length === 0) {
    await q.query('UPDATE devices SET last_seen_at = now() WHERE device_id = $1', [caller.deviceId]);
    return [];
  }
  // The device's last_seen_at rides along with the insert (one round trip).
  const seqs = await q.query<{ server_seq: unknown }>(
    `WITH seen AS (UPDATE devices SET last_seen_at = now() WHERE device_id = $12)
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
      caller.deviceId,
    ],
  );
  return fresh.map((c, i) => [c, num(seqs[i].server_seq)] as const);
}
