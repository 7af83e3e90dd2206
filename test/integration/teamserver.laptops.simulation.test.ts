/**
 * Issue 15, the simulation test at full scale, on real laptops: 80 auditors, 3 moderators and a
 * QA lead, each a separate encrypted database file joined by the real client to one team server
 * running as its own process. The QA lead imports a register, samples a programme of 400 cases
 * and allocates it; auditors grade in sittings while offline, in a seeded random interleaving,
 * on clocks skewed by up to ±10 minutes; the server is killed with SIGKILL in the middle of a push
 * and restarted; some batches are delivered twice (a reply lost, so the laptop sends again, and
 * a pull repeated); moderators moderate blind and open; the QA lead and auditors move the same
 * actions' due dates while apart. After everyone syncs twice: each laptop's state equals what a
 * fresh laptop of the same person receives from the server, every change made anywhere is on
 * the server exactly once with the hash it was made with, every chain verifies, and every
 * conflict is listed for the people concerned, none dropped. Both engines.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../electron/core/history/verify';
import { stateHash } from '../../electron/core/sync/index';
import { readSyncMeta, writeSyncMeta } from '../../electron/core/teamsync/state';
import { syncNow } from '../../electron/core/teamsync/sync';
import { createRng } from '../../shared/domain/random';
import type { ConflictEntry } from '../../shared/api/conflicts';
import type { AllocationSummary, MyProgrammeCase, ProgrammePage } from '../../shared/api/programmes';
import { joinedLaptop, type Laptop } from '../support/laptop';
import { freePort } from '../support/pgCluster';
import { runCli, startServerProcess, type ServerProcess } from '../support/serverProcess';
import { ChainDevice, engines, LEAD } from '../support/teamServer';
import { authoredChanges } from './serverTeamFixtures';
import { auditorSitting, moderate, type AuditWork } from './simLaptops';

const AUDITORS = 80;
const MODERATORS = 3;
const TEAMS = 8;
const REGISTER = 480;
const PROGRAMME = 400;
const ROUNDS = 9;
const SKEW_MS = 10 * 60_000;

const ENGINES = engines();
const dirs: string[] = [];
afterAll(async () => {
  for (const e of ENGINES) await e.stopAll();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}, 120_000);

interface Person {
  name: string;
  email: string;
  role: 'auditor' | 'moderator';
  team: string | null;
  oneTime: string;
  own: string;
}

interface Seat {
  who: Person | typeof LEAD;
  laptop: Laptop;
  work: AuditWork[];
  moderated: Set<string>;
  /** This laptop's own changes up to here were made before it joined, and handed over then. */
  joinedAt: number;
}

const flag = (storage: { pg?: string; data?: string }): string[] => (storage.pg ? ['--pg', storage.pg] : ['--data', storage.data!]);
const teamName = (t: number): string => `Team ${String.fromCharCode(65 + t)}`;

/** One sync that may fail because the server is away; the laptop keeps its work and says so. */
async function trySync(seat: Seat): Promise<boolean> {
  try {
    await syncNow(seat.laptop.core.ctx);
    return true;
  } catch (error) {
    expect(String(error), seat.who.name).toMatch(/kept on this laptop/);
    return false;
  }
}

const sentSeq = (seat: Pick<Seat, 'laptop'>): number =>
  Number((seat.laptop.core.ctx.db.prepare("SELECT value FROM meta WHERE key = 'sync.sent_seq'").get() as { value: string } | undefined)?.value ?? 0);

/**
 * A reply lost on the way back: the laptop does not know the server has its last batch (or it
 * pulled a page and did not record the cursor), so it sends and pulls again.
 */
function loseLastReplies(seat: Seat, rng: () => number): void {
  const ctx = seat.laptop.core.ctx;
  const sent = sentSeq(seat);
  if (sent > seat.joinedAt) ctx.db.prepare("UPDATE meta SET value = ? WHERE key = 'sync.sent_seq'").run(String(Math.max(seat.joinedAt, sent - 1 - Math.floor(rng() * 30))));
  const { cursor } = readSyncMeta(ctx);
  if (cursor > 0) writeSyncMeta(ctx, { cursor: Math.max(0, cursor - 1 - Math.floor(rng() * 60)) });
}

describe.each(ENGINES)('80 auditor laptops, 3 moderators and a QA lead through a team server process on $name', (engine) => {
  it('converge after two syncs: each laptop holds its person’s view, every change is on the server once, chains verify, every conflict is listed', async () => {
    const seeded = createRng(20261203);
    const rng = (): number => seeded.next();
    const storage = await engine.fresh();
    const init = await runCli(['team-server', 'init', ...flag(storage), '--admin-email', LEAD.email, '--admin-name', LEAD.name], { PLUMBLINE_PASSPHRASE: LEAD.passphrase });
    expect(init.stderr).toBe('');
    const port = await freePort();
    const args = [...flag(storage), '--port', String(port)];
    let server: ServerProcess = await startServerProcess(args);
    const seats: Seat[] = [];
    try {
      // The QA lead: people, the register from the case system, a sampled programme, allocated.
      const leadLaptop = await joinedLaptop(server.url, LEAD.email, LEAD.passphrase, dirs);
      const lead: Seat = { who: LEAD, laptop: leadLaptop, work: [], moderated: new Set(), joinedAt: sentSeq({ laptop: leadLaptop }) };
      seats.push(lead);
      const people: Person[] = [
        ...Array.from({ length: AUDITORS }, (_, i): Person => ({ name: `Auditor ${i}`, email: `auditor${i}@council.example`, role: 'auditor', team: teamName(i % TEAMS), oneTime: `one-time passphrase ${i}`, own: `auditor ${i} chose this` })),
        ...Array.from({ length: MODERATORS }, (_, i): Person => ({ name: `Moderator ${i}`, email: `moderator${i}@council.example`, role: 'moderator', team: null, oneTime: `one-time passphrase m${i}`, own: `moderator ${i} chose this` })),
      ];
      const ids = new Map<Person, string>();
      for (const p of people) ids.set(p, (await lead.laptop.call<{ id: string }>('people:add', { name: p.name, email: p.email, role: p.role, teams: p.team ? [p.team] : [], passphrase: p.oneTime })).id);
      const rows = Array.from({ length: REGISTER }, (_, i) => `R-${1000 + i},${teamName(i % TEAMS)},Worker ${i % 37},${i % 3 ? 'CIN' : 'CP'},5-9,2026-0${1 + (i % 9)}-10,`);
      const csv = ['Case ID,Team,Social worker,Case type,Age band,Opened,Closed', ...rows].join('\n');
      const mapping = { reference: 'Case ID', team: 'Team', worker: 'Social worker', caseType: 'Case type', ageBand: 'Age band', openedOn: 'Opened', closedOn: 'Closed' };
      expect(await lead.laptop.call('cases:import', { csv, mapping, fileName: 'register.csv' })).toMatchObject({ imported: REGISTER });
      const programme = await lead.laptop.call<{ id: string }>('programmes:create', { name: 'December case audits', type: 'monthly', periodStart: '2026-12-01' });
      const sampled = await lead.laptop.call<ProgrammePage>('programmes:fixSample', { programmeId: programme.id, seed: 42, strataBy: ['team'], perStratum: PROGRAMME / TEAMS });
      expect(sampled.cases).toHaveLength(PROGRAMME);
      const auditorIds = people.filter((p) => p.role === 'auditor').map((p) => ids.get(p)!);
      expect(await lead.laptop.call<AllocationSummary>('programmes:allocate', { programmeId: programme.id, auditorIds })).toMatchObject({ allocated: PROGRAMME, unassigned: [] });
      await syncNow(lead.laptop.core.ctx);

      // Every person's own laptop, on a clock up to ten minutes out; they choose their own passphrase first.
      for (const p of people) {
        const skew = Math.round((rng() * 2 - 1) * SKEW_MS);
        const laptop = await joinedLaptop(server.url, p.email, p.oneTime, dirs, { now: () => new Date(Date.now() + skew) });
        const joinedAt = sentSeq({ laptop });
        await laptop.call('session:changePassphrase', { current: p.oneTime, next: p.own });
        const work = p.role === 'auditor' ? (await laptop.call<MyProgrammeCase[]>('programmes:mine', {})).map((c): AuditWork => ({ caseId: c.caseId, programmeId: c.programmeId, stage: 'not started' })) : [];
        if (p.role === 'auditor') expect(work.length, p.name).toBe(PROGRAMME / AUDITORS);
        seats.push({ who: p, laptop, work, moderated: new Set(), joinedAt });
      }
      const auditors = seats.filter((s) => 'role' in s.who && s.who.role === 'auditor');
      const moderators = seats.filter((s) => 'role' in s.who && s.who.role === 'moderator');

      /** A moderator moderates some of the submitted audits that reached their laptop (each audit has one moderator). */
      const moderateSome = async (seat: Seat, most: number): Promise<void> => {
        const mine = moderators.indexOf(seat);
        const waiting = (seat.laptop.core.ctx.db.prepare("SELECT id FROM audits WHERE status = 'submitted' ORDER BY id").all() as { id: string }[])
          .map((r) => r.id)
          .filter((id) => !seat.moderated.has(id) && parseInt(id.slice(-4), 16) % MODERATORS === mine);
        for (const auditId of waiting.slice(0, most)) {
          await moderate(seat.laptop, auditId, rng() < 0.5 ? 'blind' : 'open', rng);
          seat.moderated.add(auditId);
        }
      };

      // Rounds of offline work in a random order, each laptop syncing now and then.
      const killRound = Math.floor(ROUNDS / 2);
      const KILL_AT = Math.floor(seats.length / 4);
      const AWAY_FOR = Math.ceil(seats.length / 8);
      let killed = false;
      for (let round = 0; round < ROUNDS; round++) {
        const order = [...seats.slice(1)].sort(() => rng() - 0.5);
        for (const [n, seat] of order.entries()) {
          if (auditors.includes(seat)) {
            for (let k = 0; k < 1 + Math.floor(rng() * 3); k++) {
              const open = seat.work.filter((w) => w.stage !== 'submitted');
              if (open.length) await auditorSitting(seat.laptop, open[Math.floor(rng() * open.length)], rng);
            }
          } else {
            await moderateSome(seat, 1 + Math.floor(rng() * 4));
          }
          if (round === killRound && n === KILL_AT) {
            // The server dies mid-push: a laptop with work waiting is sending when SIGKILL lands.
            const busy = auditors.find((a) => a.work.some((w) => w.stage !== 'not started'))!;
            const pushing = syncNow(busy.laptop.core.ctx).then(
              () => 'finished',
              (e: unknown) => String(e),
            );
            await new Promise((r) => setTimeout(r, 5 + Math.floor(rng() * 40)));
            expect(await server.kill('SIGKILL')).toBe('SIGKILL');
            expect(await pushing).toMatch(/finished|kept on this laptop/);
            killed = true;
          }
          // Some laptops later it is back, on the same storage and port; those in between found it away.
          if (round === killRound && n === KILL_AT + AWAY_FOR) server = await startServerProcess(args);
          if (rng() < 0.6) {
            if (rng() < 0.15) loseLastReplies(seat, rng);
            await trySync(seat);
          }
        }
        if (round === 0 || round === ROUNDS - 1) await trySync(lead);
      }
      expect(killed).toBe(true);

      // Whatever is left is finished and sent, and moderators take a last share of what reached them.
      for (const seat of auditors) for (const w of seat.work) while (w.stage !== 'submitted') await auditorSitting(seat.laptop, w, rng);
      for (let pass = 0; pass < 2; pass++) for (const seat of seats) expect(await trySync(seat), seat.who.name).toBe(true);
      for (const seat of moderators) await moderateSome(seat, 10);
      // Then the QA lead and the auditors move the same actions' due dates apart.
      const actions = lead.laptop.core.ctx.db.prepare('SELECT id, created_by FROM actions ORDER BY id LIMIT 12').all() as { id: string; created_by: string }[];
      expect(actions.length).toBeGreaterThan(5);
      const byId = new Map(seats.slice(1).map((s) => [ids.get(s.who as Person), s]));
      for (const a of actions) {
        await lead.laptop.call('actions:moveDue', { id: a.id, dueDate: '2027-02-01', reason: 'The QA lead moved it after the panel.' });
        await byId.get(a.created_by)!.laptop.call('actions:moveDue', { id: a.id, dueDate: '2027-02-10', reason: 'The worker is on leave; agreed with the manager.' });
      }

      // Everyone syncs twice.
      for (let pass = 0; pass < 2; pass++) for (const seat of seats) expect(await trySync(seat), seat.who.name).toBe(true);

      // Every change made anywhere is on the server exactly once, with the hash it was made with.
      const onServer = await serverLog(server.url, lead.laptop.personId);
      expect(new Set(onServer.keys()).size).toBe(onServer.size);
      for (const seat of seats) {
        const own = seat.laptop.core.ctx.deviceId;
        const made = [...authoredChanges(seat.laptop as never)].filter(([id]) => id.startsWith(`${own}:`));
        expect(made.length, seat.who.name).toBeGreaterThan(0);
        for (const [id, hash] of made) expect(onServer.get(id), `${seat.who.name} ${id}`).toBe(hash);
      }
      // Every chain verifies on every laptop; each laptop holds exactly what a fresh laptop of its person receives.
      for (const seat of seats) {
        expect(verifyHistory(seat.laptop.core.ctx.db).ok, seat.who.name).toBe(true);
        const fresh = await joinedLaptop(server.url, seat.who.email, 'own' in seat.who ? seat.who.own : LEAD.passphrase, dirs);
        try {
          expect(stateHash(seat.laptop.core.ctx), seat.who.name).toBe(stateHash(fresh.core.ctx));
          expect(new Set(authoredChanges(seat.laptop as never).keys()), seat.who.name).toEqual(new Set(authoredChanges(fresh as never).keys()));
        } finally {
          fresh.close();
        }
      }
      // Moderation happened, and each auditor's laptop holds the agreed outcome of their own audits.
      const moderatedIds = moderators.flatMap((m) => [...m.moderated]);
      expect(moderatedIds.length).toBeGreaterThan(20);
      for (const seat of auditors) {
        for (const w of seat.work.filter((x) => moderatedIds.includes(x.auditId!))) {
          expect((seat.laptop.core.ctx.db.prepare('SELECT status FROM audits WHERE id = ?').get(w.auditId) as { status: string }).status).toBe('agreed');
        }
      }
      // Every conflict is listed for the people concerned (the QA lead and the action's auditor), none dropped, none invented.
      const crossed = new Set(actions.map((a) => a.id));
      const listed = async (seat: Seat) => (await seat.laptop.call<ConflictEntry[]>('conflicts:list', {})).filter((c) => c.kind === 'concurrent');
      expect(new Set((await listed(lead)).map((c) => `${c.entityId} ${c.field}`))).toEqual(new Set(actions.map((a) => `${a.id} due_date`)));
      for (const a of actions) expect((await listed(byId.get(a.created_by)!)).map((c) => c.entityId), a.id).toContain(a.id);
      for (const seat of seats) for (const c of await listed(seat)) expect(crossed.has(c.entityId), `${seat.who.name}: ${c.record} ${c.field}`).toBe(true);
      // All agree on the outcome of each crossed edit.
      for (const a of actions) {
        const dates = [lead, byId.get(a.created_by)!].map((s) => (s.laptop.core.ctx.db.prepare('SELECT due_date FROM actions WHERE id = ?').get(a.id) as { due_date: string }).due_date);
        expect(new Set(dates).size).toBe(1);
      }
    } finally {
      for (const s of seats) s.laptop.close();
      await server.kill('SIGTERM');
    }
  }, 1_800_000);
});

/** The server's whole log as (device:seq → hash), as a new device of the QA lead pulls it from the start. */
async function serverLog(url: string, leadId: string): Promise<Map<string, string>> {
  const reader = new ChainDevice({ id: leadId, name: LEAD.name });
  await reader.signIn(url, LEAD.email, LEAD.passphrase);
  const { changes } = await reader.pullAll(url);
  const out = new Map<string, string>();
  for (const c of changes) {
    const id = `${c.deviceId}:${c.deviceSeq}`;
    expect(out.has(id), `${id} pulled twice`).toBe(false);
    out.set(id, c.hash);
  }
  return out;
}
