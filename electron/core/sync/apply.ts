/**
 * Merging changes made on other devices (from the team server or an exchange bundle).
 *
 * `applyChanges` runs in one IMMEDIATE transaction: it checks every change's hash and its link to
 * its neighbours in its device's chain where they are held here (a person receives only what they
 * may see, so a device's chain may have gaps on a laptop; the team server holds it whole), stores
 * the changes with their original hashes, re-derives each touched row from all its changes
 * (materialize.ts: the same result in any order and any batching), relists conflicts and moves
 * the local clock past the newest time received. Anything wrong refuses the whole batch.
 */
import type { Change, MergeReport } from '../../../shared/sync/change';
import { changeHashProblem, GENESIS_HASH } from '../../../shared/sync/hash';
import { parseHlc, receiveHlc } from '../../../shared/sync/hlc';
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import { displayOf, entityOf, isDeclared, keyValues, rowReplicates } from '../entities/registry';
import { loadHlc, saveHlc, storeChange } from './log';
import { RuleContext } from './rules';
import { settleRow } from './rows';
import { groupsOfRow, hasNaturalKeys, relistDuplicates } from './duplicates';

/** A change refused, with the reason; nothing of its batch was stored. */
export class ChangeRefused extends Error {
  constructor(readonly change: Pick<Change, 'deviceId' | 'deviceSeq' | 'table' | 'key'>, readonly reason: string) {
    super(`Change ${change.deviceSeq} of device ${change.deviceId} (${change.table} ${change.key}) was refused: ${reason}.`);
  }
}

/** Content tables whose rows follow an audit's status (the frozen rule). */
const AUDIT_FAMILY = ['audit_sections', 'audit_answers'] as const;

export const CONFLICTS_TABLE = 'conflicts';

export function resolutionOf(ctx: CoreContext, conflictId: string): { at: string; by: string } | null {
  const row = prepared(
    ctx.db,
    `SELECT at, actor_name FROM history WHERE format = 2 AND tbl = '${CONFLICTS_TABLE}' AND row_key = ? AND kind = 'event' ORDER BY hlc LIMIT 1`,
  ).get(conflictId) as { at: string; actor_name: string } | undefined;
  return row ? { at: row.at, by: row.actor_name } : null;
}

function check(ctx: CoreContext, c: Change, batch: Map<string, Change>): 'new' | 'had' {
  const held = prepared(ctx.db, 'SELECT hash, prev_hash FROM history WHERE device_id = ? AND device_seq = ? AND format = 2').get(c.deviceId, c.deviceSeq) as
    | { hash: string; prev_hash: string }
    | undefined;
  const inBatch = batch.get(`${c.deviceId}:${c.deviceSeq}`);
  const known = held?.hash ?? inBatch?.hash;
  if (known !== undefined) {
    if (known !== c.hash) throw new ChangeRefused(c, 'another change with the same device and sequence number is already held (the device’s chain forked)');
    return 'had';
  }
  const problem = changeHashProblem(c);
  if (problem) throw new ChangeRefused(c, problem);
  try {
    parseHlc(c.hlc);
  } catch {
    throw new ChangeRefused(c, `its clock time "${c.hlc}" is not one`);
  }
  if (c.op !== 'event') {
    if (!isDeclared(c.table)) throw new ChangeRefused(c, `there is no table "${c.table}" here (is this Plumbline older than the sender’s?)`);
    const def = entityOf(c.table);
    if (!rowReplicates(def, c.key)) throw new ChangeRefused(c, `"${c.table}" is kept on each device and never exchanged`);
  }
  const prev =
    c.deviceSeq === 1
      ? GENESIS_HASH
      : (batch.get(`${c.deviceId}:${c.deviceSeq - 1}`)?.hash ??
        (prepared(ctx.db, 'SELECT hash FROM history WHERE device_id = ? AND device_seq = ? AND format = 2').get(c.deviceId, c.deviceSeq - 1) as { hash: string } | undefined)?.hash);
  if (prev !== undefined && prev !== c.prevHash) throw new ChangeRefused(c, 'it does not link to the change before it in its device’s chain');
  const next = prepared(ctx.db, 'SELECT prev_hash FROM history WHERE device_id = ? AND device_seq = ? AND format = 2').get(c.deviceId, c.deviceSeq + 1) as
    | { prev_hash: string }
    | undefined;
  if (next && next.prev_hash !== c.hash) throw new ChangeRefused(c, 'the change after it in its device’s chain does not link to it');
  return 'new';
}

export function applyChanges(ctx: CoreContext, changes: readonly Change[]): MergeReport {
  const db = ctx.db;
  const sorted = [...changes].sort((a, b) => (a.deviceId === b.deviceId ? a.deviceSeq - b.deviceSeq : a.deviceId < b.deviceId ? -1 : 1));
  // Rows may arrive before the rows they refer to (another batch, or not visible to this person).
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    return db
      .transaction((): MergeReport => {
        const report: MergeReport = { applied: 0, alreadyHad: 0, conflicts: 0 };
        // The published-template triggers stand aside while merging (migration 015): the merge rule
        // keeps a published version frozen; rolled back with the transaction, removed at its end.
        prepared(db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('sync.merging', '1')").run();
        const batch = new Map<string, Change>();
        const rows = new Map<string, { table: string; key: string }>();
        const audits = new Set<string>();
        const resolutions = new Set<string>();
        let newest: string | null = null;
        for (const c of sorted) {
          if (check(ctx, c, batch) === 'had') {
            report.alreadyHad += 1;
            continue;
          }
          batch.set(`${c.deviceId}:${c.deviceSeq}`, c);
          const display =
            c.op === 'event'
              ? { entity: c.table, entityId: c.key, field: null }
              : (() => {
                  const d = displayOf(entityOf(c.table), c.key);
                  return { entity: d.entity, entityId: d.entityId, field: c.column === null ? null : (d.fieldPrefix ?? '') + c.column };
                })();
          storeChange(db, c, display);
          report.applied += 1;
          if (newest === null || c.hlc > newest) newest = c.hlc;
          if (c.op === 'event') {
            if (c.table === CONFLICTS_TABLE) resolutions.add(c.key);
            continue;
          }
          rows.set(`${c.table}\u0000${c.key}`, { table: c.table, key: c.key });
          if (c.table === 'audits') audits.add(c.key);
        }
        // A status change can freeze or unfreeze the auditor's changes to the audit's content.
        for (const auditId of audits) {
          for (const table of AUDIT_FAMILY) {
            const prefix = JSON.stringify([auditId]).slice(0, -1) + ',';
            const keys = prepared(db, 'SELECT DISTINCT row_key FROM history WHERE format = 2 AND tbl = ? AND row_key >= ? AND row_key < ?').all(
              table,
              prefix,
              prefix + '\uffff',
            ) as { row_key: string }[];
            for (const k of keys) rows.set(`${table}\u0000${k.row_key}`, { table, key: k.row_key });
          }
        }
        const before = (prepared(db, 'SELECT count(*) AS n FROM conflicts').get() as { n: number }).n;
        const rules = new RuleContext(db);
        const touchedAudits = new Set<string>();
        const sortedRows = [...rows.values()].sort((a, b) => (a.table === b.table ? (a.key < b.key ? -1 : 1) : a.table < b.table ? -1 : 1));
        // Natural keys (a case reference…) a row leaves or joins: both groups are relisted after.
        const groups: string[] = [];
        for (const { table, key } of sortedRows) {
          const def = entityOf(table);
          const natural = hasNaturalKeys(table);
          if (natural) groups.push(...groupsOfRow(db, table, key));
          const changed = settleRow(db, def, key, rules, (id) => resolutionOf(ctx, id), ctx.now().toISOString());
          if (natural) groups.push(...groupsOfRow(db, table, key));
          if (changed && def.auditContent) touchedAudits.add(def.auditContent.auditId(keyValues(def, key)));
        }
        relistDuplicates(db, groups, (id) => resolutionOf(ctx, id));
        for (const id of resolutions) {
          const r = resolutionOf(ctx, id);
          if (r) prepared(db, 'UPDATE conflicts SET resolved_at = ?, resolved_by = ? WHERE id = ?').run(r.at, r.by, id);
        }
        report.conflicts = Math.max(0, (prepared(db, 'SELECT count(*) AS n FROM conflicts').get() as { n: number }).n - before);
        // An editor open on a copy that just changed must reload before saving over it.
        for (const id of touchedAudits) prepared(db, 'UPDATE audits SET revision = revision + 1, updated_at = ? WHERE id = ?').run(ctx.now().toISOString(), id);
        prepared(db, "DELETE FROM meta WHERE key = 'sync.merging'").run();
        if (newest !== null) {
          const latest = newest;
          try {
            saveHlc(db, receiveHlc(loadHlc(db, ctx.deviceId), parseHlc(latest), ctx.now().getTime()));
          } catch (error) {
            const c = sorted.find((x) => x.hlc === latest)!;
            throw new ChangeRefused(c, (error as Error).message.replace(/\.$/, ''));
          }
        }
        return report;
      })
      .immediate();
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
}
