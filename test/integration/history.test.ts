import { afterEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../electron/core/history/verify';
import { newId, write } from '../../electron/core/write';
import { makeTestCore, type TestCore } from './helpers';

let core: TestCore;
afterEach(() => core?.cleanup());

function addCase(c: TestCore, reference: string): string {
  const id = newId();
  write(c.ctx, (tx) =>
    tx.insert('cases', { id, reference, team: 'North', worker: 'W', case_type: 'cin', age_band: '5-9', opened_on: null, closed_on: null, created_at: tx.at, updated_at: tx.at }),
  );
  return id;
}

describe('history', () => {
  it('records who, when, what and old → new for every change, in the same transaction', () => {
    core = makeTestCore();
    core.actAs('Sam Auditor', 'auditor');
    const id = addCase(core, 'H-1');
    write(core.ctx, (tx) => tx.update('cases', { id }, { team: 'South', worker: 'W' }));
    const rows = core.ctx.db.prepare("SELECT * FROM history WHERE entity = 'cases' AND entity_id = ? ORDER BY seq").all(id) as Record<string, unknown>[];
    expect(rows.map((r) => [r.op, r.field, r.old_value, r.new_value, r.actor_name])).toEqual([
      ['create', null, null, expect.stringContaining('"reference":"H-1"'), 'Sam Auditor'],
      ['update', 'team', '"North"', '"South"', 'Sam Auditor'],
    ]);
    expect(rows[1].device_id).toBe(core.ctx.deviceId);
    expect(rows[1].device_seq).toBe((rows[0].device_seq as number) + 1);
  });

  it('rolls back the change and its history together when the write fails', () => {
    core = makeTestCore();
    const before = core.ctx.db.prepare('SELECT count(*) AS n FROM history').get();
    expect(() =>
      write(core.ctx, (tx) => {
        tx.insert('cases', { id: newId(), reference: 'R-1', team: 'N', worker: '', case_type: 'cin', age_band: '5-9', created_at: tx.at, updated_at: tx.at });
        tx.insert('cases', { id: newId(), reference: 'R-2', team: 'N', worker: '', case_type: 'not a case type', age_band: '5-9', created_at: tx.at, updated_at: tx.at });
      }),
    ).toThrow(/CHECK constraint/);
    expect(core.ctx.db.prepare('SELECT count(*) AS n FROM history').get()).toEqual(before);
    expect(core.ctx.db.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 0 });
  });

  it('refuses UPDATE and DELETE on history rows', () => {
    core = makeTestCore();
    addCase(core, 'H-2');
    expect(() => core.ctx.db.prepare("UPDATE history SET actor_name = 'Someone else'").run()).toThrow(/append-only/);
    expect(() => core.ctx.db.prepare('DELETE FROM history').run()).toThrow(/append-only/);
  });

  it('verify walks the chain and names the first row edited behind its back', () => {
    core = makeTestCore();
    const id = addCase(core, 'H-3');
    for (const team of ['A', 'B', 'C']) write(core.ctx, (tx) => tx.update('cases', { id }, { team }));
    const sound = verifyHistory(core.ctx.db);
    expect(sound.ok).toBe(true);
    expect(sound.brokenAt).toBeNull();
    const target = core.ctx.db.prepare("SELECT seq FROM history WHERE field = 'team' AND new_value = '\"B\"'").get() as { seq: number };
    core.ctx.db.exec('DROP TRIGGER history_no_update');
    core.ctx.db.prepare(`UPDATE history SET new_value = '"Z"' WHERE seq = ?`).run(target.seq);
    const broken = verifyHistory(core.ctx.db);
    expect(broken.ok).toBe(false);
    expect(broken.brokenAt?.seq).toBe(target.seq);
    expect(broken.brokenAt?.reason).toMatch(/changed/);
  });

  it('verify detects a deleted row by the broken link of the next one', () => {
    core = makeTestCore();
    const id = addCase(core, 'H-4');
    for (const team of ['A', 'B', 'C']) write(core.ctx, (tx) => tx.update('cases', { id }, { team }));
    const rows = core.ctx.db.prepare('SELECT seq FROM history ORDER BY seq').all() as { seq: number }[];
    const victim = rows[rows.length - 2].seq;
    core.ctx.db.exec('DROP TRIGGER history_no_delete');
    core.ctx.db.prepare('DELETE FROM history WHERE seq = ?').run(victim);
    const broken = verifyHistory(core.ctx.db);
    expect(broken.ok).toBe(false);
    expect(broken.brokenAt?.seq).toBe(rows[rows.length - 1].seq);
    expect(broken.brokenAt?.reason).toMatch(/link/);
  });
});
