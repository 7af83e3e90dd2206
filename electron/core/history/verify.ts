import type { Db } from '../db/open';
import { GENESIS_HASH, hashRecord } from './hash';

export interface VerifyResult {
  ok: boolean;
  rows: number;
  headHash: string;
  integrity: string;
  /** The first broken row, named, when the chain does not hold. */
  brokenAt: { seq: number; id: string; reason: string } | null;
}

interface Row {
  seq: number; id: string; device_id: string; device_seq: number; at: string; actor_id: string | null; actor_name: string;
  entity: string; entity_id: string; op: string; field: string | null; old_value: string | null; new_value: string | null;
  prev_hash: string; hash: string;
}

/** Walks the whole chain in order and names the first row whose links or contents do not hold. */
export function verifyHistory(db: Db): VerifyResult {
  const integrity = String(db.pragma('integrity_check', { simple: true }));
  let prev = GENESIS_HASH;
  let rows = 0;
  const stmt = db.prepare('SELECT * FROM history ORDER BY seq');
  for (const row of stmt.iterate() as Iterable<Row>) {
    rows += 1;
    if (row.prev_hash !== prev) {
      return { ok: false, rows, headHash: prev, integrity, brokenAt: { seq: row.seq, id: row.id, reason: 'its link to the previous row does not match (a row before it was removed or inserted)' } };
    }
    const expected = hashRecord(prev, {
      id: row.id, deviceId: row.device_id, deviceSeq: row.device_seq, at: row.at, actorId: row.actor_id, actorName: row.actor_name,
      entity: row.entity, entityId: row.entity_id, op: row.op, field: row.field, oldValue: row.old_value, newValue: row.new_value,
    });
    if (expected !== row.hash) {
      return { ok: false, rows, headHash: prev, integrity, brokenAt: { seq: row.seq, id: row.id, reason: 'its contents were changed after it was written' } };
    }
    prev = row.hash;
  }
  return { ok: integrity === 'ok', rows, headHash: prev, integrity, brokenAt: null };
}

export function headHash(db: Db): string {
  const row = db.prepare('SELECT hash FROM history ORDER BY seq DESC LIMIT 1').get() as { hash: string } | undefined;
  return row?.hash ?? GENESIS_HASH;
}
