import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../shared/sync/change';
import { keyParts } from '../../shared/sync/state';
import type { TeamServer } from '../../electron/server/start';
import { ChainDevice, engines, LEAD, startTestServer, value } from '../support/teamServer';
import { addPeople, auditRow, caseRow, member, signedIn } from '../support/teamFixture';

const ENGINES = engines();
afterAll(async () => {
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

const ann = member('ann', 'Ann Auditor', 'auditor');
const bob = member('bob', 'Bob Auditor', 'auditor');
const mo = member('mo', 'Mo Moderator', 'moderator');

/** Every change on the server, by (device, seq). */
async function serverLog(server: TeamServer): Promise<Change[]> {
  return (await server.sql.query<{ body: string }>('SELECT body FROM changes ORDER BY server_seq')).map((r) => JSON.parse(r.body) as Change);
}

describe.each(ENGINES)('team server on $name: pushes are checked as the pusher, pulls hold only what they may see', (engine) => {
  let server: TeamServer & { leadId: string };
  let lead: ChainDevice;
  let annLaptop: ChainDevice;
  let bobLaptop: ChainDevice;
  let moLaptop: ChainDevice;

  beforeAll(async () => {
    server = await startTestServer(await engine.fresh());
    lead = new ChainDevice({ id: server.leadId, name: LEAD.name });
    await lead.signIn(server.url, LEAD.email, LEAD.passphrase);
    await addPeople(server.url, lead, [ann, bob, mo]);
    value(await lead.push(server.url, [
      lead.insert('templates', 'tpl-1', { id: 'tpl-1', key: 'core', version: 1, name: 'Core audit', status: 'published', definition: '{}', created_at: '2026-01-01T00:00:00Z', published_at: '2026-01-01T00:00:00Z' }),
      lead.insert('templates', 'tpl-draft', { id: 'tpl-draft', key: 'core', version: 2, name: 'Core audit v2', status: 'draft', definition: '{}', created_at: '2026-01-01T00:00:00Z', published_at: null }),
      lead.insert('cases', 'c-ann', caseRow('c-ann', 'North')),
      lead.insert('cases', 'c-bob', caseRow('c-bob', 'South')),
      lead.insert('cases', 'c-later', caseRow('c-later', 'North')),
      lead.insert('programmes', 'p1', { id: 'p1', name: 'December', type: 'monthly', template_id: 'tpl-1', status: 'open' }),
      lead.insert('programme_cases', JSON.stringify(['p1', 'c-ann']), { programme_id: 'p1', case_id: 'c-ann', auditor_id: 'ann', chosen_by: 'sample' }),
      lead.insert('programme_cases', JSON.stringify(['p1', 'c-bob']), { programme_id: 'p1', case_id: 'c-bob', auditor_id: 'bob', chosen_by: 'sample' }),
    ]));
    annLaptop = await signedIn(server.url, ann);
    bobLaptop = await signedIn(server.url, bob);
    moLaptop = await signedIn(server.url, mo);
    value(await annLaptop.push(server.url, [
      annLaptop.insert('audits', 'a-ann', auditRow('a-ann', 'c-ann', 'ann', 'p1')),
      annLaptop.insert('audit_sections', JSON.stringify(['a-ann', 's1']), { audit_id: 'a-ann', section_key: 's1', grade: null, evidence: '' }),
    ]));
    value(await bobLaptop.push(server.url, [
      bobLaptop.insert('audits', 'a-bob', auditRow('a-bob', 'c-bob', 'bob', 'p1')),
      bobLaptop.insert('audit_sections', JSON.stringify(['a-bob', 's1']), { audit_id: 'a-bob', section_key: 's1', grade: '2', evidence: 'Bob saw it' }),
      bobLaptop.insert('actions', 'act-bob', { id: 'act-bob', audit_id: 'a-bob', case_id: 'c-bob', title: 'Bob action', team: 'South' }),
    ]));
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  async function refusedWholeBatch(laptop: ChainDevice, changes: Change[], status: number, reason: RegExp): Promise<void> {
    const before = (await serverLog(server)).length;
    const reply = await laptop.push(server.url, changes);
    expect(reply.status).toBe(status);
    expect(reply.body.ok).toBe(false);
    if (!reply.body.ok) expect(reply.body.error.message).toMatch(reason);
    expect((await serverLog(server)).length).toBe(before);
    laptop.drop(changes.length);
  }

  it('refuses an auditor pushing a moderation change, with nothing of the batch stored', async () => {
    await refusedWholeBatch(
      annLaptop,
      [
        annLaptop.set('audit_sections', JSON.stringify(['a-ann', 's1']), 'evidence', 'fine on its own'),
        annLaptop.insert('moderations', 'm-x', { id: 'm-x', audit_id: 'a-bob', audit_revision: 1, mode: 'open', moderator_id: 'ann', status: 'grading', started_at: new Date().toISOString() }),
      ],
      403,
      /change 4 \(moderations m-x\).*moderation is for moderators/,
    );
  });

  it('refuses an edit to another auditor\'s audit', async () => {
    await refusedWholeBatch(annLaptop, [annLaptop.set('audit_sections', JSON.stringify(['a-bob', 's1']), 'grade', '4')], 403, /another auditor's audit/);
    await refusedWholeBatch(annLaptop, [annLaptop.set('audits', 'a-bob', 'key_findings', 'mine now')], 403, /another auditor's/);
    await refusedWholeBatch(annLaptop, [annLaptop.set('cases', 'c-ann', 'worker', 'Someone')], 403, /only a QA lead/);
  });

  it('refuses a change to a submitted audit (409) whether it comes after the submission in the same batch or later', async () => {
    await refusedWholeBatch(
      annLaptop,
      [annLaptop.set('audits', 'a-ann', 'status', 'submitted'), annLaptop.set('audit_sections', JSON.stringify(['a-ann', 's1']), 'grade', '1')],
      409,
      /frozen for its auditor/,
    );
    const submit = [annLaptop.set('audit_sections', JSON.stringify(['a-ann', 's1']), 'grade', '2'), annLaptop.set('audits', 'a-ann', 'status', 'submitted')];
    expect(value(await annLaptop.push(server.url, submit))).toMatchObject({ accepted: 2, alreadyHad: 0 });
    await refusedWholeBatch(annLaptop, [annLaptop.set('audits', 'a-ann', 'overall_grade', '1')], 409, /submitted/);
  });

  it('takes a resent batch harmlessly, and refuses a broken chain or a pusher who is not the token\'s person', async () => {
    const ok = [annLaptop.insert('actions', 'act-ann', { id: 'act-ann', audit_id: 'a-ann', case_id: 'c-ann', title: 'Chase the plan', team: 'North' })];
    expect(value(await annLaptop.push(server.url, ok))).toMatchObject({ accepted: 1 });
    expect(value(await annLaptop.push(server.url, ok))).toMatchObject({ accepted: 0, alreadyHad: 1 });
    expect(value(await annLaptop.push(server.url, [...annLaptop.made.slice(-3)]))).toMatchObject({ accepted: 0, alreadyHad: 3 });

    const forged = annLaptop.set('actions', 'act-ann', 'title', 'x');
    const reply = await annLaptop.push(server.url, [{ ...forged, value: 'tampered' }]);
    expect(reply.status).toBe(400);
    annLaptop.drop(1);

    const impostor = new ChainDevice({ id: 'bob', name: 'Bob Auditor' });
    impostor.token = annLaptop.token;
    const viaAnnsToken = await impostor.push(server.url, [impostor.insert('audits', 'a-imp', auditRow('a-imp', 'c-ann', 'bob', null))]);
    expect(viaAnnsToken.status).toBe(403); // a token used from another device
  });

  it('lets the moderator moderate a submitted audit and never shows them a draft; the auditor receives the moderation', async () => {
    const { changes } = await moLaptop.pullAll(server.url);
    const audits = new Set(changes.filter((c) => c.table === 'audits').map((c) => c.key));
    expect(audits).toEqual(new Set(['a-ann']));
    value(await moLaptop.push(server.url, [
      moLaptop.insert('moderations', 'm-1', { id: 'm-1', audit_id: 'a-ann', audit_revision: 1, mode: 'blind', moderator_id: 'mo', status: 'grading', started_at: new Date().toISOString() }),
      moLaptop.insert('moderation_grades', JSON.stringify(['m-1', 's1']), { moderation_id: 'm-1', section_key: 's1', moderator_grade: '3', reconciled: 0 }),
      moLaptop.set('audits', 'a-ann', 'status', 'in-moderation'),
    ]));
    await refusedWholeBatch(moLaptop, [moLaptop.set('audits', 'a-bob', 'status', 'in-moderation')], 403, /another auditor's/);
    const annGets = await annLaptop.pullAll(server.url);
    expect(annGets.changes.some((c) => c.table === 'moderation_grades')).toBe(true);
  });

  it('never gives an auditor another auditor\'s audit, case or secret (checked over every change on the server), and sends a case allocated later with its history', async () => {
    const first = await annLaptop.pullAll(server.url);
    expect(first.changes.some((c) => c.key === 'c-later')).toBe(false);
    value(await lead.push(server.url, [lead.insert('programme_cases', JSON.stringify(['p1', 'c-later']), { programme_id: 'p1', case_id: 'c-later', auditor_id: 'ann', chosen_by: 'hand' })]));
    const second = await annLaptop.pullAll(server.url, first.cursor);
    expect(second.changes.filter((c) => c.key === 'c-later' && c.op === 'insert')).toHaveLength(1);

    const got = [...first.changes, ...second.changes];
    const gotIds = new Set(got.map((c) => `${c.deviceId}/${c.deviceSeq}`));
    const bobs = new Set(['a-bob', 'c-bob', 'act-bob']);
    for (const c of await serverLog(server)) {
      const touchesBob = keyParts(c.key).some((k) => bobs.has(k)) || c.key === JSON.stringify(['p1', 'c-bob']);
      const draftTemplate = c.key === 'tpl-draft';
      if (touchesBob || draftTemplate) expect(gotIds.has(`${c.deviceId}/${c.deviceSeq}`), `${c.table} ${c.key} ${c.column ?? ''}`).toBe(false);
    }
    const tables = new Set(got.map((c) => c.table));
    for (const t of ['users', 'templates', 'cases', 'programmes', 'programme_cases', 'moderations']) expect(tables, t).toContain(t);
    expect(second.passphrase?.hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(got)).not.toContain('$argon2id$');
  });

  it('answers 413 to an oversize body before reading it all', async () => {
    const u = new URL(server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: u.hostname, port: u.port, path: '/v1/push', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 64 * 1024 * 1024, authorization: `Bearer ${annLaptop.token}`, 'plumbline-device': annLaptop.deviceId } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"changes":[');
    });
    expect(status).toBe(413);
  });
});
