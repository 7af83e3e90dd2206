/**
 * The sync surface the team server client and exchange bundles build on:
 * - `unsentChanges(ctx)` / `markSent(ctx, seq)`: this device's own changes not yet acknowledged;
 * - `changesSince(ctx, cursor)`: every change held here after a local cursor (for bundles);
 * - `applyChanges(ctx, changes)`: merge changes from elsewhere (MergeReport);
 * - `stateHash(ctx)`: a hash of the replicated state, equal on devices that converged.
 */
import type { Change } from '../../../shared/sync/change';
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import { changesSince as changesSinceDb, ownChangesAfter } from './log';

export { applyChanges, ChangeRefused } from './apply';
export { stateHash } from './state';

const SENT = 'sync.sent_seq';

/** Every change held here after `cursor` (a local position; 0 for all), oldest first, a page at a time. */
export function changesSince(ctx: CoreContext, cursor: number, limit = 1000): { changes: Change[]; cursor: number; more: boolean } {
  return changesSinceDb(ctx.db, cursor, limit);
}

/** This device's own changes after the last one marked sent, in chain order. */
export function unsentChanges(ctx: CoreContext, limit = 1000): Change[] {
  return ownChangesAfter(ctx.db, ctx.deviceId, sentSeq(ctx), limit);
}

export function sentSeq(ctx: CoreContext): number {
  const row = prepared(ctx.db, 'SELECT value FROM meta WHERE key = ?').get(SENT) as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

/** Records that this device's changes up to `deviceSeq` were accepted by the other side. */
export function markSent(ctx: CoreContext, deviceSeq: number): void {
  if (deviceSeq <= sentSeq(ctx)) return;
  prepared(ctx.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SENT, String(deviceSeq));
}

/** How many of this device's changes wait to be sent. */
export function unsentCount(ctx: CoreContext): number {
  const row = prepared(ctx.db, 'SELECT count(*) AS n FROM history WHERE format = 2 AND device_id = ? AND device_seq > ?').get(ctx.deviceId, sentSeq(ctx)) as { n: number };
  return row.n;
}
