import type { Principal } from '../../shared/api/session';
import type { Db } from './db/open';

/** Who is working: recorded on every history row. */
export interface Actor {
  id: string | null;
  name: string;
  role: 'auditor' | 'moderator' | 'qa-lead' | 'system';
}

/**
 * Everything a service needs. The composition root builds one per process (principal null);
 * `createDispatch` derives one per call carrying the caller (`withPrincipal`).
 */
export interface CoreContext {
  db: Db;
  dbFile: string;
  deviceId: string;
  /** Who is making this call: a signed-in person or the command line; null before sign-in. */
  principal: Principal | null;
  /** The actor for history rows, derived from the principal. */
  actor(): Actor;
  /** The clock; injectable so tests can move time forward. */
  now(): Date;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'Plumbline', role: 'system' };
