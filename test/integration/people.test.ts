import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { PeopleImportResult } from '../../shared/api/people';
import type { Person, SessionMe } from '../../shared/api/session';
import { createCore } from '../../electron/core/index';
import { principalForPerson } from '../../electron/core/policy/principal';
import { makeTestCore, type TestCore } from './helpers';

let core: TestCore;
beforeEach(() => {
  core = makeTestCore();
});
afterEach(() => core.cleanup());

const LEAD = { name: 'Quinn Lead', email: 'Quinn.Lead@Council.example', passphrase: 'copper kettle morning rain' };

/** Calls as nobody (signed out) or as a given person id, returning the reply. */
const as = (personId: string | null) => (op: string, input: unknown) =>
  core.dispatchAs(personId ? principalForPerson(core.baseCtx.db, personId) : null, op, input);

async function setUpLead(): Promise<Person> {
  const reply = await as(null)('session:setup', LEAD);
  if (!reply.ok) throw new Error(reply.error.message);
  return (reply.value as { person: Person }).person;
}

function historyOps(): { op: string; actor: string; data: string }[] {
  return (core.baseCtx.db.prepare('SELECT op, actor_name AS actor, coalesce(old_value, \'\') || coalesce(new_value, \'\') AS data FROM history ORDER BY seq').all() as { op: string; actor: string; data: string }[]);
}

describe('first start', () => {
  it('makes the first person the QA lead, once; the database then asks for sign-in', async () => {
    const me = (await as(null)('session:me', {})) as { ok: true; value: SessionMe };
    expect(me.value.state).toBe('first-start');
    expect(me.value.person).toBeNull();
    const lead = await setUpLead();
    expect(lead).toMatchObject({ name: 'Quinn Lead', email: 'quinn.lead@council.example', role: 'qa-lead', active: true, mustChangePassphrase: false, hasPassphrase: true });
    const again = await as(null)('session:setup', { ...LEAD, email: 'mallory@evil.example' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const after = (await as(null)('session:me', {})) as { ok: true; value: SessionMe };
    expect(after.value.state).toBe('ready');
    expect((await as(lead.id)('session:me', {})) as { ok: true; value: SessionMe }).toMatchObject({ value: { person: { id: lead.id } } });
  }, 60_000);
});

describe('people are managed by the QA lead only', () => {
  it('refuses people:add and role changes to auditors, moderators and the signed-out; the QA lead adds, edits and deactivates', async () => {
    const lead = await setUpLead();
    const auditorId = core.actAs('Ann Auditor', 'auditor');
    const moderatorId = core.actAs('Mo Moderator', 'moderator');
    const mallory = { name: 'Mallory', email: 'mallory@evil.example', role: 'qa-lead' };
    for (const who of [auditorId, moderatorId]) {
      expect(await as(who)('people:add', mallory)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await as(who)('people:update', { id: who, role: 'qa-lead' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await as(null)('people:add', mallory)).toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
    expect((core.baseCtx.db.prepare("SELECT count(*) AS n FROM users WHERE role = 'qa-lead'").get() as { n: number }).n).toBe(1);

    const added = await as(lead.id)('people:add', { name: 'Sam Jones', email: 'Sam.Jones@council.example', role: 'auditor', teams: ['Assessment North'] });
    expect(added).toMatchObject({ ok: true, value: { email: 'sam.jones@council.example', teams: ['Assessment North'], hasPassphrase: false } });
    const samId = (added as { value: Person }).value.id;
    expect(await as(lead.id)('people:add', { name: 'Sam Again', email: 'SAM.JONES@council.example', role: 'auditor' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await as(lead.id)('people:add', { name: 'Pat', email: 'pat@council.example', role: 'auditor', passphrase: 'password1234' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('most often choose') } });
    expect(await as(lead.id)('people:add', { name: 'Pat', email: 'pat@council.example', role: 'auditor', passphrase: 'short' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await as(lead.id)('people:update', { id: samId, role: 'moderator' })).toMatchObject({ ok: true, value: { role: 'moderator' } });
    expect(await as(lead.id)('people:update', { id: lead.id, role: 'auditor' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('only active QA lead') } });
    expect(await as(lead.id)('people:deactivate', { id: samId })).toMatchObject({ ok: true, value: { active: false } });
    const roleChange = core.baseCtx.db.prepare("SELECT actor_name, old_value, new_value FROM history WHERE entity = 'person' AND entity_id = ? AND field = 'role'").get(samId);
    expect(roleChange).toEqual({ actor_name: 'Quinn Lead', old_value: '"auditor"', new_value: '"moderator"' });
  }, 60_000);
});

describe('sign-in', () => {
  it('backs off after five wrong passphrases, doubling, and the wait survives closing and reopening the database', async () => {
    await setUpLead();
    const signIn = (passphrase: string) => as(null)('session:signIn', { login: 'quinn.lead@council.example', passphrase });
    for (let i = 1; i <= 5; i += 1) {
      const reply = await signIn(`wrong passphrase ${i}`);
      expect(reply).toMatchObject({ ok: false, error: { code: 'PASSPHRASE' } });
      if (!reply.ok) expect(reply.error.message).not.toContain('Wait');
    }
    const sixth = await signIn('wrong passphrase 6');
    expect(sixth).toMatchObject({ ok: false, error: { code: 'PASSPHRASE', message: expect.stringContaining('Wait 30 seconds') } });
    // Even the right passphrase waits now.
    expect(await signIn(LEAD.passphrase)).toMatchObject({ ok: false, error: { code: 'LOCKED_OUT', message: expect.stringContaining('Too many wrong passphrases') } });

    // A restart does not reset it.
    core.close();
    let now = new Date('2026-11-23T10:00:10Z');
    const reopened = createCore({ dbFile: path.join(core.dir, 'test.db'), key: core.key, now: () => now });
    try {
      const call = (passphrase: string) => reopened.dispatch(null, 'session:signIn', { login: 'quinn.lead@council.example', passphrase });
      expect(await call(LEAD.passphrase)).toMatchObject({ ok: false, error: { code: 'LOCKED_OUT' } });
      now = new Date('2026-11-23T10:00:31Z');
      expect(await call('wrong passphrase 7')).toMatchObject({ ok: false, error: { message: expect.stringContaining('Wait 60 seconds') } });
      now = new Date('2026-11-23T10:01:32Z');
      expect(await call(LEAD.passphrase)).toMatchObject({ ok: true, value: { person: { name: 'Quinn Lead' } } });
      // Success clears the count.
      expect(reopened.ctx.db.prepare('SELECT count(*) AS n FROM sign_in_state').get()).toEqual({ n: 0 });
      const ops = (reopened.ctx.db.prepare("SELECT op FROM history WHERE op LIKE 'sign-in%' ORDER BY seq").all() as { op: string }[]).map((r) => r.op);
      expect(ops.filter((o) => o === 'sign-in-failed')).toHaveLength(7);
      expect(ops.at(-1)).toBe('sign-in');
    } finally {
      reopened.close();
    }
  }, 120_000);

  it('refuses a deactivated person even with the right passphrase, and ends their session at once', async () => {
    const lead = await setUpLead();
    const sam = ((await as(lead.id)('people:add', { name: 'Sam Jones', email: 'sam@council.example', role: 'auditor', passphrase: 'lantern harbour violet 7' })) as { value: Person }).value;
    expect(await as(lead.id)('people:deactivate', { id: sam.id })).toMatchObject({ ok: true });
    expect(await as(null)('session:signIn', { login: 'sam@council.example', passphrase: 'lantern harbour violet 7' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('deactivated') } });
    expect(principalForPerson(core.baseCtx.db, sam.id)).toBeNull();
    expect(historyOps().some((h) => h.op === 'sign-in-refused')).toBe(true);
  }, 60_000);

  it('a one-time passphrase must be replaced before anything else; every step is in the history, never the passphrase', async () => {
    const lead = await setUpLead();
    const sam = ((await as(lead.id)('people:add', { name: 'Sam Jones', email: 'sam@council.example', role: 'auditor', passphrase: 'temporary harbour 2026' })) as { value: Person }).value;
    const signedIn = await as(null)('session:signIn', { login: 'sam@council.example', passphrase: 'temporary harbour 2026' });
    expect(signedIn).toMatchObject({ ok: true, value: { person: { mustChangePassphrase: true } } });
    expect(await as(sam.id)('cases:list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('Choose your own passphrase') } });
    expect(await as(sam.id)('session:changePassphrase', { current: 'wrong one entirely', next: 'violet lantern harbour 8' })).toMatchObject({ ok: false, error: { code: 'PASSPHRASE' } });
    expect(await as(sam.id)('session:changePassphrase', { current: 'temporary harbour 2026', next: 'violet lantern harbour 8' })).toMatchObject({ ok: true, value: { person: { mustChangePassphrase: false } } });
    expect(await as(sam.id)('cases:list', {})).toMatchObject({ ok: true });
    expect(await as(lead.id)('people:setOneTimePassphrase', { id: sam.id, passphrase: 'forgotten again 2026' })).toMatchObject({ ok: true, value: { mustChangePassphrase: true } });
    expect(await as(sam.id)('session:signOut', {})).toMatchObject({ ok: true });

    const history = historyOps();
    const ops = history.map((h) => h.op);
    for (const op of ['passphrase-set', 'one-time-passphrase-set', 'sign-in', 'passphrase-change-failed', 'passphrase-changed', 'sign-out']) expect(ops, op).toContain(op);
    expect(history.find((h) => h.op === 'sign-out')!.actor).toBe('Sam Jones');
    const everything = JSON.stringify(core.baseCtx.db.prepare('SELECT * FROM history').all());
    for (const secret of ['temporary harbour 2026', 'violet lantern harbour 8', 'forgotten again 2026', LEAD.passphrase, '$argon2id$']) expect(everything).not.toContain(secret);
  }, 120_000);
});

describe('people import', () => {
  it('checks, then imports every row or none, naming each bad row and column', async () => {
    const lead = await setUpLead();
    const bad = ['Full name,Email,Role,Teams,Agency', 'Ann Auditor,ann@council.example,auditor,Assessment North;Children in Care,', 'B,not-an-email,boss,,', 'Cal Partner,quinn.lead@council.example,Auditor,,Partner Trust'].join('\n');
    const checked = (await as(lead.id)('people:import', { csv: bad, mapping: { name: 'Full name' }, commit: true })) as { ok: true; value: PeopleImportResult };
    expect(checked.ok).toBe(true);
    expect(checked.value.imported).toBe(0);
    expect(checked.value.errors.map((e) => `Row ${e.row}, column '${e.column}'`)).toEqual(["Row 3, column 'Full name'", "Row 3, column 'Email'", "Row 3, column 'Role'", "Row 4, column 'Email'"]);
    expect((core.baseCtx.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n).toBe(1);

    const good = ['Full name,Email,Role,Teams,Agency', 'Ann Auditor,ann@council.example,auditor,Assessment North;Children in Care,', 'Cal Partner,cal@partner.example,Auditor,,Partner Trust', 'Mo Mod,mo@council.example,moderator,,'].join('\n');
    const preview = (await as(lead.id)('people:import', { csv: good, mapping: { name: 'Full name' } })) as { ok: true; value: PeopleImportResult };
    expect(preview.value).toMatchObject({ rows: 3, errors: [], imported: 0, committed: false });
    const done = (await as(lead.id)('people:import', { csv: good, mapping: { name: 'Full name' }, commit: true })) as { ok: true; value: PeopleImportResult };
    expect(done.value).toMatchObject({ imported: 3, committed: true });
    const people = ((await as(lead.id)('people:list', {})) as { value: Person[] }).value;
    expect(people.find((p) => p.name === 'Cal Partner')).toMatchObject({ agency: 'Partner Trust', role: 'auditor' });
    expect(people.find((p) => p.name === 'Ann Auditor')).toMatchObject({ teams: ['Assessment North', 'Children in Care'] });
  }, 60_000);
});
