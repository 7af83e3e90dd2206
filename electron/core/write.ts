import { v7 as uuidv7 } from 'uuid';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from './db/open';
import type { Actor, CoreContext } from './context';
import { GENESIS_HASH, hashRecord, type HistoryRecord } from './history/hash';

type Row = Record<string, unknown>;
const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return name;
}

export type Stmt = Database.Statement<unknown[], unknown>;
const statementCache = new WeakMap<Db, Map<string, Stmt>>();
/** A cached prepared statement: parameters are always bound, never spliced into SQL. */
export function prepared(db: Db, sql: string): Stmt {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare<unknown[], unknown>(sql)));
  return stmt;
}

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

export interface HistoryTarget {
  entity: string;
  entityId: string;
  /** Prefix for field names, e.g. "section.s3." */
  fieldPrefix?: string;
}

/**
 * The one write path: every change made through a Tx writes its row and its history row
 * (hash-chained) in the same transaction.
 */
export class Tx {
  private prevHash: string;
  private deviceSeq: number;
  readonly at: string;
  private readonly actor: Actor;

  constructor(private readonly ctx: CoreContext) {
    const db = ctx.db;
    const last = prepared(db, 'SELECT hash FROM history ORDER BY seq DESC LIMIT 1').get() as { hash: string } | undefined;
    this.prevHash = last?.hash ?? GENESIS_HASH;
    const seq = prepared(db, 'SELECT max(device_seq) AS s FROM history WHERE device_id = ?').get(ctx.deviceId) as { s: number | null };
    this.deviceSeq = seq.s ?? 0;
    this.at = ctx.now().toISOString();
    this.actor = ctx.actor();
  }

  get db(): Db {
    return this.ctx.db;
  }

  /** Appends one history row; the only INSERT into history in the app. */
  record(target: HistoryTarget, op: string, field: string | null, oldValue: unknown, newValue: unknown): void {
    const actor = this.actor;
    this.deviceSeq += 1;
    const rec: HistoryRecord = {
      id: uuidv7(),
      deviceId: this.ctx.deviceId,
      deviceSeq: this.deviceSeq,
      at: this.at,
      actorId: actor.id,
      actorName: actor.name,
      entity: target.entity,
      entityId: target.entityId,
      op,
      field: field === null ? null : (target.fieldPrefix ?? '') + field,
      oldValue: json(oldValue),
      newValue: json(newValue),
    };
    const hash = hashRecord(this.prevHash, rec);
    prepared(
      this.ctx.db,
      `INSERT INTO history (id, device_id, device_seq, at, actor_id, actor_name, entity, entity_id, op, field, old_value, new_value, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(rec.id, rec.deviceId, rec.deviceSeq, rec.at, rec.actorId, rec.actorName, rec.entity, rec.entityId, rec.op, rec.field, rec.oldValue, rec.newValue, this.prevHash, hash);
    this.prevHash = hash;
  }

  /** Inserts a row and records its creation (the whole row as the new value). */
  insert(table: string, row: Row, target?: HistoryTarget): void {
    const cols = Object.keys(row).map(ident);
    prepared(this.ctx.db, `INSERT INTO ${ident(table)} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
      ...cols.map((c) => row[c] as never),
    );
    this.record(target ?? { entity: table, entityId: String(row.id) }, 'create', null, null, row);
  }

  /**
   * Updates the row matching `where` with the fields of `patch` that actually change,
   * one history row per changed field. Returns the names of the changed fields.
   */
  update(table: string, where: Row, patch: Row, target?: HistoryTarget): string[] {
    const keys = Object.keys(where).map(ident);
    const whereSql = keys.map((k) => `${k} = ?`).join(' AND ');
    const whereVals = keys.map((k) => where[k] as never);
    const old = prepared(this.ctx.db, `SELECT * FROM ${ident(table)} WHERE ${whereSql}`).get(...whereVals) as Row | undefined;
    if (!old) throw new Error(`No ${table} row for ${JSON.stringify(where)}`);
    const changed = Object.keys(patch).filter((k) => old[ident(k)] !== patch[k]);
    if (changed.length === 0) return [];
    prepared(this.ctx.db, `UPDATE ${ident(table)} SET ${changed.map((c) => `${c} = ?`).join(', ')} WHERE ${whereSql}`).run(
      ...changed.map((c) => patch[c] as never),
      ...whereVals,
    );
    const t = target ?? { entity: table, entityId: String(where.id) };
    for (const field of changed) this.record(t, 'update', field, old[field], patch[field]);
    return changed;
  }

  /** Inserts or updates a row keyed by `where` (for child rows such as a section's grade). */
  upsert(table: string, where: Row, patch: Row, target: HistoryTarget): string[] {
    const keys = Object.keys(where).map(ident);
    const exists = prepared(this.ctx.db, `SELECT 1 FROM ${ident(table)} WHERE ${keys.map((k) => `${k} = ?`).join(' AND ')}`).get(
      ...keys.map((k) => where[k] as never),
    );
    if (exists) return this.update(table, where, patch, target);
    const row = { ...where, ...patch };
    const cols = Object.keys(row).map(ident);
    prepared(this.ctx.db, `INSERT INTO ${ident(table)} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
      ...cols.map((c) => row[c] as never),
    );
    for (const field of Object.keys(patch)) this.record(target, 'update', field, null, patch[field]);
    return Object.keys(patch);
  }

  /** Deletes the row matching `where`, recording the whole old row. */
  remove(table: string, where: Row, target?: HistoryTarget): void {
    const keys = Object.keys(where).map(ident);
    const whereSql = keys.map((k) => `${k} = ?`).join(' AND ');
    const vals = keys.map((k) => where[k] as never);
    const old = prepared(this.ctx.db, `SELECT * FROM ${ident(table)} WHERE ${whereSql}`).get(...vals);
    if (!old) return;
    prepared(this.ctx.db, `DELETE FROM ${ident(table)} WHERE ${whereSql}`).run(...vals);
    this.record(target ?? { entity: table, entityId: String(where.id) }, 'delete', null, old, null);
  }

  /** A change that is not a row edit (a submission, an export): history only. */
  event(target: HistoryTarget, op: string, data?: unknown): void {
    this.record(target, op, null, null, data ?? null);
  }
}

/** Runs `fn` in one IMMEDIATE transaction: every change and its history land together or not at all. */
export function write<T>(ctx: CoreContext, fn: (tx: Tx) => T): T {
  return ctx.db.transaction(() => fn(new Tx(ctx))).immediate();
}

export const newId = (): string => uuidv7();
