import type { Db } from './db/open';

/** Who is working: recorded on every history row. */
export interface Actor {
  id: string | null;
  name: string;
  role: 'auditor' | 'moderator' | 'qa-lead' | 'system';
}

/** Everything a service needs; built once by the composition root for each process. */
export interface CoreContext {
  db: Db;
  dbFile: string;
  deviceId: string;
  /** The person working now (changes when the user switches profile). */
  actor(): Actor;
  /** The clock; injectable so tests can move time forward. */
  now(): Date;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'Plumbline', role: 'system' };
