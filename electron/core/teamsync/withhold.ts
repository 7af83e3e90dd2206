/**
 * A way out of a refused push (decision 57). The server refuses a whole batch for one change, and
 * every later sync would send it again and be refused again. The person sees that change (what it
 * set, when) beside the reason and may, after confirming, withhold it: it stays in this laptop's
 * history and tables (nothing is lost; they may undo it by an ordinary edit), it is no longer
 * sent, and an ordinary 'change-withheld' event (sent like any other) records who chose it, which
 * change and the server's reason. Only the change the server named can be withheld.
 */
import type { RefusedChange, SyncStatus } from '../../../shared/api/sync';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { prepared, write } from '../write';
import { readSyncMeta, writeSyncMeta } from './state';
import { syncStatus } from './sync';

const SHOWN = 1000;

/** One of this laptop's own changes, as the person can recognise it. */
export function describeOwnChange(ctx: CoreContext, deviceSeq: number): RefusedChange {
  const row = prepared(ctx.db, 'SELECT tbl, row_key, col, new_value, at FROM history WHERE format = 2 AND device_id = ? AND device_seq = ?').get(ctx.deviceId, deviceSeq) as
    | { tbl: string; row_key: string; col: string | null; new_value: string | null; at: string }
    | undefined;
  if (!row) return { deviceSeq, table: '', key: '', column: null, value: '', madeAt: '' };
  const value = row.new_value ?? 'null';
  return { deviceSeq, table: row.tbl, key: row.row_key, column: row.col, value: value.length > SHOWN ? `${value.slice(0, SHOWN)}…` : value, madeAt: row.at };
}

export function withholdRefused(ctx: CoreContext, deviceSeq: number): SyncStatus {
  const meta = readSyncMeta(ctx);
  const named = meta.refused?.change?.deviceSeq;
  if (named !== deviceSeq) {
    throw new AppError('CONFLICT', named === undefined ? 'The team server has not refused a change of this laptop: there is nothing to withhold.' : `The team server refused change ${named}, not ${deviceSeq}: only that one can be withheld.`);
  }
  const change = describeOwnChange(ctx, deviceSeq);
  const reason = meta.refused!.message;
  write(ctx, (tx) => tx.event({ entity: 'sync', entityId: `${ctx.deviceId}:${deviceSeq}` }, 'change-withheld', { deviceSeq, table: change.table, key: change.key, column: change.column, reason }));
  writeSyncMeta(ctx, { withheld: [...new Set([...meta.withheld, deviceSeq])].sort((a, b) => a - b), refused: null });
  return syncStatus(ctx);
}
