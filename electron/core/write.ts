import { v7 as uuidv7 } from 'uuid';
import type { Change } from '../../shared/sync/change';
import { hashChange } from '../../shared/sync/hash';
import { formatHlc, sendHlc, type HlcState } from '../../shared/sync/hlc';
import type { Actor, CoreContext } from './context';
import { ident, prepared } from './db/prepared';
import type { Db } from './db/open';
import { displayOf, entityOf, isLocalColumn, keyOf, rowReplicates } from './entities/registry';
import { resolutionOf } from './sync/apply';
import { getClock, rowClock, setClock, setRowClocks, TOMBSTONE } from './sync/clock';
import { groupsOfRow, hasNaturalKeys, relistDuplicates } from './sync/duplicates';
import { deviceHead, loadHlc, saveHlc, storeChange, type ChangeDisplay } from './sync/log';
import { checkAsOwner, laptopOwner, logPosition, ownerActor, type LaptopOwner } from './teamsync/owner';

export { prepared, type Stmt } from './db/prepared';

type Row = Record<string, unknown>;

export interface HistoryTarget {
  entity: string;
  entityId: string;
  /** Prefix for field names, e.g. "section.s3." */
  fieldPrefix?: string;
}

/**
 * The one write path. Every call writes its row and records replayable changes in the change
 * log (the `history` table, format 2) in the same transaction: (table, key, column, value) with a
 * hybrid logical clock time, this device's id and next sequence number, and the person working.
 * Tables and columns the entity registry declares local are written but not recorded.
 */
export class Tx {
  private prevHash: string;
  private deviceSeq: number;
  private clock: HlcState;
  private readonly wall: number;
  readonly at: string;
  private readonly actor: Actor;
  /** On a joined laptop, a write with no signed-in person is its owner's, checked as theirs (teamsync/owner.ts). */
  private readonly owner: { person: LaptopOwner; before: number; made: Change[] } | null = null;
  /** Natural-key groups (duplicates.ts) this transaction's rows left or joined: relisted at the end. */
  private readonly groups: string[] = [];

  constructor(private readonly ctx: CoreContext) {
    const head = deviceHead(ctx.db, ctx.deviceId);
    this.prevHash = head.hash;
    this.deviceSeq = head.seq;
    this.clock = loadHlc(ctx.db, ctx.deviceId);
    const now = ctx.now();
    this.wall = now.getTime();
    this.at = now.toISOString();
    let actor = ctx.actor();
    if (actor.id === null) {
      const person = laptopOwner(ctx.db);
      if (person) {
        actor = ownerActor(person, ctx.principal?.kind === 'cli' ? 'cli' : 'signed-out');
        this.owner = { person, before: logPosition(ctx.db), made: [] };
      }
    }
    this.actor = actor;
  }

  get db(): Db {
    return this.ctx.db;
  }

  private noteGroups(table: string, where: Row): void {
    if (hasNaturalKeys(table) && typeof where.id === 'string') this.groups.push(...groupsOfRow(this.ctx.db, table, where.id));
  }

  /** Appends one change to this device's chain; the only way changes are made on this device. */
  private record(c: Pick<Change, 'table' | 'key' | 'op' | 'column' | 'value'> & { base?: string | null }, display: ChangeDisplay): string {
    // Past 65,535 changes in one millisecond (a bulk import under a fixed test clock), move on a millisecond.
    const wall = this.clock.counter >= 0xfffe ? Math.max(this.wall, this.clock.millis + 1) : this.wall;
    this.clock = sendHlc(this.clock, wall);
    this.deviceSeq += 1;
    const unhashed = {
      deviceId: this.ctx.deviceId,
      deviceSeq: this.deviceSeq,
      hlc: formatHlc(this.clock),
      personId: this.actor.id,
      personName: this.actor.name,
      table: c.table,
      key: c.key,
      op: c.op,
      column: c.column,
      value: c.value ?? null,
      base: c.base ?? null,
      prevHash: this.prevHash,
    };
    const hash = hashChange(unhashed);
    storeChange(this.ctx.db, { ...unhashed, hash }, display);
    this.owner?.made.push({ ...unhashed, hash });
    this.prevHash = hash;
    return unhashed.hlc;
  }

  private display(table: string, key: string, target: HistoryTarget | undefined, field: string | null, oldValue?: unknown): ChangeDisplay {
    const t = target ?? displayOf(entityOf(table), key);
    // A child row's creation shows under its prefix ("answer.s1.q2"); a column's change under prefix + column.
    const shown = field === null ? (t.fieldPrefix ? t.fieldPrefix.replace(/\.$/, '') : null) : (t.fieldPrefix ?? '') + field;
    return { entity: t.entity, entityId: t.entityId, field: shown, oldValue };
  }

  private readRow(table: string, where: Row): Row | undefined {
    const keys = Object.keys(where).map(ident);
    return prepared(this.ctx.db, `SELECT * FROM ${ident(table)} WHERE ${keys.map((k) => `${k} = ?`).join(' AND ')}`).get(...keys.map((k) => where[k] as never)) as
      | Row
      | undefined;
  }

  /** Records the row as it now stands as an insert: every replicated column set at this time. */
  private recordInsert(table: string, where: Row, target: HistoryTarget | undefined, op?: string): void {
    const def = entityOf(table);
    const full = this.readRow(table, where);
    if (!full) throw new Error(`No ${table} row for ${JSON.stringify(where)} after writing it`);
    const key = keyOf(def, full);
    if (!rowReplicates(def, key)) return;
    const value: Row = {};
    for (const [col, v] of Object.entries(full)) if (!isLocalColumn(def, col)) value[col] = v;
    // An insert over a row this device already knew (a re-insert, or a whole-record update) names what it saw.
    const base = rowClock(this.ctx.db, table, key);
    const hlc = this.record({ table, key, op: 'insert', column: null, value, base }, { ...this.display(table, key, target, null), op });
    setRowClocks(this.ctx.db, table, key, new Map(Object.keys(value).map((col) => [col, hlc])));
  }

  /**
   * Records an existing row as an insert without writing it: for rows that predate the change log
   * (the version 8 baseline). Returns false when the table or row does not replicate.
   */
  snapshot(table: string, where: Row): boolean {
    const def = entityOf(table);
    if (!def.replicates) return false;
    this.recordInsert(table, where, undefined);
    return true;
  }

  /** Inserts a row and records its creation (the whole row, as stored, as the new value). */
  insert(table: string, row: Row, target?: HistoryTarget): void {
    const def = entityOf(table);
    const cols = Object.keys(row).map(ident);
    prepared(this.ctx.db, `INSERT INTO ${ident(table)} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
      ...cols.map((c) => row[c] as never),
    );
    if (!def.replicates) return;
    const where: Row = {};
    for (const k of def.key) where[k] = row[k];
    this.noteGroups(table, where);
    this.recordInsert(table, where, target);
  }

  /**
   * Updates the row matching `where` with the fields of `patch` that actually change, one change
   * per changed field (or, for a table merged as whole records, the whole new row). Returns the
   * names of the changed fields.
   */
  update(table: string, where: Row, patch: Row, target?: HistoryTarget): string[] {
    const def = entityOf(table);
    const keys = Object.keys(where).map(ident);
    const whereSql = keys.map((k) => `${k} = ?`).join(' AND ');
    const whereVals = keys.map((k) => where[k] as never);
    const old = this.readRow(table, where);
    if (!old) throw new Error(`No ${table} row for ${JSON.stringify(where)}`);
    const changed = Object.keys(patch).filter((k) => old[ident(k)] !== patch[k]);
    if (changed.length === 0) return [];
    this.noteGroups(table, where);
    prepared(this.ctx.db, `UPDATE ${ident(table)} SET ${changed.map((c) => `${c} = ?`).join(', ')} WHERE ${whereSql}`).run(
      ...changed.map((c) => patch[c] as never),
      ...whereVals,
    );
    this.noteGroups(table, where);
    const key = keyOf(def, old);
    if (!rowReplicates(def, key)) return changed;
    const recorded = changed.filter((c) => !isLocalColumn(def, c));
    if (recorded.length === 0) return changed;
    if (def.merge === 'record') {
      this.recordInsert(table, where, target, 'update');
      return changed;
    }
    for (const col of recorded) {
      const base = getClock(this.ctx.db, table, key, col);
      const hlc = this.record({ table, key, op: 'set', column: col, value: patch[col] ?? null, base }, this.display(table, key, target, col, old[col]));
      setClock(this.ctx.db, table, key, col, hlc);
    }
    return changed;
  }

  /** Inserts or updates a row keyed by `where` (for child rows such as a section's grade). */
  upsert(table: string, where: Row, patch: Row, target: HistoryTarget): string[] {
    if (this.readRow(table, where)) return this.update(table, where, patch, target);
    this.insert(table, { ...where, ...patch }, target);
    return Object.keys(patch);
  }

  /** Deletes the row matching `where`, recording a tombstone (the old row shown in the history). */
  remove(table: string, where: Row, target?: HistoryTarget): void {
    const def = entityOf(table);
    const keys = Object.keys(where).map(ident);
    const whereSql = keys.map((k) => `${k} = ?`).join(' AND ');
    const vals = keys.map((k) => where[k] as never);
    const old = this.readRow(table, where);
    if (!old) return;
    this.noteGroups(table, where);
    prepared(this.ctx.db, `DELETE FROM ${ident(table)} WHERE ${whereSql}`).run(...vals);
    const key = keyOf(def, old);
    if (!rowReplicates(def, key)) return;
    const hlc = this.record({ table, key, op: 'delete', column: null, value: null }, this.display(table, key, target, null, old));
    setClock(this.ctx.db, table, key, TOMBSTONE, hlc);
  }

  /** A change that is not a row edit (a submission, an export): recorded, replicated, never replayed onto a table. */
  event(target: HistoryTarget, op: string, data?: unknown): void {
    this.record({ table: target.entity, key: target.entityId, op: 'event', column: op, value: data ?? null }, { entity: target.entity, entityId: target.entityId, field: null });
  }

  /** Saves the clock; called once when the transaction's work is done. */
  finish(): void {
    if (this.owner) checkAsOwner(this.ctx.db, this.owner.person, this.owner.before, this.owner.made);
    if (this.groups.length) relistDuplicates(this.ctx.db, this.groups, (id) => resolutionOf(this.ctx, id));
    if (this.clock.millis > 0) saveHlc(this.ctx.db, this.clock);
  }
}

/** Runs `fn` in one IMMEDIATE transaction: every change and its log rows land together or not at all. */
export function write<T>(ctx: CoreContext, fn: (tx: Tx) => T): T {
  return ctx.db
    .transaction(() => {
      const tx = new Tx(ctx);
      const result = fn(tx);
      tx.finish();
      return result;
    })
    .immediate();
}

export const newId = (): string => uuidv7();
