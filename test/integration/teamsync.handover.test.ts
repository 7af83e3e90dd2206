/**
 * Issue 14 item 3 (decision 49): laptops that worked by bundle first, then join a team server.
 * Sam (auditor) and Alex (moderator) were set up by invitation from the QA lead's laptop (itself
 * joined to the server), exchanged bundles while offline with concurrent edits, then join the
 * server in either order. What each held is handed over once: everything is on the server exactly
 * once, with the hashes it was made with, every chain links wherever the server holds
 * neighbours, and every laptop converges to the same state. Real encrypted files, real HTTP,
 * both engines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportBundleToFile } from '../../electron/core/bundles/exportBundle';
import { importBundle } from '../../electron/core/bundles/importBundle';
import { createInvitation, joinTeam as joinByInvitation } from '../../electron/core/bundles/invitation';
import { createCore } from '../../electron/core/index';
import { verifyHistory } from '../../electron/core/history/verify';
import { generateKey } from '../../electron/core/keys';
import { startModeration } from '../../electron/core/moderation/service';
import { addPerson } from '../../electron/core/people/service';
import { principalForPerson, withPrincipal } from '../../electron/core/policy/principal';
import { stateHash } from '../../electron/core/sync/index';
import { joinTeam } from '../../electron/core/teamsync/join';
import { syncNow } from '../../electron/core/teamsync/sync';
import { newId, write } from '../../electron/core/write';
import type { CoreContext } from '../../electron/core/context';
import type { Core } from '../../electron/core/index';
import { num } from '../../electron/server/sql';
import type { TeamServer } from '../../electron/server/start';
import { engines, LEAD, startTestServer } from '../support/teamServer';

const SHARED_TABLES = ['cases', 'programmes', 'programme_cases', 'audits', 'actions'];
const PASS = 'a long passphrase for the team 2026';
const emailOf = (name: string): string => (name === 'lead' ? LEAD.email : `${name.toLowerCase()}@council.gov.uk`);

interface Laptop { name: string; dir: string; core: Core; personId: string; ctx(): CoreContext }
const dirs: string[] = [];
const cores: Core[] = [];

/** A laptop on the real clock (the team server compares clocks with its own). */
function laptop(name: string): Laptop {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `plumbline-handover-${name}-`));
  dirs.push(dir);
  const core = createCore({ dbFile: path.join(dir, `${name}.db`), key: generateKey(), create: true });
  cores.push(core);
  const l: Laptop = { name, dir, core, personId: '', ctx: () => withPrincipal(l.core.ctx, principalForPerson(l.core.ctx.db, l.personId)) };
  return l;
}

function send(from: Laptop, to: Laptop): void {
  const file = path.join(from.dir, `to-${to.name}-${newId()}.plb`);
  exportBundleToFile(from.ctx(), { toEmail: emailOf(to.name) }, file);
  importBundle(to.ctx(), new Uint8Array(fs.readFileSync(file)));
}

/** Every change with an author held on a laptop, as (device:seq → hash). */
function authoredChanges(l: Laptop): Map<string, string> {
  const rows = l.core.ctx.db.prepare('SELECT device_id, device_seq, hash FROM history WHERE format = 2 AND actor_id IS NOT NULL').all() as { device_id: string; device_seq: number; hash: string }[];
  return new Map(rows.map((r) => [`${r.device_id}:${r.device_seq}`, r.hash]));
}

async function serverChanges(server: TeamServer): Promise<{ id: string; seq: number; hash: string; prev: string; device: string }[]> {
  const rows = await server.sql.query<{ device_id: string; device_seq: unknown; hash: string; prev_hash: string }>('SELECT device_id, device_seq, hash, prev_hash FROM changes');
  return rows.map((r) => ({ id: `${r.device_id}:${num(r.device_seq)}`, seq: num(r.device_seq), hash: r.hash, prev: r.prev_hash, device: r.device_id }));
}

const ENGINES = engines();
afterAll(async () => {
  for (const c of cores) {
    try {
      c.close();
    } catch {
      /* closed */
    }
  }
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

describe.each(ENGINES)('bundles first, then a team server on $name', (engine) => {
  it.each([['Sam', 'Alex'], ['Alex', 'Sam']])('%s joins first, then %s: everything once on the server, chains link, all converge', async (first, second) => {
    const server = await startTestServer(await engine.fresh());
    try {
      // The QA lead's laptop belongs to the server's QA lead; it adds Sam and Alex and allocates a case.
      const lead = laptop('lead');
      expect((await joinTeam(lead.core.ctx, { server: server.url, login: LEAD.email, passphrase: LEAD.passphrase })).refused).toBeNull();
      lead.personId = server.leadId;
      const ids: Record<string, string> = {};
      for (const [name, role] of [['Sam', 'auditor'], ['Alex', 'moderator']] as const) {
        ids[name] = (await addPerson(lead.ctx(), { name, email: emailOf(name), role, teams: ['North'], agency: null, passphrase: PASS }, { ownPassphrase: true })).id;
      }
      const template = lead.core.ctx.db.prepare("SELECT id FROM templates WHERE status = 'published' ORDER BY created_at LIMIT 1").get() as { id: string };
      const caseId = newId();
      const programmeId = newId();
      write(lead.ctx(), (tx) => {
        tx.insert('cases', { id: caseId, reference: 'NR-2001', team: 'North', worker: 'Pat Worker', case_type: 'cin', age_band: '5-9', created_at: tx.at, updated_at: tx.at });
        tx.insert('programmes', { id: programmeId, name: 'December CIN audits', type: 'monthly', template_id: template.id, created_at: tx.at, updated_at: tx.at });
        tx.insert('programme_cases', { programme_id: programmeId, case_id: caseId, auditor_id: ids.Sam, chosen_by: 'hand', added_at: tx.at });
      });

      // Sam's and Alex's laptops are set up by invitation (no server), registered by the lead, who syncs.
      const laptops: Record<string, Laptop> = {};
      for (const name of ['Sam', 'Alex']) {
        const inv = createInvitation(lead.ctx(), emailOf(name));
        const l = laptop(name);
        l.personId = (await joinByInvitation(l.core.ctx, inv.bytes, inv.code, { passphrase: PASS })).person.id;
        send(l, lead);
        laptops[name] = l;
      }
      await syncNow(lead.core.ctx);
      for (const name of ['Sam', 'Alex']) send(lead, laptops[name]);
      const { Sam: sam, Alex: alex } = laptops;

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
