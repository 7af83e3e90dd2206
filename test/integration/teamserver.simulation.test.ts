import { afterAll, describe, expect, it } from 'vitest';
import type { Change } from '../../shared/sync/change';
import { createRng } from '../../shared/domain/random';
import { visibility, canSee, type SyncPrincipal } from '../../shared/sync/rules';
import { MemoryState } from '../../shared/sync/state';
import { startTeamServer } from '../../electron/server/start';
import { changeHash, GENESIS } from '../../electron/server/chain';
import { ChainDevice, engines, LEAD, startTestServer, value } from '../support/teamServer';
import { addPeople, auditRow, caseRow, member, signedIn, type Member } from '../support/teamFixture';

/**
 * Many laptops working offline in a seeded random order with skewed clocks, resending batches,
 * while the server restarts; afterwards every change is on the server once, every chain links,
 * and each laptop holds exactly what its person may see. Protocol level (stand-in laptops); the
 * scale here is 20 auditors, 3 moderators and 100 cases so it finishes in a couple of minutes —
 * the bench runs 80 laptops.
 */
const AUDITORS = 20;
const MODERATORS = 3;
const CASES = 100;
const ROUNDS = 25;

const ENGINES = engines();
afterAll(async () => {
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

interface Sim {
  m: Member;
  d: ChainDevice;
  sent: number;
  cursor: number;
  got: Map<string, Change>;
  drafts: Set<string>;
  received: Set<string>;
}

describe.each(ENGINES)('simulation on $name: offline laptops, skewed clocks, duplicate batches, a server restart', (engine) => {
  it('ends with every change on the server exactly once, every chain linked, each laptop holding what its person may see', async () => {
    const storage = await engine.fresh();
    let server = await startTestServer(storage);
    const seeded = createRng(20261202);
    const rng = (): number => seeded.next();
    try {
      const lead = new ChainDevice({ id: server.leadId, name: LEAD.name });
      await lead.signIn(server.url, LEAD.email, LEAD.passphrase);
      const auditors = Array.from({ length: AUDITORS }, (_, i) => member(`aud${i}`, `Auditor ${i}`, 'auditor'));
      const moderators = Array.from({ length: MODERATORS }, (_, i) => member(`mod${i}`, `Moderator ${i}`, 'moderator'));
      await addPeople(server.url, lead, [...auditors, ...moderators]);
      const setup: Change[] = [lead.insert('templates', 'tpl-1', { id: 'tpl-1', key: 'core', version: 1, name: 'Core', status: 'published', definition: '{}' })];
      setup.push(lead.insert('programmes', 'p1', { id: 'p1', name: 'Sim', type: 'monthly', template_id: 'tpl-1', status: 'open' }));
      for (let c = 0; c < CASES; c++) {
        setup.push(lead.insert('cases', `c${c}`, caseRow(`c${c}`, `Team ${c % 4}`)));
        setup.push(lead.insert('programme_cases', JSON.stringify(['p1', `c${c}`]), { programme_id: 'p1', case_id: `c${c}`, auditor_id: auditors[c % AUDITORS].id, chosen_by: 'sample' }));
      }
      value(await lead.push(server.url, setup));

      const sims: Sim[] = [];
      for (const m of [...auditors, ...moderators]) {
        const skew = Math.round((rng() * 2 - 1) * 10 * 60_000);
        sims.push({ m, d: await signedIn(server.url, m, skew), sent: 0, cursor: 0, got: new Map(), drafts: new Set(), received: new Set() });
      }
      const work = (s: Sim): void => {
        if (s.m.role === 'auditor') {
          const mine = Array.from({ length: CASES }, (_, c) => c).filter((c) => c % AUDITORS === Number(s.m.id.slice(3)));
          const c = mine[Math.floor(rng() * mine.length)];
          const auditId = `a-c${c}`;
          if (![...s.d.made].some((x) => x.key === auditId && x.op === 'insert')) {
            s.d.insert('audits', auditId, auditRow(auditId, `c${c}`, s.m.id, 'p1'));
            s.drafts.add(auditId);
          } else if (s.drafts.has(auditId)) {
            for (let k = 0; k < 1 + Math.floor(rng() * 4); k++) s.d.set('audit_sections', JSON.stringify([auditId, `s${1 + Math.floor(rng() * 8)}`]), 'grade', String(1 + Math.floor(rng() * 4)));
            if (rng() < 0.3) {
              s.d.set('audits', auditId, 'status', 'submitted');
              s.drafts.delete(auditId);
            }
          }
        } else {
          const submitted = [...s.got.values()].filter((c) => c.table === 'audits' && c.column === 'status' && c.value === 'submitted').map((c) => c.key);
          const todo = submitted.filter((a) => !s.received.has(a));
          if (todo.length) {
            const auditId = todo[Math.floor(rng() * todo.length)];
            const id = `mod-${s.m.id}-${auditId}`;
            s.d.insert('moderations', id, { id, audit_id: auditId, audit_revision: 1, mode: rng() < 0.5 ? 'open' : 'blind', moderator_id: s.m.id, status: 'grading', started_at: new Date().toISOString() });
            s.d.insert('moderation_grades', JSON.stringify([id, 's1']), { moderation_id: id, section_key: 's1', moderator_grade: String(1 + Math.floor(rng() * 4)), reconciled: 0 });
            s.received.add(auditId);
          }
        }
      };
      const sync = async (s: Sim, duplicate: boolean): Promise<void> => {
        const unsent = s.d.made.slice(s.sent);
        if (unsent.length) {
          value(await s.d.push(server.url, unsent));
          if (duplicate) value(await s.d.push(server.url, s.d.made.slice(Math.max(0, s.sent - 3))));
          s.sent = s.d.made.length;
        }
        const r = await s.d.pullAll(server.url, s.cursor, 200);
        for (const c of r.changes) s.got.set(`${c.deviceId}/${c.deviceSeq}`, c);
        s.cursor = r.cursor;
      };

      for (let round = 0; round < ROUNDS; round++) {
        if (round === Math.floor(ROUNDS / 2)) {
          // The server goes away mid-session and comes back on the same storage (SIGKILL itself is in the process test).
          const url = new URL(server.url);
          await server.close();
          server = Object.assign(await startTeamServer({ ...storage, port: Number(url.port) }), { leadId: server.leadId });
        }
        const order = [...sims].sort(() => rng() - 0.5);
        for (const s of order) {
          for (let k = 0; k < 1 + Math.floor(rng() * 3); k++) work(s); // offline work
          if (rng() < 0.6) await sync(s, rng() < 0.2);
        }
      }
      for (let pass = 0; pass < 2; pass++) for (const s of sims) await sync(s, false);

      const log = (await server.sql.query<{ body: string }>('SELECT body FROM changes ORDER BY server_seq')).map((r) => JSON.parse(r.body) as Change);
      // Every change made anywhere is on the server exactly once, with the hash it was made with.
      const byId = new Map(log.map((c) => [`${c.deviceId}/${c.deviceSeq}`, c]));
      expect(byId.size).toBe(log.length);
      for (const s of [...sims, { d: lead }]) for (const c of s.d.made) expect(byId.get(`${c.deviceId}/${c.deviceSeq}`)?.hash).toBe(c.hash);
      // Every device's chain links from the first change it sent, and every hash holds.
      const devices = new Map<string, Change[]>();
      for (const c of log) devices.set(c.deviceId, [...(devices.get(c.deviceId) ?? []), c]);
      for (const chain of devices.values()) {
        chain.sort((a, b) => a.deviceSeq - b.deviceSeq);
        chain.forEach((c, i) => {
          expect(changeHash(c)).toBe(c.hash);
          if (i === 0) expect(c.deviceSeq === 1 ? c.prevHash : GENESIS).toBe(GENESIS);
          else expect(c.prevHash).toBe(chain[i - 1].hash);
        });
      }
      // Each laptop holds exactly the server's view for its person.
      const state = new MemoryState();
      for (const c of log) state.apply(c);
      for (const s of sims) {
        const p: SyncPrincipal = { id: s.m.id, role: s.m.role as SyncPrincipal['role'] };
        const visible = visibility(p, state);
        const expected = log.filter((c) => c.deviceId !== s.d.deviceId && canSee(p, c, state, visible)).map((c) => `${c.deviceId}/${c.deviceSeq}`);
        expect([...s.got.keys()].sort(), s.m.id).toEqual(expected.sort());
      }
      const moderated = sims.filter((s) => s.m.role === 'moderator').reduce((n, s) => n + s.received.size, 0);
      expect(moderated).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  }, 600_000);
});
