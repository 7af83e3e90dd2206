import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../../shared/sync/change';
import { verifyHistory } from '../../electron/core/history/verify';
import { applyChanges, ChangeRefused, changesSince, markSent, stateHash, unsentChanges } from '../../electron/core/sync/index';
import { newId, write } from '../../electron/core/write';
import { makeTestCore, type TestCore } from './helpers';

const cores: TestCore[] = [];
afterEach(() => {
  while (cores.length) cores.pop()!.cleanup();
});
function core(): TestCore {
  const c = makeTestCore();
  cores.push(c);
  return c;
}

function addCase(c: TestCore, reference: string, team = 'North'): string {
  const id = newId();
  write(c.ctx, (tx) =>
    tx.insert('cases', { id, reference, team, worker: 'W', case_type: 'cin', age_band: '5-9', opened_on: null, closed_on: null, created_at: tx.at, updated_at: tx.at }),
  );
  return id;
}

const all = (c: TestCore): Change[] => changesSince(c.ctx, 0, 100_000).changes;
const cell = (c: TestCore, id: string) => c.ctx.db.prepare('SELECT team, worker FROM cases WHERE id = ?').get(id) as { team: string; worker: string };

describe('Tx records replayable changes', () => {
  it('insert, set, delete and event carry table, key, column, clock time, device, sequence and person', () => {
    const a = core();
    const personId = a.actAs('Sam Auditor', 'auditor');
    const before = unsentChanges(a.ctx).length;
    const id = addCase(a, 'C-1');
    write(a.ctx, (tx) => {
      tx.update('cases', { id }, { team: 'South' });
      tx.event({ entity: 'cases', entityId: id }, 'looked-at', { why: 'test' });
    });
    const fresh = unsentChanges(a.ctx).slice(before);
    expect(fresh.map((c) => [c.op, c.table, c.key, c.column])).toEqual([
      ['insert', 'cases', id, null],
      ['set', 'cases', id, 'team'],
      ['event', 'cases', id, 'looked-at'],
    ]);
    const [ins, set] = fresh;
    expect(ins.value).toMatchObject({ id, reference: 'C-1', team: 'North' });
    expect(set.value).toBe('South');
    expect(set.base).toBe(ins.hlc);
    expect(fresh.every((c) => c.personId === personId && c.personName === 'Sam Auditor' && c.deviceId === a.ctx.deviceId)).toBe(true);
    expect(fresh.map((c) => c.deviceSeq)).toEqual([fresh[0].deviceSeq, fresh[0].deviceSeq + 1, fresh[0].deviceSeq + 2]);
    expect(set.prevHash).toBe(ins.hash);
    expect(ins.hlc < set.hlc).toBe(true);
    // The clock survives the process: the next write continues after it.
    const saved = a.ctx.db.prepare("SELECT value FROM meta WHERE key = 'hlc'").get() as { value: string };
    expect(saved.value).toBe(fresh[2].hlc);
  });

  it('records nothing for local bookkeeping: who is signed in here, an audit’s autosave revision', () => {
    const a = core();
    a.actAs('Sam Auditor', 'auditor');
    const n = unsentChanges(a.ctx).length;
    a.actAs('Sam Auditor', 'auditor');
    expect(unsentChanges(a.ctx).length).toBe(n);
    expect(unsentChanges(a.ctx).some((c) => c.table === 'settings' && c.key === 'current_user_id')).toBe(false);
    markSent(a.ctx, unsentChanges(a.ctx).at(-1)!.deviceSeq);
    expect(unsentChanges(a.ctx)).toEqual([]);
  });

  it('refuses a table the entity registry does not declare', () => {
    const a = core();
    a.ctx.db.exec('CREATE TABLE mystery (id TEXT PRIMARY KEY)');
    expect(() => write(a.ctx, (tx) => tx.insert('mystery', { id: 'x' }))).toThrow(/not declared in the entity registry/);
  });
});

describe('verify replays the log against the tables', () => {
  it('is sound after ordinary work and names the row and column of a direct UPDATE', () => {
    const a = core();
    a.actAs('Sam Auditor', 'auditor');
    const id = addCase(a, 'C-2');
    write(a.ctx, (tx) => tx.update('cases', { id }, { team: 'North' }));
    const sound = verifyHistory(a.ctx.db);
    expect(sound.ok).toBe(true);
    expect(sound.devices.map((d) => d.deviceId)).toEqual([a.ctx.deviceId]);
    expect(sound.devices[0].missing).toBe(0);
    a.ctx.db.prepare("UPDATE cases SET team = 'South' WHERE id = ?").run(id);
    const broken = verifyHistory(a.ctx.db);
    expect(broken.ok).toBe(false);
    expect(broken.brokenAt?.where).toBe('replay');
    expect(broken.brokenAt?.reason).toBe(`cases row ${id} column team: log says 'North', table says 'South'`);
  });

  it('names a row inserted or deleted behind the log’s back', () => {
    const a = core();
    const id = addCase(a, 'C-3');
    a.ctx.db.prepare("INSERT INTO cases (id, reference, team, case_type, age_band, created_at, updated_at) VALUES ('sneaky', 'X-1', 'N', 'cin', '5-9', 'now', 'now')").run();
    expect(verifyHistory(a.ctx.db).brokenAt?.reason).toMatch(/cases row sneaky: the table has it, the log has no record of it/);
    a.ctx.db.prepare("DELETE FROM cases WHERE id = 'sneaky'").run();
    a.ctx.db.prepare('DELETE FROM cases WHERE id = ?').run(id);
    expect(verifyHistory(a.ctx.db).brokenAt?.reason).toBe(`cases row ${id}: the log says it exists, the table does not have it`);
  });
});

describe('applyChanges', () => {
  it('brings another device to the same state, stores the original hashes, and is idempotent', () => {
    const a = core();
    const b = core();
    a.actAs('Sam Auditor', 'auditor');
    const id = addCase(a, 'C-4');
    write(a.ctx, (tx) => tx.update('cases', { id }, { worker: 'Wren' }));
    const sent = all(a);
    const first = applyChanges(b.ctx, sent);
    expect(first.applied).toBe(sent.length);
    expect(first.conflicts).toBe(0);
    expect(cell(b, id)).toEqual({ team: 'North', worker: 'Wren' });
    expect(applyChanges(b.ctx, sent)).toEqual({ applied: 0, alreadyHad: sent.length, conflicts: 0 });
    const held = changesSince(b.ctx, 0, 100_000).changes.filter((c) => c.deviceId === a.ctx.deviceId);
    expect(held.map((c) => c.hash)).toEqual(sent.map((c) => c.hash));
    expect(stateHash(b.ctx)).toBe(stateHash(a.ctx));
    expect(verifyHistory(b.ctx.db).ok).toBe(true);
    // b's own clock moved past everything it received.
    const clock = b.ctx.db.prepare("SELECT value FROM meta WHERE key = 'hlc'").get() as { value: string };
    expect(clock.value > sent.at(-1)!.hlc.slice(0, 29)).toBe(true);
  });

  it('refuses a whole batch when one change was altered, naming it', () => {
    const a = core();
    const b = core();
    a.actAs('Sam Auditor', 'auditor');
    addCase(a, 'C-5');
    const sent = all(a);
    const tampered = sent.map((c, i) => (i === sent.length - 1 ? { ...c, value: { ...(c.value as object), team: 'Elsewhere' } } : c));
    expect(() => applyChanges(b.ctx, tampered)).toThrow(ChangeRefused);
    expect(() => applyChanges(b.ctx, tampered)).toThrow(/do not match its hash/);
    expect(b.ctx.db.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 0 });
  });

  it('keeps both of two people’s concurrent edits of one field: the later on screen, the other as a conflict', () => {
    const a = core();
    const b = core();
    a.actAs('Sam Auditor', 'auditor');
    const id = addCase(a, 'C-6');
    applyChanges(b.ctx, all(a));
    b.actAs('Mo Moderator', 'moderator');
    a.setNow('2026-11-23T11:00:00Z');
    b.setNow('2026-11-23T11:05:00Z');
    write(a.ctx, (tx) => tx.update('cases', { id }, { worker: 'Ash' }));
    write(b.ctx, (tx) => tx.update('cases', { id }, { worker: 'Birch' }));
    const reportA = applyChanges(a.ctx, all(b));
    applyChanges(b.ctx, all(a));
    expect(reportA.conflicts).toBe(1);
    for (const c of [a, b]) {
      expect(cell(c, id).worker).toBe('Birch');
      const conflicts = c.ctx.db.prepare('SELECT kind, tbl, col, value, person_name FROM conflicts').all();
      expect(conflicts).toEqual([{ kind: 'concurrent', tbl: 'cases', col: 'worker', value: '"Ash"', person_name: 'Sam Auditor' }]);
    }
    expect(stateHash(a.ctx)).toBe(stateHash(b.ctx));
  });

  it('a later edit by someone who had seen the earlier one is not a conflict', () => {
    const a = core();
    const b = core();
    a.actAs('Sam Auditor', 'auditor');
    const id = addCase(a, 'C-7');
    write(a.ctx, (tx) => tx.update('cases', { id }, { worker: 'Ash' }));
    applyChanges(b.ctx, all(a));
    b.actAs('Mo Moderator', 'moderator');
    b.setNow('2026-11-23T10:30:00Z');
    write(b.ctx, (tx) => tx.update('cases', { id }, { worker: 'Birch' }));
    expect(applyChanges(a.ctx, all(b)).conflicts).toBe(0);
    expect(cell(a, id).worker).toBe('Birch');
  });

  it('a tombstone wins over an older set, and the set is still in the log', () => {
    const a = core();
    const b = core();
    const auditorId = a.actAs('Sam Auditor', 'auditor');
    const caseId = addCase(a, 'C-8');
    const auditId = newId();
    const templateId = (a.ctx.db.prepare('SELECT id FROM templates LIMIT 1').get() as { id: string }).id;
    const where = { audit_id: auditId, question_key: 's1.q1' };
    write(a.ctx, (tx) => {
      tx.insert('audits', { id: auditId, case_id: caseId, template_id: templateId, auditor_id: auditorId, status: 'draft', created_at: tx.at, updated_at: tx.at });
      tx.insert('audit_answers', { ...where, answer: 'yes' });
    });
    applyChanges(b.ctx, all(a));
    b.setNow('2026-11-23T10:10:00Z'); // b's edit is older than a's delete
    write(b.ctx, (tx) => tx.update('audit_answers', where, { answer: 'no' }));
    a.setNow('2026-11-23T10:20:00Z');
    write(a.ctx, (tx) => tx.remove('audit_answers', where));
    applyChanges(a.ctx, all(b));
    applyChanges(b.ctx, all(a));
    for (const c of [a, b]) expect(c.ctx.db.prepare('SELECT count(*) AS n FROM audit_answers').get()).toEqual({ n: 0 });
    expect(all(a).some((c) => c.table === 'audit_answers' && c.op === 'set' && c.value === 'no')).toBe(true);
    expect(stateHash(a.ctx)).toBe(stateHash(b.ctx));
    expect(verifyHistory(a.ctx.db).ok).toBe(true);
    expect(verifyHistory(b.ctx.db).ok).toBe(true);
  });
});

describe('entity registry', () => {
  it('declares every table a new database has, except the log’s own bookkeeping', async () => {
    const { isDeclared } = await import('../../electron/core/entities/registry');
    const a = core();
    const tables = (a.ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    const bookkeeping = new Set(['history', 'change_clock', 'conflicts', 'migration_ledger']);
    expect(tables.filter((t) => !bookkeeping.has(t) && !isDeclared(t))).toEqual([]);
  });
});

describe('Conflicts page operations', () => {
  it('lists a conflict to the people concerned with both values, and "keep" writes an ordinary change every device sees as resolved', async () => {
    const { callOk } = await import('./helpers');
    const a = core();
    const b = core();
    const samId = a.actAs('Sam Auditor', 'auditor');
    const id = addCase(a, 'C-9');
    applyChanges(b.ctx, all(a));
    b.actAs('Mo Moderator', 'moderator');
    b.setNow('2026-11-23T10:05:00Z');
    write(a.ctx, (tx) => tx.update('cases', { id }, { worker: 'Ash' }));
    write(b.ctx, (tx) => tx.update('cases', { id }, { worker: 'Birch' }));
    applyChanges(a.ctx, all(b));
    applyChanges(b.ctx, all(a));

    const listed = await callOk<{ id: string; field: string; current: { value: unknown; personName: string }; other: { value: unknown; personName: string } }[]>(a, 'conflicts:list', {});
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ field: 'worker', record: 'Case C-9', current: { value: 'Birch', personName: 'Mo Moderator' }, other: { value: 'Ash', personName: 'Sam Auditor' } });
    // Someone not concerned (another auditor) does not see it.
    a.actAs('Una Other', 'auditor');
    expect(await callOk(a, 'conflicts:list', {})).toEqual([]);
    a.actAs('Sam Auditor', 'auditor');
    expect(a.ctx.db.prepare('SELECT id FROM users WHERE name = ?').get('Sam Auditor')).toEqual({ id: samId });

    a.setNow('2026-11-23T10:10:00Z');
    expect(await callOk(a, 'conflicts:resolve', { id: listed[0].id, keep: 'other' })).toEqual({ id: listed[0].id, kept: 'other' });
    expect(cell(a, id).worker).toBe('Ash');
    expect(await callOk(a, 'conflicts:list', {})).toEqual([]);
    const report = applyChanges(b.ctx, all(a));
    expect(report.conflicts).toBe(0);
    expect(cell(b, id).worker).toBe('Ash');
    expect(b.ctx.db.prepare('SELECT resolved_by FROM conflicts').all()).toEqual([{ resolved_by: 'Sam Auditor' }]);
    expect(stateHash(a.ctx)).toBe(stateHash(b.ctx));
    expect(verifyHistory(a.ctx.db).ok).toBe(true);
  });
});
