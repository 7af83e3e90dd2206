/**
 * `stateHash`: SHA-256 over the replicated tables' content in a canonical form — tables by name,
 * rows by key, replicated columns only, each row as canonical JSON — so two devices holding the
 * same data give the same hash whatever order their changes came in. Local tables, local columns
 * and local rows (registry.ts) are left out.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/sync/hash';
import type { CoreContext } from '../context';
import { ident } from '../db/prepared';
import { isLocalColumn, keyOf, replicatedEntities } from '../entities/registry';

export function stateHash(ctx: CoreContext, options: { tables?: readonly string[] } = {}): string {
  const hash = createHash('sha256');
  for (const def of replicatedEntities()) {
    if (options.tables && !options.tables.includes(def.table)) continue;
    hash.update(`table ${def.table}\n`);
    const order = def.key.map(ident).join(', ');
    for (const row of ctx.db.prepare(`SELECT * FROM ${ident(def.table)} ORDER BY ${order}`).iterate() as Iterable<Record<string, unknown>>) {
      if (def.localRow?.(keyOf(def, row))) continue;
      const kept: Record<string, unknown> = {};
      for (const [col, v] of Object.entries(row)) if (!isLocalColumn(def, col)) kept[col] = v;
      hash.update(canonicalJson(kept));
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}
