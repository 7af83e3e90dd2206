/**
 * Issue 14's test requirement, through a real team server (bundles.exchange.test.ts compares with
 * applyChanges only): three laptops exchange bundles in every order (A→B, B→A, B→C, C→B, A→C→B)
 * with concurrent edits and converge; then the same changes go through a team server (the bundle
 * laptops join and hand over what they hold, and the QA lead's syncs) and a fresh laptop per person
 * that receives them only from the server reaches the same state hash as that person's bundle
 * laptop. PGlite and PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { prepared } from '../../electron/core/db/prepared';
import { stateHash } from '../../electron/core/sync/index';
import { joinTeam } from '../../electron/core/teamsync/join';
import { syncNow } from '../../electron/core/teamsync/sync';
import { newId, write } from '../../electron/core/write';
import { engines, startTestServer } from '../support/teamServer';
import { cleanupLaptops, emailOf, joinedLaptop, PASS, send, serverTeam, SHARED_TABLES, type Laptop } from './serverTeamFixtures';

const ENGINES = engines();
afterAll(async () => {
  cleanupLaptops();
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

const hashOf = (l: Laptop): string => stateHash(l.core.ctx, { tables: SHARED_TABLES });
const row = (l: Laptop, table: string, id: string) => prepared(l.core.ctx.db, `SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;

describe.each(ENGINES)('bundles and a team server give the same state, on $name', (engine) => {
  it('A→B, B→A, B→C, C→B and A→C→B with concurrent edits converge, and the same changes through the server give the same hashes', async () => {
    const server = await startTestServer(await engine.fresh());
    try {
      // A = the QA lead's laptop, B = Sam's (auditor), C = Alex's (moderator); A→B happened in setting up.
      const { lead, sam, alex, templateId, caseId, programmeId } = await serverTeam(server);
      const auditId = newId();
      const actionId = newId();
      write(sam.ctx(), (tx) => {
        tx.insert('audits', { id: auditId, case_id: caseId, template_id: templateId, programme_id: programmeId, auditor_id: sam.personId, status: 'draft', created_at: tx.at, updated_at: tx.at });
        tx.update('audits', { id: auditId }, { key_findings: 'Seen alone; the plan is not timed.', overall_grade: '3' });
        tx.insert('actions', { id: actionId, audit_id: auditId, case_id: caseId, title: 'Time every action in the plan', owner_name: 'Pat Worker', owner_role: 'Social worker', team: 'North', due_date: '2027-01-15', priority: 'high', created_by: sam.personId, created_by_name: 'Sam', created_at: tx.at, updated_at: tx.at });
        tx.update('audits', { id: auditId }, { submitted_at: tx.at, status: 'submitted' });
      });
      send(sam, alex); // B→C
      // Concurrent edits while apart: moderator and auditor move the action's due date, the QA lead changes the case's worker.
      write(alex.ctx(), (tx) => tx.update('actions', { id: actionId }, { due_date: '2027-01-31' }));
      write(sam.ctx(), (tx) => tx.update('actions', { id: actionId }, { due_date: '2027-02-07' }));
      write(lead.ctx(), (tx) => tx.update('cases', { id: caseId }, { worker: 'Robin Worker' }));
      send(alex, sam); // C→B
      send(sam, alex); // B→C again
      send(alex, lead); // C→A
      send(sam, lead); // B→A
      send(lead, sam); // A→B, carrying C's edit (C→A→B)
      send(lead, alex); // A→C
      send(alex, sam); // C→B: A's edit reaches B through C (A→C→B)

      const bundleHashes = [lead, sam, alex].map(hashOf);
      expect(new Set(bundleHashes).size).toBe(1);
      for (const l of [lead, sam, alex]) {
        expect(row(l, 'cases', caseId)?.worker, l.name).toBe('Robin Worker');
        expect(row(l, 'actions', actionId)?.due_date, l.name).toBe('2027-02-07');
      }

      // The same changes through the team server: the QA lead syncs, Sam and Alex join (handing over what they hold).
      await syncNow(lead.core.ctx);
      for (const [l, name] of [[sam, 'Sam'], [alex, 'Alex']] as const) {
        expect((await joinTeam(l.core.ctx, { server: server.url, login: emailOf(name), passphrase: PASS })).refused, name).toBeNull();
      }
      for (const l of [lead, sam, alex]) await syncNow(l.core.ctx);
      // A fresh laptop per person, fed by the server alone, reaches that person's bundle state.
      for (const [name, l] of [['lead', lead], ['Sam', sam], ['Alex', alex]] as const) {
        const fresh = await joinedLaptop(server.url, name, l.personId);
        expect(hashOf(fresh), name).toBe(bundleHashes[0]);
        expect(hashOf(l), `${name} after syncing`).toBe(bundleHashes[0]);
      }
    } finally {
      await server.close();
    }
  }, 300_000);
});
