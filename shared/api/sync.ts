import { z } from 'zod';
import { op, PUBLIC, SIGNED_IN } from './define';

/**
 * Syncing this laptop with its team server (issue 15). The laptop works offline and syncs by
 * itself when the server answers; these operations show the state, sync on demand and join.
 */
export interface SyncStatus {
  /** 'not-joined': a standalone laptop; otherwise the state of the last attempt. */
  state: 'not-joined' | 'synced' | 'waiting' | 'syncing' | 'offline' | 'refused';
  /** The team server's address (https://…), or null when not joined. */
  server: string | null;
  /** Whose laptop this is on the team. */
  personName: string | null;
  /** When the last sync finished (ISO instant), or null. */
  syncedAt: string | null;
  /** Changes made here that the server has not received yet. */
  waiting: number;
  /** Since when the server has not answered (ISO instant), or null while it answers. */
  offlineSince: string | null;
  /** What the server refused and why (the laptop keeps the changes and shows them). */
  refused: { code: string; message: string; at: string; change?: RefusedChange } | null;
  /** How many of this laptop's changes a person chose not to send (kept here only). */
  withheld: number;
}

/** The change of this laptop's that the team server refused, as the person can recognise it. */
export interface RefusedChange {
  deviceSeq: number;
  table: string;
  key: string;
  column: string | null;
  /** The value it set (or the row it made), as JSON text, shortened. */
  value: string;
  /** When it was made here (ISO instant). */
  madeAt: string;
}

/** One sync: what went up, what came down, conflicts found, and the pull cursor reached. */
export interface SyncReport {
  pushed: number;
  pulled: number;
  conflicts: number;
  cursor: number;
  /**
   * Only on the syncs that finish handing over what this laptop held when it joined (decision 56):
   * changes the server took, ones it already had, and ones it declined (they stay on this laptop).
   */
  handedOver?: { sent: number; alreadyThere: number; declined: number };
}

const serverUrl = z
  .string()
  .trim()
  .min(1, 'Give the team server\'s address, e.g. https://plumbline.council.example.')
  .max(500)
  .refine((v) => /^https?:\/\/[^\s/]+/i.test(v), 'The team server\'s address starts with https:// (or http:// for this computer only).');

export const syncOps = {
  'sync:status': op<SyncStatus>()(z.object({}), SIGNED_IN),
  'sync:now': op<SyncReport & { status: SyncStatus }>()(z.object({}), SIGNED_IN),
  /** First start: make this laptop a team member's (signs in to the server, then pulls their work). */
  /**
   * A way out of a refused push (decision 57): stop sending the one change the server refused, after
   * the person confirms. The change stays in this laptop's history (nothing is lost), is no longer
   * sent, and a 'change-withheld' event records who chose it and why the server refused it.
   */
  'sync:withhold': op<SyncStatus>()(z.object({ deviceSeq: z.number().int().min(1), confirm: z.literal(true, 'Confirm that this change should stay on this laptop only.') }), SIGNED_IN),
  'sync:join': op<SyncStatus>()(
    z.object({
      server: serverUrl,
      login: z.string().trim().min(1, 'Give your login (your email address).').max(320),
      passphrase: z.string().min(1, 'Give your passphrase.').max(1024),
    }),
    PUBLIC,
  ),
};
