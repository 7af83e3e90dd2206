import { afterEach, describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate';
import { ENTITIES } from '../../electron/core/entities/registry';
import { principalForPerson } from '../../electron/core/policy/principal';
import { TableState } from '../../electron/core/policy/tableState';
import { visibleTo, withoutHidden } from '../../electron/core/policy/visibility';
import { makeTestCore, type TestCore } from './helpers';

let core: TestCore | null = null;
afterEach(() => {
  core?.cleanup();
  core = null;
});

const replicated = Object.values(ENTITIES).filter((d) => d.replicates).map((d) => d.table);

describe("the laptop's table view, read row by row", () => {
  it('gives, for every row of every replicated table, what a whole read gives; and no row for a key that is not there', () => {
    core = makeTestCore({ now: '2026-11-23T10:00:00Z' });
    generateDemo(core.ctx, { seed: 2026 });
    const whole = new TableState(core.ctx.db);
    let asked = 0;
    for (const table of replicated) {
      const points = new TableState(core.ctx.db);
      for (const [key, row] of whole.rows(table)) {
        expect(points.row(table, key), `${table} ${key}`).toEqual(row);
        asked += 1;
      }
      expect(points.row(table, 'no-such-key')).toBeUndefined();
      expect(points.row(table, '["no","such","key","at","all"]')).toBeUndefined();
      // rowsWhere on the first column of the table's key gives the rows a filter of the whole table gives.
      const first = whole.rows(table)[Symbol.iterator]().next().value as [string, Record<string, unknown>] | undefined;
      if (!first) continue;
      const [column, value] = Object.entries(first[1]).find(([, v]) => typeof v === 'string')!;
      const filtered = [...whole.rows(table)].filter(([, r]) => r[column] === value);
      expect([...points.rowsWhere(table, column, value as string)].sort(), `${table}.${column}`).toEqual(filtered.sort());
    }
    expect(asked).toBeGreaterThan(500);
  });

  it("hides, id by id, exactly the ids visibleTo's whole set hides, for every person of the demo", () => {
    core = makeTestCore({ now: '2026-11-23T10:00:00Z' });
    generateDemo(core.ctx, { seed: 2026 });
    const people = core.ctx.db.prepare('SELECT id FROM users WHERE active = 1').all() as { id: string }[];
    const ids = replicated.flatMap((table) => [...new TableState(core!.ctx.db).rows(table)].map(([key]) => key));
    let hiddenSomewhere = 0;
    for (const { id } of people) {
      const principal = principalForPerson(core.ctx.db, id);
      if (!principal) continue;
      const whole = visibleTo(core.ctx.db, principal).hiddenIds();
      // A new view (as after a write), asked id by id.
      core.ctx.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('test.touch', ?)").run(id);
      const byId = visibleTo(core.ctx.db, principal);
      expect(ids.filter((k) => byId.isHidden(k)).sort()).toEqual(ids.filter((k) => whole.has(k)).sort());
      hiddenSomewhere += whole.size;
      const reply = { items: ids.map((k) => ({ id: k })), one: { id: ids[0] } };
      expect(withoutHidden(reply, (k) => byId.isHidden(k))).toEqual(withoutHidden(reply, whole));
    }
    expect(hiddenSomewhere).toBeGreaterThan(0);
  });
});
