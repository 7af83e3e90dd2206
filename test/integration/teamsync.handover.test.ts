/**
 * Issue 14 item 3 (decision 56): laptops that worked by bundle first, then join a team server.
 * Sam (auditor) and Alex (moderator) were set up by invitation from the QA lead's laptop (itself
 * joined to the server), exchanged bundles while offline with concurrent edits, then join the
 * server in either order. What each held is handed over once: everything is on the server exactly
 * once, with the hashes it was made with, every chain links wherever the server holds
 * neighbours, and every laptop converges to the same state. Real encrypted files, real HTTP,
 * both engines.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../electron/core/history/verify';
import { startModeration } from '../../electron/core/moderation/service';
import { stateHash } from '../../electron/core/sync/index';
import { joinTeam } from '../../electron/core/teamsync/join';
import { syncNow } from '../../electron/core/teamsync/sync';
import { newId, write } from '../../electron/core/write';
import { engines, startTestServer } from '../support/teamServer';
import { authoredChanges, cleanupLaptops, emailOf, PASS, send, serverChanges, serverTeam, SHARED_TABLES, type Laptop } from './serverTeamFixtures';

const ENGINES = engines();
afterAll(async () => {
  cleanupLaptops();
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

describe.each(ENGINES)('bundles first, then a team server on $name', (engine) => {
  it.each([['Sam', 'Alex'], ['Alex', 'Sam']])('%s joins first, then %s: everything once on the server, chains link, all converge', async (first, second) => {
    const server = await startTestServer(await engine.fresh());
    try {
      const { lead, sam, alex, templateId, caseId, programmeId } = await serverTeam(server);
      const laptops: Record<string, Laptop> = { Sam: sam, Alex: alex };
      const template = { id: templateId };

      // Offline: Sam audits, raises an action and submits; Alex receives it and moderates; both move the action's due date.
      const auditId = newId();
      const actionId = newId();
      write(sam.ctx(), (tx) => {
        tx.insert('audits', { id: auditId, case_id: caseId, template_id: template.id, programme_id: programmeId, auditor_id: sam.personId, status: 'draft', created_at: tx.at, updated_at: tx.at });
        tx.update('audits', { id: auditId }, { key_findings: 'Seen alone; the plan is not timed.', overall_grade: '3' });
        tx.insert('actions', { id: actionId, audit_id: auditId, case_id: caseId, title: 'Time every action in the plan', owner_name: 'Pat Worker', owner_role: 'Social worker', team: 'North', due_date: '2027-01-15', priority: 'high', created_by: sam.personId, created_by_name: 'Sam', created_at: tx.at, updated_at: tx.at });
        tx.update('audits', { id: auditId }, { submitted_at: tx.at, status: 'submitted' });
      });
      send(sam, alex);
      startModeration(alex.ctx(), auditId, 'open');
      write(alex.ctx(), (tx) => tx.update('actions', { id: actionId }, { due_date: '2027-01-31' }));
      // Sam's edit is the later one by the clock: in the same millisecond the tie is broken by the
      // clocks' counters and device ids, which would make either the winner (a flake seen in CI).
      await new Promise((r) => setTimeout(r, 5));
      write(sam.ctx(), (tx) => tx.update('actions', { id: actionId }, { due_date: '2027-02-07' }));
      send(alex, sam);
      send(sam, alex);
      const before = { Sam: authoredChanges(sam), Alex: authoredChanges(alex) };

      // Now they join the server, in this test's order, and everyone syncs twice.
      const reports: Record<string, { sent: number; alreadyThere: number; declined: number } | undefined> = {};
      for (const name of [first, second]) {
        const l = laptops[name];
        const status = await joinTeam(l.core.ctx, { server: server.url, login: emailOf(name), passphrase: PASS });
        expect(status.refused, name).toBeNull();
        reports[name] = (await syncNow(l.core.ctx)).handedOver;
      }
      for (let round = 0; round < 2; round++) for (const l of [lead, sam, alex]) await syncNow(l.core.ctx);

      // What the first joiner held of the second's work went up with it; the second found it there.
      const firstStatus = JSON.parse((laptops[first].core.ctx.db.prepare("SELECT value FROM meta WHERE key = 'sync.handover'").get() as { value: string }).value) as { sent: number; declined: unknown[] };
      expect(firstStatus.sent).toBeGreaterThan(0);
      expect(firstStatus.declined).toEqual([]);
      const secondStatus = JSON.parse((laptops[second].core.ctx.db.prepare("SELECT value FROM meta WHERE key = 'sync.handover'").get() as { value: string }).value) as { alreadyThere: number; declined: unknown[] };
      expect(secondStatus.alreadyThere).toBeGreaterThan(0);
      expect(secondStatus.declined).toEqual([]);
      void reports;

      // Everything with an author, made or received anywhere, is on the server once, with its own hash.
      const onServer = await serverChanges(server);
      const byId = new Map(onServer.map((c) => [c.id, c]));
      expect(byId.size).toBe(onServer.length);
      for (const l of [lead, sam, alex]) for (const [id, hash] of authoredChanges(l)) expect(byId.get(id)?.hash, `${l.name} ${id}`).toBe(hash);
      for (const [name, held] of Object.entries(before)) for (const id of held.keys()) expect(byId.has(id), `${name}'s pre-join ${id}`).toBe(true);
      // Every chain on the server links wherever it holds neighbours.
      for (const c of onServer) {
        const prev = byId.get(`${c.device}:${c.seq - 1}`);
        if (prev) expect(c.prev, c.id).toBe(prev.hash);
      }
      // All converge, and every laptop's chains verify.
      const hashes = [lead, sam, alex].map((l) => stateHash(l.core.ctx, { tables: SHARED_TABLES }));
      expect(new Set(hashes).size).toBe(1);
      for (const l of [lead, sam, alex]) {
        expect(verifyHistory(l.core.ctx.db).ok, l.name).toBe(true);
        expect(l.core.ctx.db.prepare('SELECT due_date FROM actions WHERE id = ?').get(actionId), l.name).toEqual({ due_date: '2027-02-07' });
        expect((l.core.ctx.db.prepare('SELECT status FROM audits WHERE id = ?').get(auditId) as { status: string }).status, l.name).toBe('in-moderation');
      }
    } finally {
      await server.close();
    }
  }, 300_000);
});
