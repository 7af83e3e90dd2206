/**
 * Decision 66: a council that started standalone moves onto a new team server. Before this, `team-
 * server init` made a second QA lead with a new id: joining from the standalone laptop declined all
 * of its history (every change "was not made by the person signed in on this device"), the next
 * sync was refused for good ("a passphrase for <the standalone QA lead>, who is not on the team"),
 * the laptop held two Jo Leads, and no one else could sign in. Now `team-server init --from-db
 * FILE` (the real CLI) makes the standalone QA lead the server's first, the same person, and their
 * laptop's join hands everything over once, including what the command line did in the file. Real encrypted files, real HTTP, both engines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindDispatch } from '../../electron/core/dispatch';
import { verifyHistory } from '../../electron/core/history/verify';
import { joinTeam } from '../../electron/core/teamsync/join';
import { syncNow, syncStatus } from '../../electron/core/teamsync/sync';
import { num } from '../../electron/server/sql';
import { openTeamDatabase, startTeamServer } from '../../electron/server/start';
import type { ModerationView } from '../../shared/api/moderation';
import type { MyProgrammeCase } from '../../shared/api/programmes';
import { joinedLaptop, type Laptop } from '../support/laptop';
import { runCli } from '../support/serverProcess';
import { serverTestFile } from '../support/serverTestFile';
import { startTestServer } from '../support/teamServer';
import { callOk } from './helpers';
import { serverChanges } from './serverTeamFixtures';
import { ALEX, authored, JO, KIM, SAM, standaloneLaptop } from './standaloneFixture';

const { ENGINES, dirs } = serverTestFile();

const flag = (storage: { pg?: string; data?: string }): string[] => (storage.pg ? ['--pg', storage.pg] : ['--data', storage.data!]);
const hashOn = (l: Laptop, id: string): string | null => (l.core.ctx.db.prepare('SELECT passphrase_hash AS h FROM users WHERE id = ?').get(id) as { h: string | null } | undefined)?.h ?? null;

describe.each(ENGINES)('moving a standalone database onto a new team server on $name', (engine) => {
  it('init --from-db keeps the QA lead; the join hands over every change once; the others sign in with their own passphrases and join', async () => {
    const s = await standaloneLaptop(dirs);
    const before = authored(s.core);
    const people = s.core.ctx.db.prepare('SELECT id, email, role FROM users ORDER BY id').all();
    const leadRow = s.core.ctx.db.prepare("SELECT device_id, device_seq, hash FROM history WHERE format = 2 AND tbl = 'users' AND row_key = ?").all(s.ids.jo) as { device_id: string; device_seq: number; hash: string }[];
    s.close();

    const storage = await engine.fresh();
    const init = await runCli(['team-server', 'init', ...flag(storage), '--from-db', s.file], { PLUMBLINE_PASSPHRASE: '' });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(new RegExp(`^Moved QA lead Jo Lead <${JO.email}> \\(${s.ids.jo}\\)`));

    const server = await startTeamServer({ ...storage, host: '127.0.0.1', port: 0 });
    const laptops: Laptop[] = [];
    try {
      // In the app, a shared laptop is joined to a team by its QA lead, signed in: not by nobody, not by Sam.
      s.reopen();
      const join1 = { server: server.url, login: SAM.email, passphrase: SAM.own };
      expect(await bindDispatch(s.core.dispatch, null)('sync:join', join1)).toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
      expect(await s.as(s.ids.sam).dispatch('sync:join', join1)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/only its QA lead/) } });
      expect(syncStatus(s.core.ctx).state).toBe('not-joined');
      expect(await server.sql.query('SELECT device_id FROM device_tokens')).toEqual([]);
      s.close();

      // The QA lead joins from the standalone laptop with the passphrase she has always used there (the real CLI).
      const join = await runCli(['join', '--db', s.file, '--server', server.url, '--login', JO.email], { PLUMBLINE_PASSPHRASE: JO.passphrase });
      expect(join.stderr).toBe('');
      expect(join.code).toBe(0);
      expect(join.stdout).toContain(`Joined ${server.url} as ${JO.name}: this laptop is now theirs.`);
      expect(join.stdout).toMatch(new RegExp(`Handed over what this laptop held before joining: ${before.size} change\\(s\\) sent, 0 already on the server\\.`));
      s.reopen();
      expect(syncStatus(s.core.ctx)).toMatchObject({ state: 'synced', refused: null, personName: JO.name });
      await syncNow(s.core.ctx);
      const handover = JSON.parse((s.core.ctx.db.prepare("SELECT value FROM meta WHERE key = 'sync.handover'").get() as { value: string }).value) as { done: number; upTo: number; sent: number; alreadyThere: number; declined: unknown[] };
      expect(handover.declined).toEqual([]);
      expect(handover.done).toBe(handover.upTo);
      expect(handover.sent).toBe(before.size);

      // Everything the laptop held is on the server exactly once, with the hash it was made with, and nothing else.
      const onServer = await serverChanges(server);
      const byId = new Map(onServer.map((c) => [c.id, c]));
      expect(byId.size).toBe(onServer.length);
      for (const [id, hash] of before) expect(byId.get(id)?.hash, id).toBe(hash);
      for (const r of leadRow) expect(byId.get(`${r.device_id}:${r.device_seq}`)?.hash).toBe(r.hash);
      expect(onServer.length).toBe(before.size + leadRow.filter((r) => !before.has(`${r.device_id}:${r.device_seq}`)).length);
      // The same people, by id, on the server as in the file (one Jo Lead, not two).
      const serverPeople = [...server.view.state.rows('users')].map(([id, r]) => ({ id, email: r.email, role: r.role })).sort((a, b) => a.id.localeCompare(b.id));
      expect(serverPeople).toEqual(people);
      expect(s.core.ctx.db.prepare('SELECT id FROM users ORDER BY id').all()).toEqual((people as { id: string }[]).map((p) => ({ id: p.id })));
      // The passphrase hashes reached the server (the QA lead's laptop sends them): the others sign in with their own.
      const [{ n: hashes }] = await server.sql.query<{ n: unknown }>('SELECT count(*) AS n FROM passphrases');
      expect(num(hashes)).toBe(4);
      // What the command line did in the file went too: the person it added and the cases it imported.
      const cliMade = s.core.ctx.db.prepare("SELECT count(*) AS n FROM history WHERE format = 2 AND actor_name LIKE 'command line (%'").get() as { n: number };
      expect(cliMade.n).toBeGreaterThan(2);
      for (const ref of s.cliCases) expect([...server.view.state.rows('cases')].some(([, r]) => r.reference === ref), ref).toBe(true);

      // Sam joins from his own new laptop with the passphrase he chose on the shared one; he sees his allocated case and his agreed audit.
      const sam = await joinedLaptop(server.url, SAM.email, SAM.own, dirs);
      laptops.push(sam);
      expect(sam.personId).toBe(s.ids.sam);
      const mine = await sam.call<MyProgrammeCase[]>('programmes:mine', {});
      expect(mine.map((c) => c.caseId)).toEqual([s.samCase.caseId]);
      const samSees = await sam.call<ModerationView>('moderation:get', { auditId: s.auditId });
      expect(samSees.audit.status).toBe('agreed');
      expect(samSees.rows.find((r) => r.section === 's3')).toMatchObject({ auditorGrade: 2, agreedGrade: 3 });
      // Passphrase hashes go to their own person's laptops only.
      expect(hashOn(sam, s.ids.sam)).not.toBeNull();
      expect(hashOn(sam, s.ids.jo)).toBeNull();
      expect(hashOn(sam, s.ids.alex)).toBeNull();
      await expect(joinedLaptop(server.url, SAM.email, SAM.oneTime, dirs)).rejects.toThrow(/do not match/);

      // Alex joins and sees the audit she moderated on the shared laptop.
      const alex = await joinedLaptop(server.url, ALEX.email, ALEX.own, dirs);
      laptops.push(alex);
      expect((await alex.call<ModerationView>('moderation:get', { auditId: s.auditId })).moderation?.moderatorName).toBe(ALEX.name);
      expect(hashOn(alex, s.ids.sam)).toBeNull();
      // Kim, added at the command line, joins with the passphrase given there.
      const kim = await joinedLaptop(server.url, KIM.email, KIM.own, dirs);
      laptops.push(kim);
      expect(kim.core.ctx.db.prepare('SELECT name, role FROM users WHERE id = ?').get(kim.personId)).toEqual({ name: KIM.name, role: 'auditor' });
      expect(s.core.ctx.db.prepare('SELECT email FROM users WHERE id = ?').get(kim.personId)).toEqual({ email: KIM.email });

      // The QA lead's laptop keeps working and syncing: a new case reaches the moderator.
      const added = await callOk<{ id: string }>(s.as(s.ids.jo), 'cases:create', { reference: 'N-300', team: 'Team North', worker: 'Pat Worker', caseType: 'cin', ageBand: '5-9', openedOn: '2026-11-20' });
      const report = await syncNow(s.core.ctx);
      expect(report.pushed).toBeGreaterThan(0);
      await syncNow(alex.core.ctx);
      expect(alex.core.ctx.db.prepare('SELECT reference FROM cases WHERE id = ?').get(added.id)).toEqual({ reference: 'N-300' });
      expect((await serverChanges(server)).length).toBe(onServer.length + report.pushed);

      for (const l of [s.core, sam.core, alex.core]) expect(verifyHistory(l.ctx.db).ok).toBe(true);

      // A joined file cannot start another team server.
      s.close();
      const again = await runCli(['team-server', 'init', ...flag(await engine.fresh()), '--from-db', s.file]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/^plumbline: .*plumbline\.db already belongs to the team server at http:\/\/127\.0\.0\.1:\d+: only a standalone database can start a team server\.\n$/);
      s.reopen();
    } finally {
      for (const l of laptops) l.close();
      s.close();
      await server.close();
    }
  }, 600_000);

  it('a person the command line added after init --from-db is declined and stays on the laptop, which keeps syncing', async () => {
    const s = await standaloneLaptop(dirs);
    s.close();
    const storage = await engine.fresh();
    expect((await runCli(['team-server', 'init', ...flag(storage), '--from-db', s.file])).code).toBe(0);
    const late = await runCli(['people', 'add', '--db', s.file, '--name', 'Pat Late', '--email', 'pat@council.example', '--role', 'auditor'], { PLUMBLINE_PASSPHRASE: 'pat was added too late' });
    expect(late.code).toBe(0);
    const server = await startTeamServer({ ...storage, host: '127.0.0.1', port: 0 });
    try {
      s.reopen();
      const patId = (s.core.ctx.db.prepare("SELECT id FROM users WHERE email = 'pat@council.example'").get() as { id: string }).id;
      const joined = await joinTeam(s.core.ctx, { server: server.url, login: JO.email, passphrase: JO.passphrase });
      expect(joined.refused).toBeNull();
      await syncNow(s.core.ctx);
      const handover = JSON.parse((s.core.ctx.db.prepare("SELECT value FROM meta WHERE key = 'sync.handover'").get() as { value: string }).value) as { declined: { table: string; key: string; reason: string }[] };
      expect(handover.declined.find((d) => d.table === 'users')).toMatchObject({ key: patId, reason: expect.stringMatching(/^command line \(.+\) made it on this laptop after it moved to the team server, and a laptop is one person's$/) });
      expect(syncStatus(s.core.ctx)).toMatchObject({ state: 'synced', refused: null });
      // Pat is not on the team (the change that added her had no person behind it and came after the move); she stays on the laptop.
      expect(server.view.state.row('users', patId)).toBeUndefined();
      expect(await server.sql.query('SELECT person_id FROM passphrases WHERE person_id = $1', [patId])).toEqual([]);
      expect(s.core.ctx.db.prepare('SELECT name FROM users WHERE id = ?').get(patId)).toEqual({ name: 'Pat Late' });
      // The laptop keeps syncing its QA lead's work.
      await callOk(s.as(s.ids.jo), 'cases:create', { reference: 'N-301', team: 'Team North', worker: 'Pat Worker', caseType: 'cin', ageBand: '5-9', openedOn: '2026-11-20' });
      expect((await syncNow(s.core.ctx)).pushed).toBeGreaterThan(0);
      expect(syncStatus(s.core.ctx).refused).toBeNull();
    } finally {
      s.close();
      await server.close();
    }
  }, 300_000);

  it('init --from-db refuses a team server that already has people: one line, exit 1, nothing changed', async () => {
    const s = await standaloneLaptop(dirs);
    s.close();
    const storage = await engine.fresh();
    const server = await startTestServer(storage);
    const count = async (sql: typeof server.sql) => num((await sql.query<{ n: unknown }>('SELECT count(*) AS n FROM changes'))[0].n);
    const changes = await count(server.sql);
    await server.close();

    const r = await runCli(['team-server', 'init', ...flag(storage), '--from-db', s.file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^plumbline: This team server already has people: a standalone database moves only onto a new, empty team server\. Nothing was changed\.$/m);

    const { sql } = await openTeamDatabase(storage);
    try {
      expect(await count(sql)).toBe(changes);
      expect(await sql.query('SELECT person_id FROM passphrases WHERE person_id = $1', [s.ids.jo])).toEqual([]);
      expect(await sql.query("SELECT value FROM server_meta WHERE key = 'moved_from'")).toEqual([]);
    } finally {
      await sql.close();
    }
  }, 300_000);
});

describe('init --from-db refusals, one line each (PGlite)', () => {
  it('a file with no QA lead, a wrong key, a missing file, --admin-name with --from-db, and no --admin-email without it', async () => {
    const storage = await ENGINES[0].fresh();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-move-refusals-'));
    dirs.push(dir);
    const empty = path.join(dir, 'empty.db');
    expect((await runCli(['init', '--db', empty])).code).toBe(0);
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['--from-db', empty], {}, /empty\.db has no active QA lead to become the team server's first/],
      [['--from-db', empty], { PLUMBLINE_KEY: 'ab'.repeat(32) }, /Could not open .*empty\.db: the key does not match this database/],
      [['--from-db', path.join(dir, 'missing.db')], {}, /--from-db: there is no database at .*missing\.db\./],
      [['--from-db', empty, '--admin-name', 'Jo Lead'], {}, /--admin-name does not go with --from-db/],
      [['--admin-name', 'Jo Lead'], { PLUMBLINE_PASSPHRASE: JO.passphrase }, /required option '--admin-email <email>' not specified/],
    ];
    for (const [args, env, message] of cases) {
      const r = await runCli(['team-server', 'init', ...flag(storage), ...args], env);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    // Nothing reached the team server.
    const { sql } = await openTeamDatabase(storage);
    try {
      expect(await sql.query('SELECT person_id FROM passphrases')).toEqual([]);
      expect(await sql.query('SELECT device_id FROM devices')).toEqual([]);
    } finally {
      await sql.close();
    }
  }, 300_000);
});
