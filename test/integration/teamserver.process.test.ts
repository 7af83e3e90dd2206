import { afterAll, describe, expect, it } from 'vitest';
import type { Change } from '../../shared/sync/change';
import { createFirstQaLead } from '../../electron/server/init';
import { openTeamDatabase, startTeamServer } from '../../electron/server/start';
import { freePort } from '../support/pgCluster';
import { runCli, startServerProcess } from '../support/serverProcess';
import { addPeople, caseRow, member, signedIn } from '../support/teamFixture';
import { call, ChainDevice, engines, LEAD, value } from '../support/teamServer';

const ENGINES = engines();
afterAll(async () => {
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

const flag = (storage: { pg?: string; data?: string }): string[] => (storage.pg ? ['--pg', storage.pg] : ['--data', storage.data!]);

describe.each(ENGINES)('plumbline team-server as a process on $name', (engine) => {
  it('init makes the first QA lead; the server prints its address first, answers, survives SIGKILL mid-push and keeps every change exactly once', async () => {
    const storage = await engine.fresh();
    const init = await runCli(['team-server', 'init', ...flag(storage), '--admin-email', LEAD.email, '--admin-name', LEAD.name], { PLUMBLINE_PASSPHRASE: LEAD.passphrase });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/^Created QA lead Lea Lead/);
    const again = await runCli(['team-server', 'init', ...flag(storage), '--admin-email', 'x@y.org', '--admin-name', 'Other'], { PLUMBLINE_PASSPHRASE: LEAD.passphrase });
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);

    const port = await freePort();
    let server = await startServerProcess([...flag(storage), '--port', String(port)]);
    expect(server.firstLine).toBe(`Plumbline team server: http://127.0.0.1:${port}`);
    try {
      expect(value(await call(server.url, '/v1/health')).status).toBe('ok');
      const leadId = (await (async () => {
        const d = new ChainDevice({ id: '', name: '' });
        await d.signIn(server.url, LEAD.email, LEAD.passphrase);
        const { changes } = await d.pullAll(server.url);
        return changes.find((c) => c.table === 'users')!.key;
      })());
      const lead = new ChainDevice({ id: leadId, name: LEAD.name });
      await lead.signIn(server.url, LEAD.email, LEAD.passphrase);
      const all: Change[] = Array.from({ length: 3000 }, (_, i) => lead.insert('cases', `k-${i}`, caseRow(`k-${i}`, 'North')));
      // Push in batches, killing the server with SIGKILL while a batch is in flight.
      const first = lead.push(server.url, all.slice(0, 1500)).catch(() => null);
      await new Promise((r) => setTimeout(r, 30));
      expect(await server.kill('SIGKILL')).toBe('SIGKILL');
      await first;
      server = await startServerProcess([...flag(storage), '--port', String(port)]);
      // The laptop does not know whether the batch landed: it sends everything again, some twice.
      for (const slice of [all.slice(0, 1500), all.slice(1000, 2500), all.slice(0, 3000)]) value(await lead.push(server.url, slice));
      const reader = new ChainDevice({ id: leadId, name: LEAD.name });
      await reader.signIn(server.url, LEAD.email, LEAD.passphrase);
      const { changes } = await reader.pullAll(server.url);
      const mine = changes.filter((c) => c.deviceId === lead.deviceId);
      expect(mine.map((c) => c.deviceSeq)).toEqual(all.map((c) => c.deviceSeq));
      expect(new Set(mine.map((c) => c.hash)).size).toBe(3000);
    } finally {
      await server.kill('SIGTERM');
    }
    const refusal = await runCli(['team-server', ...flag(storage), '--host', '0.0.0.0', '--port', '0']);
    expect(refusal.code).toBe(1);
    expect(refusal.stderr).toMatch(/^plumbline: Refusing to listen on 0.0.0.0 over plain HTTP.*--tls-cert and --tls-key/);
  }, 900_000);
});

describe('two team servers on one PostgreSQL (separate pools and log views, as two processes have)', () => {
  const pgEngine = ENGINES.find((e) => e.name === 'PostgreSQL')!;
  it('serve the same team: a push to one is pulled from the other, concurrent pushes all land once, tokens and revocations are shared', async () => {
    const storage = await pgEngine.fresh();
    const a = await startTeamServer({ ...storage, port: 0 });
    const b = await startTeamServer({ ...storage, port: 0 });
    try {
      const { id } = await createFirstQaLead(a.sql, a.view, LEAD);
      const lead = new ChainDevice({ id, name: LEAD.name });
      await lead.signIn(b.url, LEAD.email, LEAD.passphrase);
      const people = [member('ann', 'Ann Auditor', 'auditor'), member('bob', 'Bob Auditor', 'auditor')];
      await addPeople(a.url, lead, people);
      const ann = await signedIn(b.url, people[0]);
      const lead2 = new ChainDevice({ id, name: LEAD.name });
      await lead2.signIn(a.url, LEAD.email, LEAD.passphrase);
      const batches = [lead, lead2].map((d, n) => Array.from({ length: 400 }, (_, i) => d.insert('cases', `c${n}-${i}`, caseRow(`c${n}-${i}`, 'North'))));
      await Promise.all([
        (async () => { for (let i = 0; i < 400; i += 50) value(await lead.push(a.url, batches[0].slice(i, i + 50))); })(),
        (async () => { for (let i = 0; i < 400; i += 50) value(await lead2.push(b.url, batches[1].slice(i, i + 50))); })(),
      ]);
      const rows = await a.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM changes WHERE tbl = $1', ['cases']);
      expect(Number(rows[0].n)).toBe(800);
      const seqs = await a.sql.query<{ s: string }>('SELECT server_seq::text AS s FROM changes ORDER BY server_seq');
      expect(seqs.map((r) => Number(r.s))).toEqual(seqs.map((_, i) => i + 1)); // no gaps: cursors never skip
      // Ann's token, issued by B, works on A; once A revokes her laptop, B refuses it too.
      expect((await call(a.url, '/v1/pull', { cursor: 0 }, ann.auth())).status).toBe(200);
      value(await call(a.url, '/v1/devices/revoke', { deviceId: ann.deviceId }, lead.auth()));
      expect((await call(b.url, '/v1/pull', { cursor: 0 }, ann.auth())).status).toBe(401);
      // A second process's view catches up from the log before answering.
      expect(value(await call(b.url, '/v1/health')).cursor).toBe(value(await call(a.url, '/v1/health')).cursor);
    } finally {
      await a.close();
      await b.close();
    }
    // The schema ledger is shared: a third process opening the same database finds it current.
    const third = await openTeamDatabase(storage);
    await third.sql.close();
  }, 300_000);
});
