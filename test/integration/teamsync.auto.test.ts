import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { AutoSync } from '../../electron/core/teamsync/auto';
import { syncStatus } from '../../electron/core/teamsync/sync';
import { startTeamServer } from '../../electron/server/start';
import { joinedLaptop } from '../support/laptop';
import { engines, LEAD, startTestServer } from '../support/teamServer';

const ENGINES = engines();
afterAll(async () => {
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

/** Waits (bounded) until `done` holds; returns how long it took. */
async function until(done: () => boolean, limitMs: number, what: string): Promise<number> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - start;
}

const FIELDS = { team: 'North', caseType: 'cin', ageBand: '0-4' };

describe.each(ENGINES)('syncing by itself on $name', (engine) => {
  it('pushes a change a little after it is made and pulls on its own tick, with nobody pressing "Sync now"; offline is shown and caught up', async () => {
    const storage = await engine.fresh();
    const server = await startTestServer(storage);
    let back: Awaited<ReturnType<typeof startTeamServer>> | null = null;
    const dirs: string[] = [];
    // The QA lead's two laptops, each syncing by itself (short intervals for the test: debounce 200 ms, tick 1 s).
    const one = await joinedLaptop(server.url, LEAD.email, LEAD.passphrase, dirs);
    const two = await joinedLaptop(server.url, LEAD.email, LEAD.passphrase, dirs);
    const timing = { everyMs: 1_000, checkMs: 100, debounceMs: 200 };
    const autos = [new AutoSync(one.core.ctx, timing).start(), new AutoSync(two.core.ctx, timing).start()];
    const has = (ref: string) => () => !!two.core.ctx.db.prepare('SELECT 1 FROM cases WHERE reference = ?').get(ref);
    try {
      await one.call('cases:create', { reference: 'AUTO-1', ...FIELDS });
      expect(syncStatus(one.core.ctx).waiting).toBeGreaterThan(0);
      await until(() => syncStatus(one.core.ctx).waiting === 0, 10_000, 'the change left the first laptop');
      await until(has('AUTO-1'), 10_000, 'the second laptop received it');
      expect(syncStatus(one.core.ctx)).toMatchObject({ state: 'synced', offlineSince: null });

      // The server goes away: the change waits, the laptop says it is offline and keeps working.
      await server.close();
      await one.call('cases:create', { reference: 'AUTO-2', ...FIELDS });
      await until(() => syncStatus(one.core.ctx).state === 'offline', 10_000, 'the laptop noticed it is offline');
      expect(syncStatus(one.core.ctx).offlineSince).not.toBeNull();
      expect(syncStatus(one.core.ctx).waiting).toBeGreaterThan(0);
      expect(has('AUTO-2')()).toBe(false);

      // It comes back at the same address: both laptops catch up on their own.
      back = await startTeamServer({ ...storage, host: '127.0.0.1', port: Number(new URL(server.url).port) });
      await until(has('AUTO-2'), 15_000, 'the second laptop received what waited');
      expect(syncStatus(one.core.ctx)).toMatchObject({ state: 'synced', waiting: 0, offlineSince: null });
    } finally {
      for (const a of autos) a.stop();
      one.close();
      two.close();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
      await server.close().catch(() => undefined);
      await back?.close();
    }
  }, 120_000);
});
