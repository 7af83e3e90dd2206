/**
 * The version 8 baseline. Rows written before the change log existed have no insert in it, so
 * the first time a database opens at version 8 this device records every replicated row as it
 * stands as an insert, after an event naming the old chain's head (linking the two chains).
 * A new database has nothing to record and only marks the baseline done.
 */
import type { CoreContext } from '../context';
import { ident, prepared } from '../db/prepared';
import { replicatedEntities } from '../entities/registry';
import { write } from '../write';

const DONE = 'log_baseline';

export function ensureBaseline(ctx: CoreContext): void {
  if (prepared(ctx.db, 'SELECT 1 FROM meta WHERE key = ?').get(DONE)) return;
  write(ctx, (tx) => {
    const legacy = prepared(ctx.db, 'SELECT count(*) AS n, (SELECT hash FROM history WHERE format = 1 ORDER BY seq DESC LIMIT 1) AS head FROM history WHERE format = 1').get() as {
      n: number;
      head: string | null;
    };
    let rows = 0;
    if (legacy.n > 0) {
      const legacyDevice = prepared(ctx.db, "SELECT value FROM meta WHERE key = 'legacy_device_id'").get() as { value: string } | undefined;
      tx.event({ entity: 'history', entityId: 'legacy' }, 'legacy-chain', { rows: legacy.n, headHash: legacy.head, deviceId: legacyDevice?.value ?? null });
      for (const def of replicatedEntities()) {
        const keyCols = def.key.map(ident).join(', ');
        for (const row of ctx.db.prepare(`SELECT ${keyCols} FROM ${ident(def.table)} ORDER BY ${keyCols}`).all() as Record<string, unknown>[]) {
          if (tx.snapshot(def.table, row)) rows += 1;
        }
      }
    }
    prepared(ctx.db, 'INSERT INTO meta (key, value) VALUES (?, ?)').run(DONE, JSON.stringify({ at: tx.at, rows }));
  });
}
