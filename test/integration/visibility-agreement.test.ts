/**
 * The laptop's reads and the team server's pull filter agree, per entity (issue 11 item 3): on one
 * shared fixture, for every person and every row of every replicated table, `visibleTo` (the
 * laptop, reading its tables) and `visibility` over the state rebuilt from the change log (what
 * the team server holds and filters pulls with) give the same answer. Also states what each role
 * sees: team scope, ownership, drafts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/api/session';
import { visibility } from '../../shared/sync/rules';
import { replicaState } from '../../electron/core/bundles/checks';
import { replicatedEntities } from '../../electron/core/entities/registry';
import { tableState } from '../../electron/core/policy/tableState';
import { visibleTo } from '../../electron/core/policy/visibility';
import { addAction, addCase, gradedAudit, submit } from './actionFixtures';
import { callOk, makeTestCore, type TestCore } from './helpers';

let core: TestCore;
const ids: Record<string, string> = {};

beforeAll(async () => {
  core = makeTestCore();
  core.actAs('Quinn Lead', 'qa-lead');
  const programme = await callOk<{ id: string }>(core, 'programmes:create', { name: 'November audits', type: 'monthly' });
  ids.programme = programme.id;
  ids.north1 = addCase(core, 'NORTH-1', 'Assessment North');
  ids.north2 = addCase(core, 'NORTH-2', 'Assessment North');
  ids.south1 = addCase(core, 'SOUTH-1', 'Assessment South');
  ids.unrelated = addCase(core, 'EAST-1', 'Family Support East');
  ids.ann = core.actAs('Ann Auditor', 'auditor');
  ids.bob = core.actAs('Bob Auditor', 'auditor');
  ids.tara = core.actAs('Tara Manager', 'auditor', ['Assessment South']);
  ids.mo = core.actAs('Mo Moderator', 'moderator');
  core.actAs('Quinn Lead', 'qa-lead');
  await callOk(core, 'programmes:addCases', { programmeId: ids.programme, caseIds: [ids.north1, ids.south1] });
  await callOk(core, 'programmes:assign', { programmeId: ids.programme, caseId: ids.north1, auditorId: ids.ann });
  await callOk(core, 'programmes:assign', { programmeId: ids.programme, caseId: ids.south1, auditorId: ids.bob });
  // Ann: a submitted audit of her allocated case with an action, and a draft of another case.
  core.actAs('Ann Auditor', 'auditor');
  const annAudit = await gradedAudit(core, ids.north1, 3);
  ids.annAction = (await addAction(core, annAudit.id)).id;
  await submit(core, annAudit.id, annAudit.revision);
  ids.annAudit = annAudit.id;
  ids.annDraft = (await gradedAudit(core, ids.north2, 2)).id;
  // Bob: a submitted audit of a South case (Tara's team) with an action.
  core.actAs('Bob Auditor', 'auditor');
  const bobAudit = await gradedAudit(core, ids.south1, 4);
  ids.bobAction = (await addAction(core, bobAudit.id, { title: 'Hold a strategy discussion' })).id;
  await submit(core, bobAudit.id, bobAudit.revision);
  ids.bobAudit = bobAudit.id;
}, 120_000);
afterAll(() => core.cleanup());

const people = (): Principal[] => ['Quinn Lead', 'Ann Auditor', 'Bob Auditor', 'Tara Manager', 'Mo Moderator'].map((n) => core.principalOf(n));

describe('what a person may see, on the laptop and on the team server', () => {
  it('agrees for every person and every row of every replicated table', () => {
    const server = replicaState(core.baseCtx.db);
    const laptop = tableState(core.baseCtx.db);
    const disagreements: string[] = [];
    let compared = 0;
    for (const who of people()) {
      const onLaptop = visibleTo(core.baseCtx.db, who);
      const onServer = visibility({ id: who.id, role: who.role }, server);
      for (const def of replicatedEntities()) {
        const keys = new Set([...[...laptop.rows(def.table)].map(([k]) => k), ...[...server.rows(def.table)].map(([k]) => k)]);
        for (const key of keys) {
          if (def.localRow?.(key)) continue;
          compared += 1;
          const a = onLaptop.see(def.table, key);
          const b = onServer(def.table, key);
          if (a !== b) disagreements.push(`${who.name} ${def.table} ${key}: laptop ${a}, server ${b}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });

  it('gives each role its scope: allocation, ownership, team, drafts', () => {
    const db = core.baseCtx.db;
    const [quinn, ann, bob, tara, mo] = people().map((p) => visibleTo(db, p));
    // A QA lead sees everything, drafts included.
    expect([ids.north1, ids.north2, ids.south1, ids.unrelated].every((c) => quinn.cases(c))).toBe(true);
    expect(quinn.audits(ids.annDraft)).toBe(true);
    // An auditor: her allocated case and the cases she audits, her audits and their actions; nobody else's.
    expect([ids.north1, ids.north2].every((c) => ann.cases(c))).toBe(true);
    expect(ann.cases(ids.south1) || ann.cases(ids.unrelated)).toBe(false);
    expect(ann.audits(ids.annAudit) && ann.audits(ids.annDraft) && ann.actions(ids.annAction)).toBe(true);
    expect(ann.audits(ids.bobAudit) || ann.actions(ids.bobAction)).toBe(false);
    expect(ann.programmes(ids.programme)).toBe(true);
    expect(bob.audits(ids.annAudit) || bob.cases(ids.north1)).toBe(false);
    // A team manager who audits: the cases of the team she manages and their actions, not other people's audits.
    expect(tara.cases(ids.south1) && tara.actions(ids.bobAction)).toBe(true);
    expect(tara.cases(ids.north1) || tara.audits(ids.bobAudit)).toBe(false);
    // A moderator: submitted work, not anyone's draft.
    expect(mo.audits(ids.annAudit) && mo.audits(ids.bobAudit) && mo.actions(ids.annAction)).toBe(true);
    expect(mo.audits(ids.annDraft)).toBe(false);
    // Everyone sees people (names and roles) and published templates.
    expect(ann.people(ids.mo)).toBe(true);
  });

  it('reads through the contract keep to that scope, with totals counted after it', async () => {
    const list = (who: string) => core.dispatchAs(core.principalOf(who), 'cases:list', { limit: 50 });
    const refs = async (who: string) => {
      const reply = await list(who);
      if (!reply.ok) throw new Error(reply.error.message);
      const page = reply.value as { total: number; rows: { reference: string }[] };
      expect(page.total).toBe(page.rows.length);
      return page.rows.map((r) => r.reference).sort();
    };
    expect(await refs('Ann Auditor')).toEqual(['NORTH-1', 'NORTH-2']);
    expect(await refs('Tara Manager')).toEqual(['SOUTH-1']);
    expect(await refs('Quinn Lead')).toEqual(['EAST-1', 'NORTH-1', 'NORTH-2', 'SOUTH-1']);
    const tracker = await core.dispatchAs(core.principalOf('Ann Auditor'), 'actions:list', {});
    expect(tracker.ok && (tracker.value as { total: number; rows: { id: string }[] })).toMatchObject({ total: 1, rows: [{ id: ids.annAction }] });
    expect((await core.dispatchAs(core.principalOf('Ann Auditor'), 'audits:get', { id: ids.bobAudit })).ok).toBe(false);
    expect((await core.dispatchAs(core.principalOf('Mo Moderator'), 'audits:get', { id: ids.annDraft })).ok).toBe(false);
  });
});
