import { hash } from '@node-rs/argon2';
import { afterAll, describe, expect, it } from 'vitest';
import { ARGON2 } from '../../electron/server/init';
import { migrateServer, SERVER_MIGRATIONS } from '../../electron/server/schema';
import { openSql } from '../../electron/server/sql';
import { call, ChainDevice, engines, LEAD, startTestServer, value } from '../support/teamServer';
import { member, personRow } from '../support/teamFixture';

const ENGINES = engines();
afterAll(async () => {
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

describe.each(ENGINES)('team server on $name: health, schema ledger, sign-in and device tokens', (engine) => {
  it('answers health, signs the QA lead in, refuses wrong passphrases with back-off, and stores tokens hashed', async () => {
    const storage = await engine.fresh();
    const server = await startTestServer(storage);
    try {
      const health = value(await call(server.url, '/v1/health'));
      expect(health).toMatchObject({ status: 'ok', engine: engine.name === 'PGlite' ? 'pglite' : 'postgresql' });
      expect(health.cursor).toBe(1); // the QA lead's people row; the hash is not in the log

      const laptop = new ChainDevice({ id: server.leadId, name: LEAD.name });
      await laptop.signIn(server.url, LEAD.email.toUpperCase(), LEAD.passphrase);
      expect(laptop.token).toMatch(/^plt_/);
      const stored = await server.sql.query<{ token_hash: string }>('SELECT token_hash FROM device_tokens');
      expect(stored).toHaveLength(1);
      expect(stored[0].token_hash).not.toContain(laptop.token);
      expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);

      // The QA lead's own laptop receives their own passphrase hash (to sign in offline), beside the log.
      const { changes, passphrase } = await laptop.pullAll(server.url);
      expect(passphrase?.hash).toMatch(/^\$argon2id\$/);
      expect(JSON.stringify(changes)).not.toContain('$argon2id$');

      for (let i = 0; i < 3; i++) {
        const wrong = await call(server.url, '/v1/sign-in', { login: LEAD.email, passphrase: 'not it', deviceId: laptop.deviceId });
        expect(wrong.status).toBe(401);
        expect(wrong.body).toMatchObject({ ok: false, error: { code: 'BAD_SIGN_IN' } });
      }
      const waiting = await call(server.url, '/v1/sign-in', { login: LEAD.email, passphrase: LEAD.passphrase, deviceId: laptop.deviceId });
      expect(waiting.status).toBe(429);
      expect(waiting.body).toMatchObject({ ok: false, error: { code: 'SIGN_IN_BACKOFF' } });
      if (!waiting.body.ok) expect(waiting.body.error.message).toMatch(/try again in \d+ seconds/);

      const missing = await call(server.url, '/v1/sign-in', { login: '', passphrase: 'x', deviceId: 'd' });
      expect(missing.status).toBe(400);
      if (!missing.body.ok) expect(missing.body.error.message).toMatch(/login/);
      const unknown = await call(server.url, '/v1/nothing');
      expect(unknown.status).toBe(404);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('refuses a token used from another device, and a device the QA lead revoked', async () => {
    const server = await startTestServer(await engine.fresh());
    try {
      const lead = new ChainDevice({ id: server.leadId, name: LEAD.name });
      await lead.signIn(server.url, LEAD.email, LEAD.passphrase);
      // The QA lead adds an auditor (a people row in the log, the passphrase hash beside it).
      const annMember = member('person-ann', 'Ann Auditor', 'auditor');
      const auditorId = annMember.id;
      const ph = await hash(annMember.passphrase, ARGON2);
      value(await lead.push(server.url, [lead.insert('users', auditorId, personRow(annMember))], [{ personId: auditorId, hash: ph }]));
      const ann = new ChainDevice({ id: auditorId, name: 'Ann Auditor' });
      await ann.signIn(server.url, annMember.email, annMember.passphrase);
      // Only a QA lead sets someone else's passphrase.
      const sneaky = await ann.push(server.url, [], [{ personId: server.leadId, hash: ph }]);
      expect(sneaky.status).toBe(403);

      const other = new ChainDevice({ id: auditorId, name: 'Ann Auditor' });
      const stolen = await call(server.url, '/v1/pull', { cursor: 0 }, { token: ann.token, deviceId: other.deviceId });
      expect(stolen.status).toBe(403);
      expect(stolen.body).toMatchObject({ ok: false, error: { code: 'WRONG_DEVICE' } });

      // Ann's laptop receives her own passphrase hash, and never the QA lead's.
      const { changes, passphrase } = await ann.pullAll(server.url);
      expect(passphrase?.hash).toBe(ph);
      expect(JSON.stringify(changes)).not.toContain('$argon2id$');
      const leadHash = (await server.sql.query<{ hash: string }>('SELECT hash FROM passphrases WHERE person_id = $1', [server.leadId]))[0].hash;
      expect(passphrase?.hash).not.toBe(leadHash);

      // Someone else's laptop cannot be signed in as Ann's device by another person.
      const taken = await call(server.url, '/v1/sign-in', { login: LEAD.email, passphrase: LEAD.passphrase, deviceId: ann.deviceId });
      expect(taken.status).toBe(403);

      const devices = value(await call<{ deviceId: string; personName: string }[]>(server.url, '/v1/devices', undefined, lead.auth()));
      expect(devices.map((d) => d.personName).sort()).toEqual(['Ann Auditor', 'Lea Lead']);
      const notLead = await call(server.url, '/v1/devices/revoke', { deviceId: lead.deviceId }, ann.auth());
      expect(notLead.status).toBe(403);
      expect(notLead.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: "Only a QA lead manages the team's devices." } });
      expect((await call(server.url, '/v1/devices', undefined, ann.auth())).status).toBe(403);
      expect((await call(server.url, '/v1/devices', undefined)).status).toBe(401);
      value(await call(server.url, '/v1/devices/revoke', { deviceId: ann.deviceId }, lead.auth()));
      const revoked = await call(server.url, '/v1/pull', { cursor: 0 }, ann.auth());
      expect(revoked.status).toBe(401);
      expect(revoked.body).toMatchObject({ ok: false, error: { code: 'TOKEN_REVOKED' } });
    } finally {
      await server.close();
    }
  }, 120_000);

  it('keeps a ledger of its migrations and refuses a database whose applied list differs', async () => {
    const storage = await engine.fresh();
    const sql = await openSql(storage);
    try {
      await migrateServer(sql);
      await migrateServer(sql); // idempotent
      const ledger = await sql.query<{ number: number; name: string; checksum: string }>('SELECT number, name, checksum FROM server_migrations');
      expect(ledger.map((r) => Number(r.number))).toEqual(SERVER_MIGRATIONS.map((m) => m.number));
      const changed = SERVER_MIGRATIONS.map((m) => ({ ...m, sql: m.sql + '\n-- edited' }));
      await expect(migrateServer(sql, changed)).rejects.toThrow(/differs from this Plumbline's/);
      await sql.query(`INSERT INTO server_migrations (number, name, checksum) VALUES (99, 'from-the-future', 'x')`);
      await expect(migrateServer(sql)).rejects.toThrow(/server migration 99 \(from-the-future\), which this Plumbline does not know/);
    } finally {
      await sql.close();
    }
  }, 120_000);
});
