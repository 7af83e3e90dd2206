import type { Change } from '../../shared/sync/change';
import { GENESIS_HASH, hashChange } from '../../shared/sync/hash';

/** The hash a device's first change links to (the change log's). */
export const GENESIS = GENESIS_HASH;

/** A change's hash, exactly as laptops compute it (shared/sync/hash.ts). */
export const changeHash = (c: Omit<Change, 'hash'>): string => hashChange(c);
