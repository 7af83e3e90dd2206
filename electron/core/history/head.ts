import { createHash } from 'node:crypto';
import { GENESIS_HASH } from '../../../shared/sync/hash';
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';

export interface ChainHead { deviceId: string; seq: number; hash: string }

/** The last change of every device's chain held here, by device id. */
export function deviceHeads(db: Db): ChainHead[] {
  return prepared(
    db,
    'SELECT device_id AS deviceId, max(device_seq) AS seq, (SELECT hash FROM history h2 WHERE h2.device_id = h.device_id AND h2.format = 2 ORDER BY device_seq DESC LIMIT 1) AS hash FROM history h WHERE format = 2 GROUP BY device_id ORDER BY device_id',
  ).all() as ChainHead[];
}

export function legacyHead(db: Db): { rows: number; hash: string } {
  const row = prepared(db, 'SELECT count(*) AS n, (SELECT hash FROM history WHERE format = 1 ORDER BY seq DESC LIMIT 1) AS hash FROM history WHERE format = 1').get() as {
    n: number;
    hash: string | null;
  };
  return { rows: row.n, hash: row.hash ?? GENESIS_HASH };
}

/**
 * The log's head hash: SHA-256 over the head of the chain written before version 8 and the head
 * (device, sequence, hash) of every device's chain, in device order. It names exactly the changes
 * held: anything recorded or received afterwards changes it. A pack prints it after recording its
 * own export, and `plumbline verify --json` reports the same value until anything else changes.
 */
export function logHeadHash(db: Db): string {
  const legacy = legacyHead(db);
  const heads = deviceHeads(db);
  if (heads.length === 0 && legacy.rows === 0) return GENESIS_HASH;
  const hash = createHash('sha256').update(`legacy ${legacy.rows} ${legacy.hash}\n`);
  for (const h of heads) hash.update(`${h.deviceId} ${h.seq} ${h.hash}\n`);
  return hash.digest('hex');
}
