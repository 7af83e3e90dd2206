/**
 * What an operation's input names must be in the caller's scope (issue 11 item 3, the write side):
 * an auditor cannot start an audit of, add an action to, or send for moderation anything outside
 * `visibleTo`, and a moderator cannot act on someone else's draft. Refused in one place (dispatch,
 * from the contract's `sees` declarations) with the same NOT_FOUND a missing one gets, so the
 * refusal does not reveal that it exists. Real encrypted database files, real dispatch.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { api, OP_NAMES } from '../../shared/api/index';
import { addCase, gradedAudit, submit } from './actionFixtures';
import { callOk, makeTestCore, type TestCore } from './helpers';

let core: TestCore;
const ids: Record<string, string> = {};

const audits = (): number => (core.baseCtx.db.prepare('SELECT COUNT(*) AS n FROM audits').get() as { n: number }).n;
const actions = (): number => (core.baseCtx.db.prepare('SELECT COUNT(*) AS n FROM actions').get() as { n: number }).n;
const as = (name: string) => core.principalOf(name);
const call = (name: string, op: string, input: unknown) => core.dispatchAs(as(name), op, input);
const newAction = (auditId: string) => ({ auditId, title: 'See the child alone and record their views', ownerName: 'Sam Social-Worker', ownerRole: 'Social worker', dueDate: '2026-12-07', priority: 'high' });

beforeAll(async () => {
  core = makeTestCore();
  core.actAs('Quinn Lead', 'qa-lead');
  ids.programme = (await callOk<{ id: string }>(core, 'programmes:create', { name: 'November audits', type: 'monthly' })).id;
  ids.thematic = (await callOk<{ id: string }>(core, 'programmes:create', { name: 'Neglect themed audit', type: 'thematic', theme: 'Neglect' })).id;
  ids.north = addCase(core, 'NORTH-1', 'Assessment North');
  ids.south = addCase(core, 'SOUTH-1', 'Assessment South');
  ids.south2 = addCase(core, 'SOUTH-2', 'Assessment South');
  ids.east = addCase(core, 'EAST-1', 'Family Support East');
  ids.ann = core.actAs('Ann Auditor', 'auditor');
  ids.bob = core.actAs('Bob Auditor', 'auditor');
  ids.tara = core.actAs('Tara Manager', 'auditor', ['Assessment South']);
  ids.mo = core.actAs('Mo Moderator', 'moderator');
  core.actAs('Quinn Lead', 'qa-lead');
  await callOk(core, 'programmes:addCases', { programmeId: ids.programme, caseIds: [ids.north, ids.south, ids.south2] });
  await callOk(core, 'programmes:assign', { programmeId: ids.programme, caseId: ids.north, auditorId: ids.ann });
  await callOk(core, 'programmes:assign', { programmeId: ids.programme, caseId: ids.south, auditorId: ids.bob });
  await callOk(core, 'programmes:assign', { programmeId: ids.programme, caseId: ids.south2, auditorId: ids.bob });
  // Bob: a submitted audit of SOUTH-1 with an action, and a draft of SOUTH-2.
  core.actAs('Bob Auditor', 'auditor');
  const bobAudit = await gradedAudit(core, ids.south, 3);
  ids.bobAction = (await callOk<{ id: string }>(core, 'actions:add', newAction(bobAudit.id))).id;
  await submit(core, bobAudit.id, bobAudit.revision);
  ids.bobAudit = bobAudit.id;
  ids.bobDraft = (await gradedAudit(core, ids.south2, 2)).id;
}, 120_000);
afterAll(() => core.cleanup());

describe('an operation acts only on what the caller can see', () => {
  it('audits:start refuses an auditor a case neither allocated to them nor in a team they manage, as if it did not exist', async () => {
    const before = audits();
    // By id: the same words as for a case that does not exist.
    const byId = await call('Ann Auditor', 'audits:start', { caseId: ids.east });
    const missingId = await call('Ann Auditor', 'audits:start', { caseId: 'no-such-case' });
    expect(byId).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining(ids.east) } });
    expect(!byId.ok && byId.error.message.replace(ids.east, 'X')).toBe(!missingId.ok && missingId.error.message.replace('no-such-case', 'X'));
    // By reference: the same words as for a reference that names no case.
    const byRef = await call('Ann Auditor', 'audits:start', { caseReference: 'EAST-1' });
    const missingRef = await call('Ann Auditor', 'audits:start', { caseReference: 'NOPE-9' });
    expect(byRef.ok).toBe(false);
    expect(!byRef.ok && byRef.error.code).toBe('NOT_FOUND');
    expect(!byRef.ok && byRef.error.message.replace('EAST-1', 'X')).toBe(!missingRef.ok && missingRef.error.message.replace('NOPE-9', 'X'));
    // A case of a team Ann does not manage, allocated to Bob.
    expect(await call('Ann Auditor', 'audits:start', { caseId: ids.south })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Her allocated case, but under a programme she has nothing in.
    expect(await call('Ann Auditor', 'audits:start', { caseId: ids.north, programmeId: ids.thematic })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Tara manages Assessment South: not East.
    expect(await call('Tara Manager', 'audits:start', { caseReference: 'EAST-1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(audits()).toBe(before);

    // What each may do: Ann her allocated case, Tara a case of her team, a moderator and a QA lead any case.
    expect(await call('Ann Auditor', 'audits:start', { caseId: ids.north, programmeId: ids.programme })).toMatchObject({ ok: true, value: { existing: false } });
    expect(await call('Tara Manager', 'audits:start', { caseReference: 'SOUTH-1' })).toMatchObject({ ok: true, value: { existing: false } });
    expect(await call('Mo Moderator', 'audits:start', { caseId: ids.east })).toMatchObject({ ok: true, value: { existing: false } });
    expect(await call('Quinn Lead', 'audits:start', { caseReference: 'EAST-1' })).toMatchObject({ ok: true, value: { existing: false } });
    expect(audits()).toBe(before + 4);
  });

  it('actions:add and bundles:sendForModeration refuse an audit out of scope without naming its case', async () => {
    const before = actions();
    for (const name of ['Ann Auditor', 'Tara Manager']) {
      const reply = await call(name, 'actions:add', newAction(ids.bobAudit));
      expect(reply, name).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(JSON.stringify(reply), name).not.toContain('SOUTH-1');
    }
    // A draft is its auditor's alone: a moderator cannot add to it either.
    expect(await call('Mo Moderator', 'actions:add', newAction(ids.bobDraft))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(actions()).toBe(before);
    const out = path.join(core.dir, 'bundle.plb');
    const sent = await call('Ann Auditor', 'bundles:sendForModeration', { auditId: ids.bobAudit, moderatorId: ids.mo, outPath: out });
    expect(sent).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(JSON.stringify(sent)).not.toContain('SOUTH-1');
    expect(fs.existsSync(out)).toBe(false);
    // Who may: the moderator on submitted work, the QA lead on anything.
    expect(await call('Mo Moderator', 'actions:add', newAction(ids.bobAudit))).toMatchObject({ ok: true });
    expect(await call('Quinn Lead', 'actions:add', newAction(ids.bobDraft))).toMatchObject({ ok: true });
  });

  it('moderation cannot start on, nor a follow-up be read of, what the caller cannot see', async () => {
    expect(await call('Mo Moderator', 'moderation:start', { auditId: ids.bobDraft, mode: 'open' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const moderations = core.baseCtx.db.prepare('SELECT COUNT(*) AS n FROM moderations WHERE audit_id = ?').get(ids.bobDraft) as { n: number };
    expect(moderations.n).toBe(0);
    expect(await call('Ann Auditor', 'actions:followUps', { caseId: ids.east })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('Ann Auditor', 'actions:markDone', { id: ids.bobAction, note: 'Done by someone else', doneOn: '2026-11-23' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('Ann Auditor', 'moderation:acknowledge', { auditId: ids.bobAudit })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // In scope, the same calls reach the service.
    expect(await call('Tara Manager', 'actions:followUps', { caseId: ids.south })).toMatchObject({ ok: true });
    expect(await call('Mo Moderator', 'moderation:start', { auditId: ids.bobAudit, mode: 'open' })).toMatchObject({ ok: true });
  });
});

/** The names of an input's fields, with whether each is required (objects, unions, pipes, refinements). */
function fieldsOf(schema: z.ZodType): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const def = (schema as unknown as { def: { type: string; options?: z.ZodType[]; in?: z.ZodType; shape?: Record<string, z.ZodType> } }).def;
  if (def.type === 'object') {
    for (const [k, v] of Object.entries((schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>)) out.set(k, !v.safeParse(undefined).success);
  } else if (def.type === 'union' && def.options) {
    for (const o of def.options) for (const [k, req] of fieldsOf(o)) out.set(k, req || (out.get(k) ?? false));
  } else if (def.type === 'pipe' && def.in) {
    return fieldsOf(def.in);
  }
  return out;
}

/** Fields that name one entity the operation acts on, whatever the operation. */
const REFERENCES = new Set(['caseId', 'caseIds', 'caseReference', 'auditId', 'actionId', 'flagId', 'moderationId']);
/** Features whose `id` is one of these entities (a person's `id`, a conflict's, a service finding's are not scoped by visibleTo). */
const ID_FEATURES = new Set(['audits', 'actions', 'cases', 'programmes', 'templates']);

describe('the contract declares what every input names', () => {
  it('every operation a non-QA-lead may call declares `sees` for each field naming a case, audit, action or flag it acts on', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const name of OP_NAMES) {
      const access = api[name].access;
      if ('public' in access || (access.roles !== 'signed-in' && access.roles.every((r) => r === 'qa-lead'))) continue;
      const sees = access.sees ?? {};
      for (const [field, required] of fieldsOf(api[name].input as z.ZodType)) {
        const names = REFERENCES.has(field) && required;
        const idOfFeature = field === 'id' && ID_FEATURES.has(name.split(':')[0]);
        if (!names && !idOfFeature) continue;
        checked += 1;
        if (!(field in sees)) missing.push(`${name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
