import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OP_NAMES, type OpName } from '../../shared/api/index';
import type { AuditDetail } from '../../shared/api/audits';
import type { Principal } from '../../shared/api/session';
import { hiddenByBlindModeration } from '../../electron/core/policy/visibility';
import { allocateToCurrent, callOk, makeTestCore, type TestCore } from './helpers';
import { addCase, SECTIONS } from './moderation.fixtures';

/**
 * The blind-moderation sweep: with a blind moderation of Ann's audit being graded, every operation
 * in the contract (enumerated from `api`, not listed by hand) is called as each other role with a
 * valid input, and no reply may carry Ann's grades, findings, evidence or warnings.
 */
const MARK = 'Zq7BLIND';
const DRAFT_MARK = 'Zq7DRAFT';
const TEXT = { evidence: `${MARK}-evidence`, findings: `${MARK}-findings`, child: `${MARK}-child-said`, justification: `${MARK}-justification` };

interface World {
  hidden: string; // Ann's audit under blind grading (the one that must not leak)
  other: string; // Ann's second audit, moderated blind too: the target of state-changing moderation calls
  caseId: string;
  otherCase: string;
  actionId: string;
  annId: string;
  bobId: string;
  spareId: string;
  programmeId: string;
  templateId: string;
  draft: string; // Ann's unsubmitted draft: hers alone
}

let core: TestCore;
let w: World;

async function submitMarked(caseId: string, text: typeof TEXT | null): Promise<string> {
  allocateToCurrent(core, caseId);
  const { id } = await callOk<{ id: string }>(core, 'audits:start', { caseId });
  const detail = await callOk<AuditDetail>(core, 'audits:get', { id });
  const changes: unknown[] = [];
  for (const s of SECTIONS) {
    changes.push({ kind: 'section-grade', section: s, grade: 3 });
    changes.push({ kind: 'section-evidence', section: s, text: text ? `${text.evidence} ${s}: the worker visits.` : `Plain evidence for ${s}.` });
  }
  changes.push(
    { kind: 'feedback-spoken', who: 'child', value: 'yes' },
    { kind: 'feedback-text', who: 'child', field: 'said', text: text?.child ?? 'I like my worker.' },
    { kind: 'feedback-view', who: 'child', value: 'helpful' },
    { kind: 'feedback-spoken', who: 'parent', value: 'no' },
    { kind: 'feedback-text', who: 'parent', field: 'reason', text: 'Declined to take part.' },
    { kind: 'key-findings', text: text?.findings ?? 'Plain findings.' },
    { kind: 'answer', question: 'left_at_risk', answer: 'no' },
    { kind: 'overall', grade: 1 },
  );
  const saved = await callOk<{ revision: number }>(core, 'audits:save', { id, revision: detail.revision, changes });
  await callOk(core, 'audits:submit', { id, revision: saved.revision, justification: text?.justification ?? 'Plain justification of the grade.' });
  return id;
}

beforeAll(async () => {
  core = makeTestCore();
  core.actAs('Quinn Lead', 'qa-lead');
  const templateId = (core.baseCtx.db.prepare("SELECT id FROM templates WHERE status = 'published' LIMIT 1").get() as { id: string }).id;
  const programme = await callOk<{ id: string }>(core, 'programmes:create', { name: 'Sweep programme', type: 'monthly' });
  core.actAs('Bob Auditor', 'auditor');
  core.actAs('Spare Person', 'auditor');
  const annId = core.actAs('Ann Auditor', 'auditor');
  const caseId = addCase(core, 'BLIND-1');
  const otherCase = addCase(core, 'BLIND-2');
  const hidden = await submitMarked(caseId, TEXT);
  const other = await submitMarked(otherCase, null);
  const draftCase = addCase(core, 'DRAFT-3');
  allocateToCurrent(core, draftCase);
  const { id: draft } = await callOk<{ id: string }>(core, 'audits:start', { caseId: draftCase });
  await callOk(core, 'audits:save', { id: draft, revision: 0, changes: [{ kind: 'key-findings', text: `${DRAFT_MARK} not ready yet` }] });
  const action = await callOk<{ id: string }>(core, 'actions:add', {
    auditId: hidden, title: 'Visit the child within five working days', ownerName: 'T. Manager', ownerRole: 'Team manager', team: 'Assessment North', dueDate: '2026-11-30', priority: 'high',
  });
  core.actAs('Mo Moderator', 'moderator');
  await callOk(core, 'moderation:start', { auditId: hidden, mode: 'blind' });
  await callOk(core, 'moderation:start', { auditId: other, mode: 'blind' });
  w = {
    hidden, other, caseId, otherCase, actionId: action.id, annId,
    bobId: core.principalOf('Bob Auditor').id, spareId: core.principalOf('Spare Person').id,
    programmeId: programme.id, templateId, draft,
  };
}, 120_000);
afterAll(() => core.cleanup());

const fields = { team: 'North', caseType: 'cin', ageBand: '0-4' };
/** A valid input for every operation (state-changing moderation calls aim at the other audit). */
const SAMPLES: Record<OpName, (w: World) => unknown> = {
  'session:me': () => ({}),
  'session:signIn': () => ({ login: 'ann.auditor@test.plumbline.test', passphrase: 'not the passphrase' }),
  'session:signOut': () => ({}),
  'session:unlock': () => ({ passphrase: 'not the passphrase' }),
  'session:changePassphrase': () => ({ current: 'not the passphrase', next: 'another long passphrase' }),
  'session:setup': () => ({ name: 'New Lead', email: 'new.lead@council.example', passphrase: 'copper kettle morning rain' }),
  'session:exploreDemo': () => ({}),
  'session:setIdleLock': () => ({ minutes: 15 }),
  'people:list': () => ({}),
  'people:add': () => ({ name: 'Sweep Added', email: `sweep.${Math.random().toString(36).slice(2)}@council.example`, role: 'auditor' }),
  'people:update': (x) => ({ id: x.spareId, teams: ['Assessment South'] }),
  'people:deactivate': (x) => ({ id: x.spareId, active: true }),
  'people:setOneTimePassphrase': (x) => ({ id: x.spareId, passphrase: 'granite window seagull 4' }),
  'people:import': () => ({ csv: 'name,email,role\nSweep Import,sweep.import@council.example,auditor\n' }),
  'system:verify': () => ({}),
  'system:history': (x) => ({ entity: 'audit', entityId: x.hidden }),
  'cases:list': () => ({}),
  'cases:get': (x) => ({ id: x.caseId }),
  'cases:create': () => ({ reference: `SW-${Math.random().toString(36).slice(2, 8)}`, ...fields }),
  'cases:update': (x) => ({ id: x.otherCase, fields: { reference: 'BLIND-2', team: 'Assessment North', caseType: 'cin', ageBand: '5-9' } }),
  'cases:teams': () => ({}),
  'cases:importPreview': () => ({ csv: 'Case reference,Team\nX-1,North\n' }),
  'cases:importCheck': () => ({ csv: 'Case reference,Team,Case type,Age band\nSWI-1,North,CIN,0-4\n', mapping: { reference: 'Case reference', team: 'Team', caseType: 'Case type', ageBand: 'Age band' } }),
  'cases:import': () => ({ csv: 'Case reference,Team,Case type,Age band\nSWI-2,North,CIN,0-4\n', mapping: { reference: 'Case reference', team: 'Team', caseType: 'Case type', ageBand: 'Age band' } }),
  'cases:importMapping:get': () => ({}),
  'cases:importMapping:set': () => ({ mapping: { reference: 'Case reference' } }),
  'templates:get': (x) => ({ id: x.templateId }),
  'templates:list': () => ({}),
  'templates:copy': (x) => ({ id: x.templateId }),
  'templates:update': (x) => ({ id: x.templateId, definition: {} }),
  'templates:publish': (x) => ({ id: x.templateId }),
  'templates:discard': (x) => ({ id: x.templateId }),
  'templates:compare': (x) => ({ fromId: x.templateId, toId: x.templateId }),
  'audits:start': (x) => ({ caseId: x.caseId }),
  'audits:get': (x) => ({ id: x.hidden }),
  'audits:save': (x) => ({ id: x.hidden, revision: 1, changes: [] }),
  'audits:checkSubmit': (x) => ({ id: x.hidden }),
  'audits:submit': (x) => ({ id: x.hidden, revision: 1 }),
  'audits:mine': () => ({}),
  'audits:gradeCounts': () => ({}),
  'moderation:queue': () => ({}),
  'moderation:getSettings': () => ({}),
  'moderation:setSettings': () => ({ sharePercent: 20 }),
  'moderation:draw': () => ({ seed: 7 }),
  'moderation:start': (x) => ({ auditId: x.hidden, mode: 'open' }),
  'moderation:get': (x) => ({ auditId: x.hidden }),
  'moderation:grade': (x) => ({ auditId: x.other, section: 's1', grade: 2, rationale: 'The moderator sees it differently here.', reasonCode: 'over-optimistic' }),
  'moderation:finishGrading': (x) => ({ auditId: x.other }),
  'moderation:reconcile': (x) => ({ auditId: x.other, section: 's1', agreedGrade: 2, rationale: 'Agreed after discussion with the auditor.', reasonCode: 'over-optimistic' }),
  'moderation:agree': (x) => ({ auditId: x.other }),
  'moderation:return': (x) => ({ auditId: x.other, reasons: ['Please look again at section 1.'] }),
  'moderation:agreeWithoutModeration': (x) => ({ auditId: x.hidden }),
  'moderation:agreeBelowShare': (x) => ({ auditId: x.hidden, reason: 'Sweep: agreeing below the share on purpose.' }),
  'moderation:acknowledge': (x) => ({ auditId: x.hidden }),
  'moderation:bothAgree': () => ({}),
  'moderation:reconsider': (x) => ({ auditId: x.hidden, reason: 'Sweep: please look again at section 1.' }),
  'moderation:answerReconsider': (x) => ({ auditId: x.hidden, decision: 'keep', rationale: 'Sweep: the agreed grades stand.' }),
  'moderation:resolveFlag': () => ({ flagId: 'no-such-flag', note: 'Looked at it.' }),
  'moderation:figures': () => ({}),
  'actions:add': (x) => ({ auditId: x.hidden, title: 'Another action for the sweep', ownerName: 'T. Manager', ownerRole: 'Team manager', team: 'Assessment North', dueDate: '2026-12-10', priority: 'low' }),
  'actions:forAudit': (x) => ({ auditId: x.hidden }),
  'actions:get': (x) => ({ id: x.actionId }),
  'actions:list': () => ({}),
  'actions:facets': () => ({}),
  'actions:markDone': (x) => ({ id: x.actionId, note: 'Visited on Monday.', doneOn: '2026-11-23' }),
  'actions:cancel': (x) => ({ id: x.actionId, reason: 'Not needed after all.' }),
  'actions:verify': (x) => ({ id: x.actionId, note: 'Checked.' }),
  'actions:moveDue': (x) => ({ id: x.actionId, dueDate: '2026-12-15', reason: 'Worker on leave.' }),
  'actions:bulkStatus': (x) => ({ ownerName: 'T. Manager', ids: [x.actionId], status: 'done', note: 'All done today.', doneOn: '2026-11-23' }),
  'actions:drift': () => ({}),
  'actions:timeliness': () => ({}),
  'actions:scheduleFollowUp': (x) => ({ id: x.actionId, auditorId: x.bobId, dueOn: '2026-12-14' }),
  'actions:startFollowUp': (x) => ({ id: x.actionId }),
  'actions:myFollowUps': () => ({}),
  'serviceActions:add': (x) => ({ auditId: x.hidden, level: 'team', title: 'Supervision templates prompt for timescales', ownerName: 'H. Service', ownerRole: 'Head of service', dueDate: '2026-12-30', priority: 'medium' }),
  'serviceActions:list': () => ({}),
  'serviceActions:get': () => ({ id: 'no-such-finding' }),
  'serviceActions:markDone': () => ({ id: 'no-such-finding', note: 'Done in the sweep.', doneOn: '2026-11-23' }),
  'serviceActions:cancel': () => ({ id: 'no-such-finding', reason: 'Cancelled in the sweep.' }),
  'serviceActions:moveDue': () => ({ id: 'no-such-finding', dueDate: '2026-12-31', reason: 'Moved in the sweep.' }),
  'actions:requestSpotCheck': (x) => ({ id: x.actionId, note: 'Check it lasted.' }),
  'actions:recordSpotCheck': (x) => ({ id: x.actionId, lasted: true, note: 'It lasted.' }),
  'actions:reminders': () => ({}),
  'actions:followUps': (x) => ({ caseId: x.caseId }),
  'programmes:ping': () => ({}),
  'programmes:list': () => ({}),
  'programmes:get': (x) => ({ id: x.programmeId }),
  'programmes:create': () => ({ name: 'Another programme', type: 'monthly' }),
  'programmes:update': (x) => ({ id: x.programmeId, name: 'Sweep programme' }),
  'programmes:candidates': (x) => ({ programmeId: x.programmeId }),
  'programmes:addCases': (x) => ({ programmeId: x.programmeId, caseIds: [x.caseId] }),
  'programmes:removeCase': (x) => ({ programmeId: x.programmeId, caseId: x.otherCase }),
  'programmes:samplePreview': (x) => ({ programmeId: x.programmeId, seed: 1, perStratum: 1 }),
  'programmes:fixSample': (x) => ({ programmeId: x.programmeId, seed: 1, perStratum: 1 }),
  'programmes:allocate': (x) => ({ programmeId: x.programmeId }),
  'programmes:assign': (x) => ({ programmeId: x.programmeId, caseId: x.caseId, auditorId: x.bobId }),
  'programmes:setPartner': (x) => ({ programmeId: x.programmeId, caseId: x.caseId, partnerAuditor: '', partnerAgency: '' }),
  'programmes:mine': () => ({}),
  'exports:options': (x) => ({ auditId: x.hidden }),
  'exports:start': (x) => ({ kind: 'report', auditId: x.hidden }),
  'exports:progress': () => ({ jobId: 'no-such-job' }),
  'exports:cancel': () => ({ jobId: 'no-such-job' }),
  'exports:reveal': () => ({ jobId: 'no-such-job' }),
  'conflicts:list': () => ({ includeResolved: true }),
  'conflicts:resolve': () => ({ id: 'no-such-conflict', keep: 'current' }),
  'bundles:status': () => ({}),
  'bundles:export': (x) => ({ toPersonId: x.bobId }),
  'bundles:sendForModeration': (x) => ({ auditId: x.hidden, moderatorId: x.bobId }),
  'bundles:import': () => ({ fileName: 'nothing.plb', base64: 'AAAA' }),
  'bundles:invite': (x) => ({ personId: x.spareId }),
  'sync:status': () => ({}),
  'sync:now': () => ({}),
  'sync:join': () => ({ server: 'https://team.example', login: 'ann@council.example', passphrase: 'not the passphrase' }),
  'sync:withhold': () => ({ deviceSeq: 1, confirm: true }),
};

/** Any grade of the hidden audit that rides beside its id, anywhere in a reply. */
function gradesOfHidden(value: unknown, hidden: string, found: string[] = [], path = '$'): string[] {
  if (Array.isArray(value)) value.forEach((v, i) => gradesOfHidden(v, hidden, found, `${path}[${i}]`));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.id === hidden || o.auditId === hidden) {
      for (const k of ['overall', 'auditOverall', 'overallGrade', 'auditorGrade']) if (o[k] !== undefined && o[k] !== null) found.push(`${path}.${k}=${JSON.stringify(o[k])}`);
      for (const k of ['warnings', 'warningCodes', 'sections', 'grades']) if (Array.isArray(o[k]) && (o[k] as unknown[]).length > 0) found.push(`${path}.${k}`);
    }
    for (const [k, v] of Object.entries(o)) gradesOfHidden(v, hidden, found, `${path}.${k}`);
  }
  return found;
}

describe('blind moderation sweep', () => {
  it('has a valid sample input for every operation in the contract', () => {
    expect(OP_NAMES.filter((n) => !(n in SAMPLES))).toEqual([]);
  });

  it('no operation carries out of scope what visibleTo hides: another auditor\'s audits, actions and cases, anyone\'s draft', async () => {
    // Bob is an auditor with nothing allocated and no team: Ann's audits, their action and the
    // cases BLIND-2 and DRAFT-3 are not his (he may start his own audit of BLIND-1: that case
    // becomes his, her audit of it does not). Mo, a moderator, sees submitted work, not Ann's draft.
    const bob = core.principalOf('Bob Auditor');
    const mo = core.principalOf('Mo Moderator');
    const outOfScope: [Principal, string[]][] = [
      [bob, [w.hidden, w.other, w.draft, w.actionId, w.otherCase, 'BLIND-2', 'DRAFT-3', MARK, DRAFT_MARK, 'Visit the child within five working days']],
      [mo, [w.draft, DRAFT_MARK]],
    ];
    const leaks: string[] = [];
    let answered = 0;
    for (const [who, secrets] of outOfScope) {
      for (const op of OP_NAMES) {
        const input = SAMPLES[op](w);
        const reply = await core.dispatchAs(who, op, input);
        if (reply.ok) answered += 1;
        const wire = JSON.stringify(reply);
        const asked = JSON.stringify(input);
        // Naming back the id the caller asked about ("no action X") tells them nothing new.
        for (const secret of secrets) if (wire.includes(secret) && !asked.includes(secret)) leaks.push(`${op} as ${who.name}: carries ${secret}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(answered).toBeGreaterThan(OP_NAMES.length / 2);
    // Ann still sees all of her own work, and the QA lead sees everything.
    const reads: [Principal, string, unknown, boolean][] = [
      [core.principalOf('Ann Auditor'), 'audits:get', { id: w.draft }, true],
      [core.principalOf('Quinn Lead'), 'audits:get', { id: w.draft }, true],
      [mo, 'cases:get', { id: w.otherCase }, true],
      [mo, 'audits:get', { id: w.draft }, false],
      [bob, 'cases:get', { id: w.otherCase }, false],
      [bob, 'audits:get', { id: w.other }, false], // (Mo's sweep scheduled Ann's action's follow-up for Bob: that he may now see)
    ];
    for (const [who, op, input, ok] of reads) expect((await core.dispatchAs(who, op, input)).ok, `${op} as ${who.name}`).toBe(ok);
  }, 600_000);

  it('no operation, called by anyone but the auditor, returns the auditor\'s grades, findings, evidence or warnings', async () => {
    const callers: Principal[] = [core.principalOf('Mo Moderator'), core.principalOf('Quinn Lead'), core.principalOf('Bob Auditor')];
    const leaks: string[] = [];
    let answered = 0;
    for (const who of callers) {
      for (const op of OP_NAMES) {
        const reply = await core.dispatchAs(who, op, SAMPLES[op](w));
        if (reply.ok) answered += 1;
        const wire = JSON.stringify(reply);
        if (wire.includes(MARK)) leaks.push(`${op} as ${who.name}: carries ${MARK} text`);
        for (const g of gradesOfHidden(reply.ok ? reply.value : null, w.hidden)) leaks.push(`${op} as ${who.name}: ${g}`);
        expect(hiddenByBlindModeration(core.baseCtx.db, w.hidden, who), `${op} ended the blind moderation`).toBe(true);
      }
    }
    expect(leaks).toEqual([]);
    // The sweep means something only if most calls were answered, not refused.
    expect(answered).toBeGreaterThan(OP_NAMES.length);
    // The auditor herself still sees her own audit.
    const own = await core.dispatchAs(core.principalOf('Ann Auditor'), 'audits:get', { id: w.hidden });
    expect(JSON.stringify(own)).toContain(TEXT.findings);
  }, 600_000);
});
