/**
 * A laptop that merged template versions before the freeze rule (decision 67) is brought in line
 * once, when it next opens: a second publication's date that stood there goes back to the first
 * publication's, a conflict the old rule listed on a published version's status goes, and
 * `verify` agrees with the tables again. Real encrypted files, closed and opened again.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../electron/core/history/verify';
import { createCore, type Core } from '../../electron/core/index';
import { applyChanges, changesSince, stateHash } from '../../electron/core/sync/index';
import { copyTemplate, publishTemplate } from '../../electron/core/templates/service';
import { write } from '../../electron/core/write';
import { makeTestCore, type TestCore } from './helpers';
import { newestPublishedTemplate } from './templateFixtures';

const open: TestCore[] = [];
const reopened: Core[] = [];
afterEach(() => {
  while (reopened.length) reopened.pop()!.close();
  while (open.length) open.pop()!.cleanup();
});

describe('template versions merged before the freeze rule', () => {
  it('are re-derived by it once, when the laptop next opens', () => {
    const a = makeTestCore({ now: '2026-11-23T10:00:00Z' });
    const b = makeTestCore({ now: '2026-11-23T10:00:00Z' });
    open.push(a, b);
    const leadId = a.actAs('Lea Lead', 'qa-lead');
    const builtin = newestPublishedTemplate(a.ctx.db);
    const draft = copyTemplate(a.ctx, builtin);
    applyChanges(b.ctx, changesSince(a.ctx, 0, 1_000_000).changes);
    write(b.baseCtx, (tx) => tx.insert('settings', { key: 'current_user_id', value: leadId }));
    // Both of Lea's laptops publish the same draft while apart: a first, b a minute later.
    a.setNow('2026-11-23T10:05:00Z');
    publishTemplate(a.ctx, draft.id);
    b.setNow('2026-11-23T10:06:00Z');
    publishTemplate(b.baseCtx, draft.id);
    applyChanges(a.ctx, changesSince(b.ctx, 0, 1_000_000).changes);
    const first = a.ctx.db.prepare('SELECT published_at FROM templates WHERE id = ?').get(draft.id) as { published_at: string };
    expect(first.published_at).toBe('2026-11-23T10:05:00.000Z');

    // What the old rule left on laptop a: the later publication's date, and its status listed as a conflict.
    a.ctx.db.prepare("UPDATE templates SET published_at = '2026-11-23T10:06:00.000Z' WHERE id = ?").run(draft.id);
    a.ctx.db
      .prepare(
        `INSERT INTO conflicts (id, kind, tbl, row_key, col, entity, entity_id, field, value, hlc, person_id, person_name) VALUES ('stale:status', 'concurrent', 'templates', ?, 'status', 'templates', ?, 'status', '"draft"', '2026-11-23T10:01:00.000Z', ?, 'Lea Lead')`,
      )
      .run(draft.id, draft.id, leadId);
    a.ctx.db.prepare("DELETE FROM meta WHERE key = 'templates_freeze_settled'").run();
    expect(verifyHistory(a.ctx.db).ok).toBe(false);
    a.close();

    const again = createCore({ dbFile: path.join(a.dir, 'test.db'), key: a.key, now: () => new Date('2026-11-23T11:00:00Z') });
    reopened.push(again);
    expect(again.ctx.db.prepare('SELECT status, published_at FROM templates WHERE id = ?').get(draft.id)).toEqual({ status: 'published', published_at: '2026-11-23T10:05:00.000Z' });
    expect(again.ctx.db.prepare("SELECT id FROM conflicts WHERE tbl = 'templates'").all()).toEqual([]);
    expect(verifyHistory(again.ctx.db).ok).toBe(true);
    applyChanges(b.ctx, changesSince(again.ctx, 0, 1_000_000).changes);
    expect(stateHash(again.ctx)).toBe(stateHash(b.ctx));
    expect(JSON.parse((again.ctx.db.prepare("SELECT value FROM meta WHERE key = 'templates_freeze_settled'").get() as { value: string }).value)).toMatchObject({ changed: 1 });
  }, 60_000);
});
