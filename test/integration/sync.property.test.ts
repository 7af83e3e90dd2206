/**
 * Property: the same set of changes, applied in any order and any batching (duplicates included)
 * on fresh databases, gives the same state hash and the same conflicts, and every chain verifies.
 * Three devices (an auditor's two laptops and a moderator's) edit shared cases and an audit
 * while partly in touch, so their changes are really concurrent; then fresh databases receive
 * everything in shuffled batches. Some of their work takes natural keys twice while apart (a case
 * reference, an audit's active moderation), which the merge keeps and lists as duplicates (After actualbudget/actual's sync.property.test, with real
 * encrypted databases instead of an in-memory model.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../electron/core/sync/index';
import { FROZEN_STATUSES } from '../../electron/core/sync/rules';
import { newId, write } from '../../electron/core/write';
import type { TestCore } from './helpers';
import { eachStep, everything, laptopPool, replayEverywhere } from './mergeFixtures';

const { laptop: core, closeAll } = laptopPool();
const conflictSet = (c: TestCore) => c.ctx.db.prepare('SELECT id, kind, tbl, row_key, col, resolved_at FROM conflicts ORDER BY id').all() as { kind: 'concurrent' | 'frozen' | 'duplicate' }[];

type Op =
  | { kind: 'team' | 'worker'; device: number; target: number; value: number }
  | { kind: 'evidence'; device: number; target: number; value: number }
  | { kind: 'answer'; device: number; target: number; value: number }
  | { kind: 'unanswer'; device: number; target: number }
  | { kind: 'submit' | 'return'; device: number }
  | { kind: 'sync'; device: number; from: number }
  | { kind: 'case'; device: number; value: number }
  | { kind: 'moderate' | 'finish'; device: number };

const VALUES = ['North', 'South', 'East', 'West'];
const ANSWERS = ['yes', 'partly', 'no', 'na'] as const;

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('team' as const, 'worker' as const), device: fc.nat(2), target: fc.nat(1), value: fc.nat(3) }),
  fc.record({ kind: fc.constant('evidence' as const), device: fc.nat(2), target: fc.nat(1), value: fc.nat(3) }),
  fc.record({ kind: fc.constant('answer' as const), device: fc.nat(2), target: fc.nat(1), value: fc.nat(3) }),
  fc.record({ kind: fc.constant('unanswer' as const), device: fc.nat(2), target: fc.nat(1) }),
  fc.record({ kind: fc.constantFrom('submit' as const, 'return' as const), device: fc.nat(2) }),
  fc.record({ kind: fc.constant('sync' as const), device: fc.nat(2), from: fc.nat(2) }),
  fc.record({ kind: fc.constant('case' as const), device: fc.nat(2), value: fc.nat(2) }),
  fc.record({ kind: fc.constantFrom('moderate' as const, 'finish' as const), device: fc.nat(2) }),
);

interface World { devices: TestCore[]; cases: string[]; auditId: string; people: string[] }

function makeWorld(): World {
  const a = core();
  const b = core();
  const c = core();
  // An auditor with two laptops (a, b) and a moderator (c).
  const auditorId = a.actAs('Sam Auditor', 'auditor');
  const cases = [newId(), newId()];
  const auditId = newId();
  const templateId = (a.ctx.db.prepare('SELECT id FROM templates LIMIT 1').get() as { id: string }).id;
  write(a.ctx, (tx) => {
    cases.forEach((id, i) =>
      tx.insert('cases', { id, reference: `P-${i}`, team: 'North', worker: 'Ash', case_type: 'cin', age_band: '5-9', opened_on: null, closed_on: null, created_at: tx.at, updated_at: tx.at }),
    );
    tx.insert('audits', { id: auditId, case_id: cases[0], template_id: templateId, auditor_id: auditorId, status: 'draft', created_at: tx.at, updated_at: tx.at });
    for (const s of ['s1', 's2']) tx.insert('audit_sections', { audit_id: auditId, section_key: s, grade: null, evidence: '' });
  });
  for (const other of [b, c]) applyChanges(other.ctx, everything(a));
  // b signs in as the same auditor (the user row came with the changes); c is a moderator.
  write(b.ctx, (tx) => tx.insert('settings', { key: 'current_user_id', value: auditorId }));
  const moderatorId = c.actAs('Mo Moderator', 'moderator');
  return { devices: [a, b, c], cases, auditId, people: [auditorId, auditorId, moderatorId] };
}

function run(world: World, ops: Op[]): void {
  // Clocks skewed per device, always moving on.
  eachStep(world.devices, ops, (op, d) => {
    const audit = world.auditId;
    // As the audit services do (assertEditable), the auditor's own laptop refuses content edits
    // to an audit it holds as submitted; a laptop that has not heard of the submission may not.
    const status = (d.ctx.db.prepare('SELECT status FROM audits WHERE id = ?').get(audit) as { status: string }).status;
    if (op.device < 2 && ['evidence', 'answer', 'unanswer'].includes(op.kind) && FROZEN_STATUSES.has(status)) return;
    switch (op.kind) {
      case 'team':
      case 'worker':
        write(d.ctx, (tx) => tx.update('cases', { id: world.cases[op.target] }, { [op.kind]: `${VALUES[op.value]} ${op.device}` }));
        break;
      case 'evidence':
        write(d.ctx, (tx) => tx.update('audit_sections', { audit_id: audit, section_key: `s${op.target + 1}` }, { evidence: `Evidence ${op.value} from ${op.device}` }));
        break;
      case 'answer':
        write(d.ctx, (tx) => tx.upsert('audit_answers', { audit_id: audit, question_key: `q${op.target}` }, { answer: ANSWERS[op.value] }, { entity: 'audit', entityId: audit }));
        break;
      case 'unanswer':
        write(d.ctx, (tx) => tx.remove('audit_answers', { audit_id: audit, question_key: `q${op.target}` }));
        break;
      case 'submit':
      case 'return':
        write(d.ctx, (tx) => tx.update('audits', { id: audit }, { status: op.kind === 'submit' ? 'submitted' : 'returned' }));
        break;
      case 'sync':
        if (op.from !== op.device) applyChanges(d.ctx, everything(world.devices[op.from]));
        break;
      // As the services do, a laptop refuses a natural key it already holds; one that has not heard of the other's does not.
      case 'case':
        if (!d.ctx.db.prepare('SELECT 1 FROM cases WHERE reference = ?').get(`d-${op.value}`)) {
          write(d.ctx, (tx) => tx.insert('cases', { id: newId(), reference: `D-${op.value}`, team: 'North', worker: 'Ash', case_type: 'cp', age_band: '0-4', created_at: tx.at, updated_at: tx.at }));
        }
        break;
      case 'moderate':
        if (!d.ctx.db.prepare('SELECT 1 FROM moderations WHERE audit_id = ? AND finished_at IS NULL').get(audit)) {
          write(d.ctx, (tx) =>
            tx.insert('moderations', { id: newId(), audit_id: audit, audit_revision: 1, mode: 'open', moderator_id: world.people[op.device], status: 'grading', started_at: tx.at, return_reasons: '[]' }),
          );
        }
        break;
      case 'finish': {
        const active = d.ctx.db.prepare('SELECT id FROM moderations WHERE audit_id = ? AND finished_at IS NULL ORDER BY id LIMIT 1').get(audit) as { id: string } | undefined;
        if (active) write(d.ctx, (tx) => tx.update('moderations', { id: active.id }, { status: 'returned', finished_at: tx.at }));
        break;
      }
    }
  });
}

describe('merge is deterministic', () => {
  it('any order, any batching, duplicates: same state hash, same conflicts, every chain verifies', () => {
    const seen = { concurrent: 0, frozen: 0, duplicate: 0 };
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 5, maxLength: 30 }),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(12), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(20), { maxLength: 3 }),
        (ops, order, cuts, repeats) => {
          const world = makeWorld();
          run(world, ops);
          const { conflicts } = replayEverywhere(core, world.devices, { order, cuts, repeats }, conflictSet);
          for (const c of conflicts) seen[c.kind] += 1;
          closeAll();
        },
      ),
      { numRuns: 12, seed: 20261202 },
    );
    // The generated work really was concurrent: every kind of conflict arose somewhere.
    expect(seen.concurrent).toBeGreaterThan(0);
    expect(seen.frozen).toBeGreaterThan(0);
    expect(seen.duplicate).toBeGreaterThan(0);
  }, 600_000);
});
