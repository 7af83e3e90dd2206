import { afterAll, describe, expect, it } from 'vitest';
import { joinTeam } from '../../electron/core/teamsync/join';
import { readSyncMeta } from '../../electron/core/teamsync/state';
import { syncNow, syncStatus } from '../../electron/core/teamsync/sync';
import { normaliseServerUrl } from '../../electron/core/teamsync/transport';
import { freePort } from '../support/pgCluster';
import { engines, LEAD, startTestServer } from '../support/teamServer';
import { makeTestCore } from './helpers';

const ENGINES = engines();
afterAll(async () => {
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

describe('the laptop sync client before and while joining', () => {
  it('refuses plain http to another computer, and says a standalone laptop has not joined', async () => {
    expect(() => normaliseServerUrl('http://plumbline.council.example')).toThrow(/must be reached over https/);
    expect(normaliseServerUrl('https://plumbline.council.example/some/path')).toBe('https://plumbline.council.example');
    expect(normaliseServerUrl('http://127.0.0.1:7410')).toBe('http://127.0.0.1:7410');
    const laptop = makeTestCore();
    try {
      expect(syncStatus(laptop.ctx)).toMatchObject({ state: 'not-joined', server: null, waiting: 0 });
      await expect(syncNow(laptop.ctx)).rejects.toThrow(/has not joined a team/);
      const port = await freePort();
      await expect(joinTeam(laptop.ctx, { server: `http://127.0.0.1:${port}`, login: 'x@y.org', passphrase: 'whatever it is' })).rejects.toThrow(/does not answer/);
      expect(readSyncMeta(laptop.ctx).token).toBeNull();
    } finally {
      laptop.cleanup();
    }
  }, 60_000);
});

describe.each(ENGINES)('joining a team server on $name', (engine) => {
  it('refuses a wrong passphrase with the server\'s reason and leaves the laptop standalone', async () => {
    const server = await startTestServer(await engine.fresh());
    const laptop = makeTestCore();
    try {
      await expect(joinTeam(laptop.ctx, { server: server.url, login: LEAD.email, passphrase: 'not the passphrase' })).rejects.toThrow(/do not match a person on this team server/);
      expect(syncStatus(laptop.ctx).state).toBe('not-joined');
    } finally {
      laptop.cleanup();
      await server.close();
    }
  }, 120_000);
});
