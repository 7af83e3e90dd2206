import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface HistoryRecord {
  id: string;
  deviceId: string;
  deviceSeq: number;
  at: string;
  actorId: string | null;
  actorName: string;
  entity: string;
  entityId: string;
  op: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
}

/** SHA-256 over the previous hash and every field of the row, in a fixed order. */
export function hashRecord(prevHash: string, r: HistoryRecord): string {
  const body = JSON.stringify([
    r.id, r.deviceId, r.deviceSeq, r.at, r.actorId, r.actorName, r.entity, r.entityId, r.op, r.field, r.oldValue, r.newValue,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
