import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../../shared/sync/change';
import { getClock, ROW_CLOCK, rowClock, TOMBSTONE } from '../../electron/core/sync/clock';
import { applyChanges, changesSince, stateHash } from '../../electron/core/sync/index';
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
const CASE_COLUMNS = ['id', 'reference', 'team', 'worker', 'case_type', 'age_band', 'opened_on', 'closed_on', 'created_at', 'updated_at'];
function addCase(c: TestCore, reference: string): string {
  const id = newId();
  write(c.ctx, (tx) =>
    tx.insert('cases', { id, reference, team: 'North', worker: 'W', case_type: 'cin', age_band: '5-9', opened_on: null, closed_on: null, created_at: tx.at, updated_at: tx.at }),
  );
  return id;
}
const all = (c: TestCore): Change[] => changesSince(c.ctx, 0, 100_000).changes;
const entries = (c: TestCore, key: string) =>
  c.ctx.db.prepare("SELECT col, hlc FROM change_clock WHERE tbl = 'cases' AND row_key = ? ORDER BY col").all(key) as { col: string; hlc: string }[];
/** Every column's clock as a reader sees it (own entry, else the row's). */
const cells = (c: TestCore, key: string) => Object.fromEntries(CASE_COLUMNS.map((col) => [col, getClock(c.ctx.db, 'cases', key, col)]));

describe('change_clock keeps one entry per record plus the columns set since', () => {
  it('an insert is one row clock; a set adds that column alone; a delete adds the tombstone', () => {
    const a = core();
    a.actAs('Sam Auditor', 'auditor');
    const id = addCase(a, 'C-1');
    const [ins] = all(a).filter((c) => c.key === id);
    expect(entries(a, id)).toEqual([{ col: ROW_CLOCK, hlc: ins.hlc }]);
    expect(cells(a, id)).toEqual(Object.fromEntries(CASE_COLUMNS.map((col) => [col, ins.hlc])));

    write(a.ctx, (tx) => tx.update('cases', { id }, { worker: 'Wren' }));
    const set = all(a).find((c) => c.key === id && c.op === 'set')!;
    expect(set.base).toBe(ins.hlc);
    expect(entries(a, id)).toEqual([{ col: ROW_CLOCK, hlc: ins.hlc }, { col: 'worker', hlc: set.hlc }]);
    expect(getClock(a.ctx.db, 'cases', id, 'worker')).toBe(set.hlc);
    expect(getClock(a.ctx.db, 'cases', id, 'team')).toBe(ins.hlc);
    expect(rowClock(a.ctx.db, 'cases', id)).toBe(set.hlc);
    expect(getClock(a.ctx.db, 'cases', id, TOMBSTONE)).toBeNull();

    write(a.ctx, (tx) => tx.remove('cases', { id }));
    const del = all(a).find((c) => c.key === id && c.op === 'delete')!;
    expect(getClock(a.ctx.db, 'cases', id, TOMBSTONE)).toBe(del.hlc);
    expect(rowClock(a.ctx.db, 'cases', id)).toBe(del.hlc);
    // A re-insert names what it saw and replaces the column entries with its own row clock.
    write(a.ctx, (tx) =>
      tx.insert('cases', { id, reference: 'C-1', team: 'South', worker: 'W', case_type: 'cin', age_band: '5-9', opened_on: null, closed_on: null, created_at: tx.at, updated_at: tx.at }),
    );
    const again = all(a).filter((c) => c.key === id && c.op === 'insert').at(-1)!;
    expect(again.base).toBe(del.hlc);
    expect(entries(a, id)).toEqual([
      { col: TOMBSTONE, hlc: del.hlc },
      { col: ROW_CLOCK, hlc: again.hlc },
    ]);
  });

  it('a file written per cell (before the row clock) reads the same, and its next edit keeps working', () => {
    const a = core();
    a.actAs('Sam Auditor', 'auditor');
    const id = addCase(a, 'C-2');
    const before = cells(a, id);
    // Rewrite the entries as older versions stored them: one per column, no row clock.
    const hlc = entries(a, id)[0].hlc;
    a.ctx.db.prepare("DELETE FROM change_clock WHERE tbl = 'cases' AND row_key = ?").run(id);
    for (const col of CASE_COLUMNS) a.ctx.db.prepare("INSERT INTO change_clock (tbl, row_key, col, hlc) VALUES ('cases', ?, ?, ?)").run(id, col, hlc);
    expect(cells(a, id)).toEqual(before);
    write(a.ctx, (tx) => tx.update('cases', { id }, { team: 'East' }));
    const set = all(a).find((c) => c.key === id && c.op === 'set')!;
    expect(set.base).toBe(hlc);
    expect(getClock(a.ctx.db, 'cases', id, 'team')).toBe(set.hlc);
    expect(getClock(a.ctx.db, 'cases', id, 'worker')).toBe(hlc);
  });

  it('a device that merged the changes holds the same clock for every cell as the one that wrote them', () => {
    const a = core();
    const b = core();
    a.actAs('Sam Auditor', 'auditor');
    const id = addCase(a, 'C-3');
    write(a.ctx, (tx) => tx.update('cases', { id }, { worker: 'Ash' }));
    write(a.ctx, (tx) => tx.update('cases', { id }, { team: 'West' }));
    applyChanges(b.ctx, all(a));
    expect(cells(b, id)).toEqual(cells(a, id));
    expect(rowClock(b.ctx.db, 'cases', id)).toBe(rowClock(a.ctx.db, 'cases', id));
    // Compact on the receiver too: the shared time once, the two later columns on their own.
    expect(entries(b, id).map((e) => e.col)).toEqual([ROW_CLOCK, 'team', 'worker']);
    // b edits on top: its base is a's latest value of that cell, so a sees no conflict.
    b.actAs('Mo Moderator', 'moderator');
    write(b.ctx, (tx) => tx.update('cases', { id }, { worker: 'Birch' }));
    const mine = all(b).find((c) => c.deviceId === b.ctx.deviceId && c.op === 'set')!;
    expect(mine.base).toBe(getClock(a.ctx.db, 'cases', id, 'worker'));
    expect(applyChanges(a.ctx, all(b)).conflicts).toBe(0);
    expect(cells(a, id)).toEqual(cells(b, id));
    expect(stateHash(a.ctx)).toBe(stateHash(b.ctx));
  });
});
