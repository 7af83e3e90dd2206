/**
 * The change log's storage: the `history` table's format-2 rows are `Change`s (shared/sync/change.ts)
 * plus display columns for the history screens (entity, field, old value), which are not hashed.
 */
import type { Change } from '../../../shared/sync/change';
import { canonicalJson, GENESIS_HASH } from '../../../shared/sync/hash';
import { formatHlc, parseHlc, type HlcState } from '../../../shared/sync/hlc';
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';

export interface ChangeDisplay {
  entity: string;
  entityId: string;
  field: string | null;
  /** The value replaced, when known (display only). */
  oldValue?: unknown;
  /** The history's word for it, when not the change's own (a whole-record update shows as 'update'). */
  op?: string;
}

/** A history row of format 2. */
export interface ChangeRow {
  seq: number;
  id: string;
  device_id: string;
  device_seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  entity: string;
  entity_id: string;
  op: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  prev_hash: string;
  hash: string;
  format: 2;
  hlc: string;
  kind: Change['op'];
  tbl: string;
  row_key: string;
  col: string | null;
  base: string | null;
}

const DISPLAY_OP: Record<Change['op'], string | null> = { insert: 'create', set: 'update', delete: 'delete', event: null };

/** Appends one change to the log (its hash already computed). */
export function storeChange(db: Db, c: Change, d: ChangeDisplay): number {
  const at = new Date(parseHlc(c.hlc).millis).toISOString();
  const info = prepared(
    db,
    `INSERT INTO history (id, device_id, device_seq, at, actor_id, actor_name, entity, entity_id, op, field, old_value, new_value, prev_hash, hash,
       format, hlc, kind, tbl, row_key, col, base)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2, ?, ?, ?, ?, ?, ?)`,
  ).run(
    `${c.deviceId}:${c.deviceSeq}`,
    c.deviceId,
    c.deviceSeq,
    at,
    c.personId,
    c.personName,
    d.entity,
    d.entityId,
    d.op ?? DISPLAY_OP[c.op] ?? c.column ?? 'event',
    d.field,
    d.oldValue === undefined || d.oldValue === null ? null : canonicalJson(d.oldValue),
    c.value === undefined || c.value === null ? null : canonicalJson(c.value),
    c.prevHash,
    c.hash,
    c.hlc,
    c.op,
    c.table,
    c.key,
    c.column,
    c.base ?? null,
  );
  return Number(info.lastInsertRowid);
}

export function rowToChange(r: ChangeRow): Change {
  return {
    deviceId: r.device_id,
    deviceSeq: r.device_seq,
    hlc: r.hlc,
    personId: r.actor_id,
    personName: r.actor_name,
    table: r.tbl,
    key: r.row_key,
    op: r.kind,
    column: r.col,
    value: r.new_value === null ? null : (JSON.parse(r.new_value) as unknown),
    base: r.base,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The last change of a device's chain held here (seq 0 and the genesis hash when none). */
export function deviceHead(db: Db, deviceId: string): { seq: number; hash: string } {
  const row = prepared(db, 'SELECT device_seq AS seq, hash FROM history WHERE device_id = ? AND format = 2 ORDER BY device_seq DESC LIMIT 1').get(deviceId) as
    | { seq: number; hash: string }
    | undefined;
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

/** The local clock as last saved, or a zero clock for this device. */
export function loadHlc(db: Db, deviceId: string): HlcState {
  const row = prepared(db, "SELECT value FROM meta WHERE key = 'hlc'").get() as { value: string } | undefined;
  if (!row) return { millis: 0, counter: 0, deviceId };
  const state = parseHlc(row.value);
  return { ...state, deviceId };
}

export function saveHlc(db: Db, state: HlcState): void {
  prepared(db, "INSERT INTO meta (key, value) VALUES ('hlc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(formatHlc(state));
}

/** Changes held here after the local position `cursor` (history seq), oldest first. */
export function changesSince(db: Db, cursor: number, limit = 1000): { changes: Change[]; cursor: number; more: boolean } {
  const rows = prepared(db, 'SELECT * FROM history WHERE format = 2 AND seq > ? ORDER BY seq LIMIT ?').all(cursor, limit + 1) as ChangeRow[];
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { changes: page.map(rowToChange), cursor: page.length ? page[page.length - 1].seq : cursor, more };
}

/** This device's own changes after `afterSeq` (its device sequence), in chain order. */
export function ownChangesAfter(db: Db, deviceId: string, afterSeq: number, limit = 1000): Change[] {
  const rows = prepared(db, 'SELECT * FROM history WHERE device_id = ? AND format = 2 AND device_seq > ? ORDER BY device_seq LIMIT ?').all(
    deviceId,
    afterSeq,
    limit,
  ) as ChangeRow[];
  return rows.map(rowToChange);
}
