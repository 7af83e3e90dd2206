import { createHash } from 'node:crypto';
import type { Change } from '../../shared/sync/change';
import { changeBody, GENESIS_HASH } from '../../shared/sync/hash';

/** The hash a device's first change links to (the change log's). */
export const GENESIS = GENESIS_HASH;

/**
 * A change's hash exactly as laptops compute it (shared/sync/hash.ts: SHA-256 over prevHash, a
 * newline and the canonical body), with Node's native SHA-256: the server checks every change.
 */
export const changeHash = (c: Omit<Change, 'hash'>): string => createHash('sha256').update(`${c.prevHash}\n${changeBody(c)}`).digest('hex');
