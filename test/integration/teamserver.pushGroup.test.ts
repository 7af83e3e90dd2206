import { afterAll, describe, expect, it } from 'vitest';
import type { Change } from '../../shared/sync/change';
import type { Caller } from '../../electron/server/auth';
import { HttpError } from '../../electron/server/errors';
import { personById } from '../../electron/server/people';
import { push } from '../../electron/server/push';
import type { TeamServer } from '../../electron/server/start';
import { ChainDevice, engines, LEAD, startTestServer, value } from '../support/teamServer';
import { addPeople, auditRow, caseRow, member, signedIn } from '../support/teamFixture';

const ENGINES = engines();
afterAll(async () => {
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

const ann = member('ann', 'Ann Auditor', 'auditor');
const bob = member('bob', 'Bob Auditor', 'auditor');

async function serverLog(server: TeamServer): Promise<Change[]> {
  return (await server.sql.query<{ body: string }>('SELECT body FROM changes ORDER BY server_seq')).map((r) => JSON.parse(r.body) as Change);
}

/**
 * Pushes that wait while another is stored share the next transaction (group commit in electron/server/push.ts).
 * Calling `push` directly queues them in call order, so the grouping here is deterministic: the
 * first call is stored alone, the next ones wait and go together.
 */
describe.each(ENGINES)('pushes stored together on $name are each checked as if they came alone', (engine) => {
  it('a refused push in the middle of a group is refused alone; a later push in the group builds on an earlier one', async () => {
    const server = await startTestServer(await engine.fresh());
    try {
      const lead = new ChainDevice({ id: server.leadId, name: LEAD.name });
      await lead.signIn(server.url, LEAD.email, LEAD.passphrase);
      await addPeople(server.url, lead, [ann, bob]);
      value(
        await lead.push(server.url, [
          lead.insert('cases', 'c-ann', caseRow('c-ann', 'North')),
          lead.insert('programmes', 'p1', { id: 'p1', name: 'December', type: 'monthly', template_id: 'tpl-1', status: 'open' }),
          lead.insert('programme_cases', JSON.stringify(['p1', 'c-ann']), { programme_id: 'p1', case_id: 'c-ann', auditor_id: 'ann', chosen_by: 'sample' }),
        ]),
      );
      const annLaptop = await signedIn(server.url, ann);
      const bobLaptop = await signedIn(server.url, bob);
      const caller = (d: ChainDevice): Caller => ({ person: personById(server.view.state, d.person.id)!, deviceId: d.deviceId });
      const before = (await serverLog(server)).length;

      const first = push(server.sql, server.view, caller(lead), [lead.insert('cases', 'c-2', caseRow('c-2', 'South'))]);
      // These wait for the first and are stored in one transaction:
      const annAudit = push(server.sql, server.view, caller(annLaptop), [annLaptop.insert('audits', 'a-ann', auditRow('a-ann', 'c-ann', 'ann', 'p1'))]);
      const bobIntrudes = push(server.sql, server.view, caller(bobLaptop), [bobLaptop.set('audits', 'a-ann', 'key_findings', 'mine now')]);
      // Ann's next push continues her chain and edits the audit her push just before it made.
      const annSection = push(server.sql, server.view, caller(annLaptop), [
        annLaptop.insert('audit_sections', JSON.stringify(['a-ann', 's1']), { audit_id: 'a-ann', section_key: 's1', grade: '2', evidence: 'Seen' }),
      ]);
      const leadAgain = push(server.sql, server.view, caller(lead), [lead.set('cases', 'c-2', 'worker', 'Wren')]);

      expect(await first).toMatchObject({ accepted: 1, alreadyHad: 0 });
      expect(await annAudit).toMatchObject({ accepted: 1, alreadyHad: 0 });
      const refused = await bobIntrudes.then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(HttpError);
      expect((refused as HttpError).status).toBe(403);
      expect((refused as HttpError).message).toMatch(/another auditor's.*Nothing of it was stored/);
      expect(await annSection).toMatchObject({ accepted: 1, alreadyHad: 0 });
      const last = await leadAgain;
      expect(last).toMatchObject({ accepted: 1, alreadyHad: 0 });

      const stored = (await serverLog(server)).slice(before);
      expect(stored.map((c) => [c.personId, c.table, c.key, c.op])).toEqual([
        [server.leadId, 'cases', 'c-2', 'insert'],
        ['ann', 'audits', 'a-ann', 'insert'],
        ['ann', 'audit_sections', JSON.stringify(['a-ann', 's1']), 'insert'],
        [server.leadId, 'cases', 'c-2', 'set'],
      ]);
      expect(last.cursor).toBe(server.view.seq);

      // Everyone carries on over HTTP: Ann's chain continues, Bob's refused change is forgotten by his laptop.
      bobLaptop.drop(1);
      expect(value(await annLaptop.push(server.url, [annLaptop.set('audit_sections', JSON.stringify(['a-ann', 's1']), 'grade', '3')]))).toMatchObject({ accepted: 1 });
      expect(value(await bobLaptop.push(server.url, [bobLaptop.insert('audits', 'a-bob', auditRow('a-bob', 'c-ann', 'bob', null))]))).toMatchObject({ accepted: 1 });
      // A resend inside a group is counted as already held, whichever push of the group stored it.
      const resendA = push(server.sql, server.view, caller(lead), [lead.set('cases', 'c-2', 'team', 'East')]);
      const resendB = push(server.sql, server.view, caller(annLaptop), annLaptop.made.slice(-2));
      expect(await resendA).toMatchObject({ accepted: 1 });
      expect(await resendB).toMatchObject({ accepted: 0, alreadyHad: 2 });
    } finally {
      await server.close();
    }
  }, 180_000);
});
