import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index';
import { resolveKey } from '../../electron/core/keys';
import { syncNow, syncStatus } from '../../electron/core/teamsync/sync';
import type { Change } from '../../shared/sync/change';
import { runCli, ROOT } from './cliRunner';
import { joinedLaptop } from '../support/laptop';
import { serverTestFile } from '../support/serverTestFile';
import { LEAD, startTestServer } from '../support/teamServer';

/**
 * Issue 15 item 6: a laptop belongs to the person who joined it. The real command line on a joined
 * laptop records its changes as that person's ("<name> (by the command line)"), within that
 * person's rights, and they reach the team server as theirs; so does what the app records before
 * anyone signs in (a mistyped passphrase).
 */
const { ENGINES, dirs } = serverTestFile();

const CASES_CSV = path.join(ROOT, 'test/fixtures/cases/excel-windows-1252.csv');
const ANN = { name: 'Ann Auditor', email: 'ann@council.example', passphrase: 'ann passphrase for her laptop' };

function tempDb(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-owner-'));
  dirs.push(dir);
  return path.join(dir, name);
}

/** The server's copy of the changes one device pushed. */
async function serverChanges(server: Awaited<ReturnType<typeof startTestServer>>, deviceId: string): Promise<(Change & { stored: string | null })[]> {
  const rows = await server.sql.query<{ person_id: string | null; body: unknown }>('SELECT person_id, body FROM changes WHERE device_id = $1 ORDER BY device_seq', [deviceId]);
  return rows.map((r) => ({ ...((typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as Change), stored: r.person_id }));
}

/** Reads a laptop file the command line made (its key is in the key file beside it). */
function readLaptop<T>(db: string, read: (core: Core) => T): T {
  const core = createCore({ dbFile: db, key: resolveKey(db).key });
  try {
    return read(core);
  } finally {
    core.close();
  }
}
const deviceOf = (db: string): string => readLaptop(db, (core) => core.ctx.deviceId);

describe.each(ENGINES)('a laptop belongs to the person who joined it, on $name', (engine) => {
  it('the command line changes a joined laptop as its person, within their rights, and the server stores it as theirs', async () => {
    const server = await startTestServer(await engine.fresh());
    try {
      const lead = await joinedLaptop(server.url, LEAD.email, LEAD.passphrase, dirs);
      await lead.call('people:add', { name: ANN.name, email: ANN.email, role: 'auditor', teams: ['North'], passphrase: ANN.passphrase });
      await syncNow(lead.core.ctx);
      lead.close();

      // The QA lead's own second laptop, joined and used from the command line: the import is hers.
      const leadDb = tempDb('lead.db');
      const joined = await runCli(['join', '--db', leadDb, '--server', server.url, '--login', LEAD.email], { PLUMBLINE_PASSPHRASE: LEAD.passphrase });
      expect(joined.stderr).toBe('');
      expect(joined.stdout).toContain(`as ${LEAD.name}: this laptop is now theirs`);
      const imported = await runCli(['import-cases', '--db', leadDb, '--csv', CASES_CSV]);
      expect(imported.stderr).toBe('');
      expect(imported.stdout).toContain('Imported 6 new cases');
      const synced = await runCli(['sync', '--db', leadDb, '--json']);
      expect(synced.stderr).toBe('');
      expect(synced.code).toBe(0);
      expect((JSON.parse(synced.stdout) as { pushed: number }).pushed).toBeGreaterThanOrEqual(6);
      const onServer = (await serverChanges(server, deviceOf(leadDb))).filter((c) => c.table === 'cases');
      expect(onServer.length).toBeGreaterThanOrEqual(6);
      for (const c of onServer) expect([c.stored, c.personId, c.personName]).toEqual([server.leadId, server.leadId, `${LEAD.name} (by the command line)`]);

      // The auditor's laptop: the command line may not do there what she may not do.
      const annDb = tempDb('ann.db');
      expect((await runCli(['join', '--db', annDb, '--server', server.url, '--login', ANN.email], { PLUMBLINE_PASSPHRASE: ANN.passphrase })).code).toBe(0);
      const refused = await runCli(['import-cases', '--db', annDb, '--csv', CASES_CSV]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^plumbline: This laptop belongs to Ann Auditor, and the team would refuse this change as theirs: only a QA lead can change cases \(cases [^)]+\)\. Nothing was saved\.\n$/);
      const after = await runCli(['sync', '--db', annDb, '--json']);
      expect(after.code).toBe(0);
      expect(JSON.parse(after.stdout)).toMatchObject({ pushed: 0 });
      // Nothing of the refused import was kept: her laptop still holds only what the server sent her.
      expect(readLaptop(annDb, (core) => core.ctx.db.prepare('SELECT count(*) AS n FROM cases').get())).toEqual({ n: 0 });
    } finally {
      await server.close();
    }
  }, 600_000);

  it('a mistyped passphrase on a joined laptop is recorded as its person\'s and does not block its sync', async () => {
    const server = await startTestServer(await engine.fresh());
    try {
      const lead = await joinedLaptop(server.url, LEAD.email, LEAD.passphrase, dirs);
      await lead.call('people:add', { name: ANN.name, email: ANN.email, role: 'auditor', teams: ['North'], passphrase: ANN.passphrase });
      await syncNow(lead.core.ctx);
      const ann = await joinedLaptop(server.url, ANN.email, ANN.passphrase, dirs);
      const wrong = await ann.core.dispatch(null, 'session:signIn', { login: ANN.email, passphrase: 'not her passphrase at all' });
      expect(wrong.ok).toBe(false);
      const report = await syncNow(ann.core.ctx);
      expect(report.pushed).toBeGreaterThan(0);
      expect(syncStatus(ann.core.ctx)).toMatchObject({ state: 'synced', refused: null, waiting: 0 });
      const failed = (await serverChanges(server, ann.core.ctx.deviceId)).find((c) => c.op === 'event' && c.column === 'sign-in-failed');
      expect(failed).toMatchObject({ stored: ann.personId, personId: ann.personId, personName: `${ANN.name} (on this laptop, not signed in)` });
      // The QA lead's laptop knows Ann's passphrase (the lead set it there), but it is the lead's: Ann cannot sign in on it.
      const onLeads = await lead.core.dispatch(null, 'session:signIn', { login: ANN.email, passphrase: ANN.passphrase });
      expect(onLeads).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: `This laptop belongs to ${LEAD.name}, so only they sign in here. ${ANN.name}, sign in on your own laptop (or join the team from a new one).` } });
      expect(await lead.core.dispatch(null, 'session:signIn', { login: LEAD.email, passphrase: LEAD.passphrase })).toMatchObject({ ok: true });
      expect((await syncNow(lead.core.ctx)).pushed).toBeGreaterThan(0);
      for (const l of [lead, ann]) l.close();
    } finally {
      await server.close();
    }
  }, 600_000);
});
