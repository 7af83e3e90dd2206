import fs from 'node:fs';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, OP_NAMES } from '../../shared/api/index';
import type { Reply } from '../../shared/api/define';
import { registerIpc, type IpcMainLike } from '../../electron/main/ipc';
import { SessionTable } from '../../electron/core/session/table';
import { startPreviewServer, type PreviewServer } from '../../electron/preview/server';
import { makeTestCore, type TestCore } from './helpers';
import { givePassphrase, Tab } from './httpHelpers';

let core: TestCore;
let server: PreviewServer;
let lead: { login: string; passphrase: string };
let auditor: { login: string; passphrase: string };

beforeAll(async () => {
  core = makeTestCore();
  core.actAs('Quinn Lead', 'qa-lead');
  core.actAs('Ann Auditor', 'auditor');
  lead = await givePassphrase(core, 'Quinn Lead');
  auditor = await givePassphrase(core, 'Ann Auditor');
  const staticDir = path.join(core.dir, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Plumbline</title>');
  server = await startPreviewServer({ dispatch: core.dispatchAs, db: () => core.baseCtx.db, staticDir });
}, 60_000);
afterAll(async () => {
  await server.close();
  core.cleanup();
});

/** Operations whose declared roles leave auditors out (QA-lead-only and moderator-or-QA-lead ones), from the contract. */
const notForAuditors = OP_NAMES.filter((n) => {
  const access = api[n].access;
  return !('public' in access) && access.roles !== 'signed-in' && !access.roles.includes('auditor');
});
const qaLeadOnly = notForAuditors.filter((n) => {
  const access = api[n].access;
  return !('public' in access) && access.roles !== 'signed-in' && access.roles.length === 1 && access.roles[0] === 'qa-lead';
});

describe("the contract's access over HTTP", () => {
  it('answers every non-public operation 401 SIGNED_OUT before sign-in', async () => {
    const tab = await Tab.open(server);
    const guarded = OP_NAMES.filter((n) => !('public' in api[n].access));
    expect(guarded.length).toBeGreaterThan(60);
    for (const op of guarded) {
      const reply = await tab.call(op, {});
      expect([op, reply.status, reply.body.error?.code]).toEqual([op, 401, 'SIGNED_OUT']);
    }
    // The public ones answer (or refuse for a domain reason), never SIGNED_OUT.
    expect((await tab.call('session:me')).status).toBe(200);
  }, 120_000);

  it('answers every QA-lead-only (and moderator-or-QA-lead) operation 403 FORBIDDEN for a signed-in auditor', async () => {
    expect(qaLeadOnly).toEqual(expect.arrayContaining(['people:add', 'people:update', 'people:import', 'programmes:create', 'templates:publish', 'cases:import']));
    const tab = await Tab.open(server);
    await tab.signIn(auditor.login, auditor.passphrase);
    for (const op of notForAuditors) {
      const reply = await tab.call(op, {});
      expect([op, reply.status, reply.body.error?.code]).toEqual([op, 403, 'FORBIDDEN']);
    }
    // Nor can an auditor export data or packs (the 'exportKind' rule).
    expect((await tab.call('exports:start', { kind: 'data', format: 'csv' })).status).toBe(403);
    expect((await tab.call('exports:start', { kind: 'pack' })).status).toBe(403);
    expect((core.baseCtx.db.prepare("SELECT count(*) AS n FROM users WHERE role = 'qa-lead'").get() as { n: number }).n).toBe(1);
  }, 120_000);

  it('keeps two tabs apart: each signed in as its own person, each change recorded under its own name', async () => {
    const tabA = await Tab.open(server);
    const tabB = await Tab.open(server);
    await tabA.signIn(lead.login, lead.passphrase);
    await tabB.signIn(auditor.login, auditor.passphrase);
    expect((await tabA.call('session:me')).body.value).toMatchObject({ person: { name: 'Quinn Lead' } });
    expect((await tabB.call('session:me')).body.value).toMatchObject({ person: { name: 'Ann Auditor' } });
    const fields = { team: 'North', caseType: 'cin', ageBand: '0-4' };
    expect((await tabA.call('cases:create', { reference: 'TAB-A', ...fields })).status).toBe(200);
    // Cases are the QA lead's; the auditor's own change is an audit of TAB-A, recorded under her name.
    expect((await tabB.call('cases:create', { reference: 'TAB-B', ...fields })).status).toBe(403);
    const tabACase = (core.baseCtx.db.prepare("SELECT id FROM cases WHERE reference = 'TAB-A'").get() as { id: string }).id;
    // The QA lead allocates it to her (an auditor audits only the cases she can see).
    const programme = (await tabA.call('programmes:create', { name: 'November audits', type: 'monthly' })).body.value as { id: string };
    expect((await tabA.call('programmes:addCases', { programmeId: programme.id, caseIds: [tabACase] })).status).toBe(200);
    expect((await tabA.call('programmes:assign', { programmeId: programme.id, caseId: tabACase, auditorId: core.principalOf('Ann Auditor').id })).status).toBe(200);
    const started = await tabB.call('audits:start', { caseId: tabACase });
    expect(started.status).toBe(200);
    const auditId = (started.body.value as { id: string }).id;
    expect((await tabB.call('people:add', { name: 'Mallory', email: 'mallory@evil.example', role: 'qa-lead' })).status).toBe(403);
    expect((await tabA.call('people:add', { name: 'Pat New', email: 'pat@council.example', role: 'auditor' })).status).toBe(200);
    const who = (reference: string) =>
      (core.baseCtx.db.prepare("SELECT h.actor_name AS n FROM history h JOIN cases c ON c.id = h.entity_id WHERE c.reference = ? AND h.op = 'create'").get(reference) as { n: string }).n;
    expect(who('TAB-A')).toBe('Quinn Lead');
    const auditCreatedBy = core.baseCtx.db.prepare("SELECT actor_name AS n FROM history WHERE entity = 'audit' AND entity_id = ? ORDER BY seq LIMIT 1").get(auditId) as { n: string };
    expect(auditCreatedBy.n).toBe('Ann Auditor');
    // Signing out one tab leaves the other signed in.
    await tabB.call('session:signOut');
    expect((await tabB.call('cases:list')).status).toBe(401);
    expect((await tabA.call('cases:list')).status).toBe(200);
    // A made-up session token is not a session.
    const forged = await fetch(`http://127.0.0.1:${server.port}/api/cases:list`, { method: 'POST', headers: { ...tabA.headers(), 'X-Plumbline-Session': 'A'.repeat(32) }, body: '{}' });
    expect(forged.status).toBe(401);
  }, 120_000);
});

describe("the contract's access over IPC", () => {
  it('binds each window to the person who signed in there, and refuses people:add to an auditor', async () => {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, input: unknown) => Promise<Reply<unknown>>>();
    const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
    registerIpc(ipc, () => true, core.dispatchAs, new SessionTable<number>(() => core.baseCtx.db));
    const fromWindow = (id: number) => ({ sender: { id } }) as unknown as IpcMainInvokeEvent;
    const call = (window: number, op: string, input: unknown = {}) => handlers.get(op)!(fromWindow(window), input);
    expect(await call(1, 'people:add', { name: 'Mallory', email: 'm@evil.example', role: 'qa-lead' })).toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
    expect(await call(1, 'session:signIn', auditor)).toMatchObject({ ok: true });
    expect(await call(1, 'people:add', { name: 'Mallory', email: 'm@evil.example', role: 'qa-lead' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(1, 'people:update', { id: core.principalOf('Ann Auditor').id, role: 'qa-lead' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(2, 'session:me')).toMatchObject({ ok: true, value: { person: null } });
    expect(await call(2, 'session:signIn', lead)).toMatchObject({ ok: true });
    expect(await call(2, 'people:list')).toMatchObject({ ok: true });
  }, 60_000);
});
