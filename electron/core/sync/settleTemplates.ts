/**
 * Once per database (decision 67): every template version held here is re-derived from its
 * changes by the freeze rule, so a laptop that merged before the rule existed (where a second
 * publication's date could stand, or a published version's status was listed as a conflict)
 * holds and lists what every other laptop and the team server do. Versions settle as in a merge:
 * the published-template triggers stand aside (migration 015) and foreign keys are not checked
 * meanwhile (a version may be referred to by rows that have not arrived here).
 */
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import { entityOf } from '../entities/registry';
import { resolutionOf } from './apply';
import { settleRow } from './rows';
import { RuleContext } from './rules';

const DONE = 'templates_freeze_settled';

export function settleTemplatesOnce(ctx: CoreContext): void {
  const db = ctx.db;
  if (prepared(db, 'SELECT 1 FROM meta WHERE key = ?').get(DONE)) return;
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      prepared(db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('sync.merging', '1')").run();
      const def = entityOf('templates');
      const rules = new RuleContext(db);
      const now = ctx.now().toISOString();
      const keys = prepared(db, "SELECT DISTINCT row_key FROM history WHERE format = 2 AND tbl = 'templates' ORDER BY row_key").all() as { row_key: string }[];
      let changed = 0;
      for (const { row_key } of keys) if (settleRow(db, def, row_key, rules, (id) => resolutionOf(ctx, id), now)) changed += 1;
      prepared(db, "DELETE FROM meta WHERE key = 'sync.merging'").run();
      prepared(db, 'INSERT INTO meta (key, value) VALUES (?, ?)').run(DONE, JSON.stringify({ at: now, versions: keys.length, changed }));
    }).immediate();
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
}
