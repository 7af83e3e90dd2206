import { canonicalJson } from '../../../shared/sync/hash';
import { changeHashProblem, GENESIS_HASH } from '../../../shared/sync/hash';
import type { Db } from '../db/open';
import { ident, prepared } from '../db/prepared';
import { isLocalColumn, keyOf, replicatedEntities } from '../entities/registry';
import { rowToChange, type ChangeRow } from '../sync/log';
import { materialize } from '../sync/materialize';
import { RuleContext, type MergeChange } from '../sync/rules';
import { hashRecord } from './hash';
import { logHeadHash } from './head';

export interface DeviceChainReport {
  deviceId: string;
  /** Changes of this device held here. */
  changes: number;
  headSeq: number;
  headHash: string;
  /** Sequence numbers missing here (changes this laptop's person may not see); 0 on a full copy. */
  missing: number;
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  /** The log's head hash (history/head.ts): the chains' heads, hashed together. */
  headHash: string;
  integrity: string;
  /** The first thing that does not hold, named. */
  brokenAt: { seq: number; id: string; reason: string; where: 'legacy' | 'chain' | 'replay' } | null;
  /** The chain written before version 8: its rows and head. */
  legacy: { rows: number; headHash: string };
  devices: DeviceChainReport[];
  /** Replaying the log gives the replicated tables exactly (rows compared). */
  replay: { ok: boolean; rows: number };
}

type Broken = Omit<NonNullable<VerifyResult['brokenAt']>, 'where'>;

interface LegacyRow {
  seq: number; id: string; device_id: string; device_seq: number; at: string; actor_id: string | null; actor_name: string;
  entity: string; entity_id: string; op: string; field: string | null; old_value: string | null; new_value: string | null;
  prev_hash: string; hash: string;
}

/** The chain written before version 8: one chain in seq order, by the old rule. */
function verifyLegacy(db: Db, changeLog: boolean): { rows: number; head: string; broken: Broken | null } {
  let prev = GENESIS_HASH;
  let rows = 0;
  const sql = changeLog ? 'SELECT * FROM history WHERE format = 1 ORDER BY seq' : 'SELECT * FROM history ORDER BY seq';
  for (const row of db.prepare(sql).iterate() as Iterable<LegacyRow>) {
    rows += 1;
    if (row.prev_hash !== prev) {
      return { rows, head: prev, broken: { seq: row.seq, id: row.id, reason: 'its link to the previous row does not match (a row before it was removed or inserted)' } };
    }
    const expected = hashRecord(prev, {
      id: row.id, deviceId: row.device_id, deviceSeq: row.device_seq, at: row.at, actorId: row.actor_id, actorName: row.actor_name,
      entity: row.entity, entityId: row.entity_id, op: row.op, field: row.field, oldValue: row.old_value, newValue: row.new_value,
    });
    if (expected !== row.hash) return { rows, head: prev, broken: { seq: row.seq, id: row.id, reason: 'its contents were changed after it was written' } };
    prev = row.hash;
  }
  return { rows, head: prev, broken: null };
}

/** Every device's chain: each change's hash, and its link wherever the change before it is held. */
function verifyDevices(db: Db): { devices: DeviceChainReport[]; broken: Broken | null } {
  // This device wrote every one of its own changes: a gap in its own chain is a removed change.
  const own = (prepared(db, "SELECT value FROM meta WHERE key = 'device_id'").get() as { value: string } | undefined)?.value;
  const devices: DeviceChainReport[] = [];
  let current: DeviceChainReport | null = null;
  for (const row of db.prepare('SELECT * FROM history WHERE format = 2 ORDER BY device_id, device_seq').iterate() as Iterable<ChangeRow>) {
    const c = rowToChange(row);
    if (!current || current.deviceId !== c.deviceId) {
      current = { deviceId: c.deviceId, changes: 0, headSeq: 0, headHash: GENESIS_HASH, missing: 0 };
      devices.push(current);
    }
    const problem = changeHashProblem(c);
    if (problem) return { devices, broken: { seq: row.seq, id: row.id, reason: problem } };
    if (c.deviceSeq === current.headSeq + 1 && c.prevHash !== current.headHash) {
      return { devices, broken: { seq: row.seq, id: row.id, reason: 'its link to the change before it in its device’s chain does not match (a change was removed, inserted or altered)' } };
    }
    if (c.deviceSeq !== current.headSeq + 1 && c.deviceId === own) {
      return { devices, broken: { seq: row.seq, id: row.id, reason: `its link to the change before it does not hold: this device’s change ${current.headSeq + 1} is missing (removed)` } };
    }
    current.missing += c.deviceSeq - current.headSeq - 1;
    current.changes += 1;
    current.headSeq = c.deviceSeq;
    current.headHash = c.hash;
  }
  return { devices, broken: null };
}

const show = (v: unknown): string => (v === null || v === undefined ? 'nothing' : typeof v === 'string' ? `'${v}'` : canonicalJson(v));

/** Replays every replicated table's changes and compares the result with the table, row by row. */
export function verifyReplay(db: Db): { rows: number; broken: Broken | null } {
  const rules = new RuleContext(db);
  let compared = 0;
  for (const def of replicatedEntities()) {
    const table = new Map<string, Record<string, unknown>>();
    for (const row of db.prepare(`SELECT * FROM ${ident(def.table)}`).iterate() as Iterable<Record<string, unknown>>) {
      const key = keyOf(def, row);
      if (!def.localRow?.(key)) table.set(key, row);
    }
    const stmt = db.prepare(
      "SELECT seq, row_key, hlc, kind, col, new_value, actor_id, base, hash FROM history WHERE format = 2 AND tbl = ? AND kind IN ('insert', 'set', 'delete') ORDER BY row_key",
    );
    let key: string | null = null;
    let lastSeq = 0;
    let group: MergeChange[] = [];
    const settle = (): Broken | null => {
      if (key === null) return null;
      const m = materialize(def, key, group, rules);
      const actual = table.get(key);
      table.delete(key);
      compared += 1;
      const id = `${def.table} ${key}`;
      if (!m.row && actual) return { seq: lastSeq, id, reason: `${def.table} row ${key}: the log says it was deleted, the table still has it` };
      if (m.row && !actual) return { seq: lastSeq, id, reason: `${def.table} row ${key}: the log says it exists, the table does not have it` };
      if (m.row && actual) {
        for (const [col, v] of Object.entries(m.row)) {
          if (isLocalColumn(def, col) || !(col in actual)) continue;
          if (canonicalJson(v) !== canonicalJson(actual[col])) {
            return { seq: lastSeq, id, reason: `${def.table} row ${key} column ${col}: log says ${show(v)}, table says ${show(actual[col])}` };
          }
        }
      }
      return null;
    };
    for (const r of stmt.iterate(def.table) as Iterable<{ seq: number; row_key: string; hlc: string; kind: MergeChange['op']; col: string | null; new_value: string | null; actor_id: string | null; base: string | null; hash: string }>) {
      if (r.row_key !== key) {
        const broken = settle();
        if (broken) return { rows: compared, broken };
        key = r.row_key;
        group = [];
        lastSeq = 0;
      }
      lastSeq = Math.max(lastSeq, r.seq);
      group.push({ hlc: r.hlc, op: r.kind, column: r.col, value: r.new_value === null ? null : (JSON.parse(r.new_value) as unknown), personId: r.actor_id, base: r.base, hash: r.hash });
    }
    const broken = settle();
    if (broken) return { rows: compared, broken };
    for (const [k] of table) {
      return { rows: compared, broken: { seq: 0, id: `${def.table} ${k}`, reason: `${def.table} row ${k}: the table has it, the log has no record of it (written behind the log’s back)` } };
    }
  }
  return { rows: compared, broken: null };
}

/** The migration that brought the change log (008_change_log.ts). */
const CHANGE_LOG_VERSION = 8;

/**
 * Checks the file's integrity, the chain written before version 8, every device's chain, and
 * that replaying the log gives the replicated tables exactly; names the first thing that does not hold.
 */
export function verifyHistory(db: Db): VerifyResult {
  const integrity = String(db.pragma('integrity_check', { simple: true }));
  const rows = (prepared(db, 'SELECT count(*) AS n FROM history').get() as { n: number }).n;
  // A file from before version 8 (a backup, or checked read-only before its upgrade) has only the old chain:
  // migration 008 brought the change log, and the ledger sets the file's version with each migration.
  const changeLog = (db.pragma('user_version', { simple: true }) as number) >= CHANGE_LOG_VERSION;
  const legacy = verifyLegacy(db, changeLog);
  if (!changeLog) {
    const brokenAt = legacy.broken ? { ...legacy.broken, where: 'legacy' as const } : null;
    return { ok: integrity === 'ok' && !brokenAt, rows, headHash: legacy.head, integrity, brokenAt, legacy: { rows: legacy.rows, headHash: legacy.head }, devices: [], replay: { ok: true, rows: 0 } };
  }
  const chains = verifyDevices(db);
  // Until its first open by the app after the upgrade, a file's rows have no baseline in the log to replay.
  const baselined = !!db.prepare("SELECT 1 FROM meta WHERE key = 'log_baseline'").get();
  const replay = legacy.broken || chains.broken || !baselined ? { rows: 0, broken: null } : verifyReplay(db);
  const brokenAt = legacy.broken
    ? { ...legacy.broken, where: 'legacy' as const }
    : chains.broken
      ? { ...chains.broken, where: 'chain' as const }
      : replay.broken
        ? { ...replay.broken, where: 'replay' as const }
        : null;
  return {
    ok: integrity === 'ok' && brokenAt === null,
    rows,
    headHash: logHeadHash(db),
    integrity,
    brokenAt,
    legacy: { rows: legacy.rows, headHash: legacy.head },
    devices: chains.devices,
    replay: { ok: !legacy.broken && !chains.broken && replay.broken === null, rows: replay.rows },
  };
}

export { logHeadHash as headHash } from './head';
