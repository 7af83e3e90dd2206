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

/** Own changes a person chose not to send after the team server refused them (teamsync, decision 57). */
function withheld(ctx: CoreContext): Set<number> {
  const row = prepared(ctx.db, "SELECT value FROM meta WHERE key = 'sync.withheld'").get() as { value: string } | undefined;
  return new Set(row ? (JSON.parse(row.value) as number[]) : []);
}

/** This device's own changes after the last one marked sent, in chain order, leaving out withheld ones. */
export function unsentChanges(ctx: CoreContext, limit = 1000): Change[] {
  const skip = withheld(ctx);
  let after = sentSeq(ctx);
  const out: Change[] = [];
  // Withheld changes are few: read past them until a page is full or the chain ends.
  for (;;) {
    const page = ownChangesAfter(ctx.db, ctx.deviceId, after, limit);
    for (const c of page) if (!skip.has(c.deviceSeq) && out.length < limit) out.push(c);
    if (page.length < limit || out.length >= limit) return out;
    after = page[page.length - 1].deviceSeq;
  }
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
  const sent = sentSeq(ctx);
  const row = prepared(ctx.db, 'SELECT count(*) AS n FROM history WHERE format = 2 AND device_id = ? AND device_seq > ?').get(ctx.deviceId, sent) as { n: number };
  return row.n - [...withheld(ctx)].filter((seq) => seq > sent).length;
}
