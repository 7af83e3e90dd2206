/**
 * A QA lead publishes a template version on one laptop while the draft is edited or discarded
 * offline on another (the same QA lead's second laptop, or a second QA lead), through a real team
 * server on both engines. Both laptops sync twice: nobody's sync throws or is refused (it used
 * to: the published-template trigger fired inside the merge and stuck that laptop's sync for
 * good), both hold the version exactly as published, the server's view agrees, and every lost
 * edit is on the Conflicts page with both values. A push that changes a version its laptop had
 * already received as published is refused with 409 and the reason.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Change } from '../../shared/sync/change';
import { formatHlc, parseHlc } from '../../shared/sync/hlc';
import { publishTime } from '../../shared/sync/templateFreeze';
import { addPerson } from '../../electron/core/people/service';
import { principalForPerson, withPrincipal } from '../../electron/core/policy/principal';
import { listConflicts, resolveConflict } from '../../electron/core/sync/conflicts';
import { rowClock } from '../../electron/core/sync/clock';
import { changesSince, stateHash } from '../../electron/core/sync/index';
import { joinTeam } from '../../electron/core/teamsync/join';
import { syncNow, syncStatus } from '../../electron/core/teamsync/sync';
import { copyTemplate, discardTemplate, publishTemplate, updateTemplate } from '../../electron/core/templates/service';
import { changeHash, GENESIS } from '../../electron/server/chain';
import { call, engines, LEAD, startTestServer, value } from '../support/teamServer';
import { makeTestCore, type TestCore } from './helpers';
import { newestPublishedTemplate, reworded } from './templateFixtures';

const ENGINES = engines();
afterAll(async () => {
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

const QUINN = { name: 'Quinn Lead', email: 'quinn.lead@council.example', passphrase: 'a second lead passphrase 2026' };
const SAM = { name: 'Sam Auditor', email: 'sam.auditor@council.example', passphrase: 'an auditor passphrase 2026' };
const row = (l: TestCore, id: string) => l.baseCtx.db.prepare('SELECT status, name, definition, published_at FROM templates WHERE id = ?').get(id) as Record<string, unknown> | undefined;
const mine = (l: TestCore, id: string) => changesSince(l.baseCtx, 0, 1_000_000).changes.filter((c) => c.table === 'templates' && c.key === id);
const later = (ms = 5) => new Promise((r) => setTimeout(r, ms));
/** Real encrypted laptops on the real clock (the server compares clocks with its own). */
const tick = (...ls: TestCore[]) => {
  for (const l of ls) l.setNow(new Date().toISOString());
};

describe.each(ENGINES)('publishing while another laptop edits the draft offline, through a team server on $name', (engine) => {
  it('nobody is stuck, every laptop and the server hold the version as published, the lost edits are listed', async () => {
    const server = await startTestServer(await engine.fresh());
    const laptops: TestCore[] = [];
    try {
      // Lea's two laptops (a, b); Quinn, a second QA lead, on c.
      const make = () => {
        const l = makeTestCore();
        l.setNow(new Date().toISOString());
        laptops.push(l);
        return l;
      };
      const a = make();
      const b = make();
      const c = make();
      for (const l of [a, b]) expect((await joinTeam(l.baseCtx, { server: server.url, login: LEAD.email, passphrase: LEAD.passphrase })).refused).toBeNull();
      const lea = (l: TestCore) => withPrincipal(l.baseCtx, principalForPerson(l.baseCtx.db, server.leadId));
      const quinnId = (await addPerson(lea(a), { name: QUINN.name, email: QUINN.email, role: 'qa-lead', teams: [], agency: null, passphrase: QUINN.passphrase }, { ownPassphrase: true })).id;
      await addPerson(lea(a), { name: SAM.name, email: SAM.email, role: 'auditor', teams: ['North'], agency: null, passphrase: SAM.passphrase }, { ownPassphrase: true });
      const builtin = newestPublishedTemplate(a.baseCtx.db);
      // Three drafts, on every laptop.
      const [edited, earlier, discarded] = [copyTemplate(lea(a), builtin), copyTemplate(lea(a), builtin), copyTemplate(lea(a), builtin)];
      await syncNow(a.baseCtx);
      expect((await joinTeam(c.baseCtx, { server: server.url, login: QUINN.email, passphrase: QUINN.passphrase })).refused).toBeNull();
      const quinn = withPrincipal(c.baseCtx, principalForPerson(c.baseCtx.db, quinnId));
      await syncNow(b.baseCtx);
      for (const l of [b, c]) for (const t of [edited, earlier, discarded]) expect(row(l, t.id)).toMatchObject({ status: 'draft' });

      // Offline on b, before Lea publishes on a: an edit the publication never saw (earlier by the clock).
      await later();
      tick(b);
      updateTemplate(lea(b), earlier.id, reworded(earlier.definition, 'Reworded on laptop b before the publication'));
      await later();
      tick(a);
      for (const t of [edited, earlier, discarded]) publishTemplate(lea(a), t.id);
      const published = Object.fromEntries([edited, earlier, discarded].map((t) => [t.id, row(a, t.id)!]));
      await syncNow(a.baseCtx);
      await later();
      tick(b, c);
      // Offline on b and c, after the publication (which they have not received): an edit and a discard.
      updateTemplate(lea(b), edited.id, reworded(edited.definition, 'Reworded on laptop b after the publication'));
      discardTemplate(quinn, discarded.id);

      // Everyone syncs twice; the laptops that raced go first.
      for (let round = 0; round < 2; round++) {
        for (const l of [b, c, a]) {
          tick(l);
          const report = await syncNow(l.baseCtx);
          expect(report.cursor).toBeGreaterThan(0);
          expect(syncStatus(l.baseCtx)).toMatchObject({ state: 'synced', refused: null, waiting: 0 });
        }
      }

      for (const l of [a, b, c]) for (const t of [edited, earlier, discarded]) expect(row(l, t.id), `${t.id} on a laptop`).toEqual(published[t.id]);
      for (const t of [edited, earlier, discarded]) {
        expect(server.view.state.row('templates', t.id)).toMatchObject({ status: 'published', name: published[t.id].name, definition: published[t.id].definition });
      }
      expect(stateHash(b.baseCtx)).toBe(stateHash(a.baseCtx));
      expect(stateHash(c.baseCtx)).toBe(stateHash(a.baseCtx));
      // An auditor who joins now receives every version as published (they receive published
      // versions only: had the server taken the late edit's status 'draft', they would get none of it).
      const sam = make();
      expect((await joinTeam(sam.baseCtx, { server: server.url, login: SAM.email, passphrase: SAM.passphrase })).refused).toBeNull();
      for (const t of [edited, earlier, discarded]) expect(row(sam, t.id), 'on the auditor\'s laptop').toEqual(published[t.id]);

      // The Conflicts page, the same for both QA leads on every laptop: both values, nobody's typing lost.
      const page = (l: TestCore, person: typeof quinn) => listConflicts(person, false).filter((e) => e.table === 'templates').map((e) => ({ ...e, current: { ...e.current } }));
      const onA = page(a, lea(a));
      const byField = (id: string) => onA.filter((e) => e.entityId === id).map((e) => `${e.kind} ${e.field}`).sort();
      expect(byField(edited.id)).toEqual(['frozen definition', 'frozen name']);
      expect(byField(earlier.id)).toEqual(['concurrent definition', 'concurrent name']);
      expect(byField(discarded.id)).toEqual(['frozen status']);
      const lostName = onA.find((e) => e.entityId === edited.id && e.field === 'name')!;
      expect(lostName).toMatchObject({
        record: `Template ${String(published[edited.id].name)}, version ${edited.version}`,
        current: { value: published[edited.id].name, personName: LEAD.name },
        other: { value: 'Case file audit (Reworded on laptop b after the publication)', personName: LEAD.name },
      });
      expect(lostName.keepOtherRefused).toMatch(/copy the version into a new one/);
      expect(onA.find((e) => e.entityId === edited.id && e.field === 'definition')!.differences).toEqual([
        `Name: "${String(published[edited.id].name)}" → "Case file audit (Reworded on laptop b after the publication)"`,
        expect.stringMatching(/^Section 1 \(.*\): .*: ".*" → "Reworded on laptop b after the publication \(section 1\)"$/),
      ]);
      expect(onA.find((e) => e.entityId === discarded.id)).toMatchObject({ other: { value: 'discarded', personName: QUINN.name }, current: { value: 'published' }, note: expect.stringMatching(/^Discarded on a laptop that had not heard/) });
      expect(page(b, lea(b))).toEqual(onA);
      expect(page(c, quinn)).toEqual(onA);

      // Keeping the lost value is refused with the reason; keeping the published one settles it everywhere.
      expect(() => resolveConflict(lea(b), lostName.id, 'other')).toThrow(/was published and is frozen, so this value cannot be put into it: copy the version into a new one/);
      resolveConflict(lea(b), lostName.id, 'current');
      for (const l of [b, a]) await syncNow(l.baseCtx);
      expect(listConflicts(lea(a), false).some((e) => e.id === lostName.id)).toBe(false);

      // A laptop that had received the publication and changed the version anyway (around Plumbline): 409 with the reason.
      const deviceId = uuidv7();
      const token = value(await call<{ token: string }>(server.url, '/v1/sign-in', { login: LEAD.email, passphrase: LEAD.passphrase, deviceId })).token;
      // What laptop a would send as the clock it overwrote: the publication's own time.
      const clock = { h: rowClock(a.baseCtx.db, 'templates', edited.id)! };
      expect(clock.h).toBe(publishTime(mine(a, edited.id)));
      const body: Omit<Change, 'hash'> = {
        deviceId, deviceSeq: 1, hlc: formatHlc({ millis: Math.max(Date.now(), parseHlc(clock.h).millis) + 1000, counter: 0, deviceId }), personId: server.leadId, personName: LEAD.name,
        table: 'templates', key: edited.id, op: 'set', column: 'name', value: 'Renamed behind its back', base: clock.h, prevHash: GENESIS,
      };
      const refused = await call(server.url, '/v1/push', { changes: [{ ...body, hash: changeHash(body) }] }, { token, deviceId });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ ok: false, error: { code: 'FROZEN' } });
      expect(JSON.stringify(refused.body)).toMatch(/version \d+ was published before this change was made, on a laptop that had already received the publication: a published template version cannot be changed/);
      expect(server.view.state.row('templates', edited.id)).toMatchObject({ name: published[edited.id].name });
    } finally {
      for (const l of laptops) l.cleanup();
      await server.close();
    }
  }, 240_000);
});
