/**
 * Property: a published template version is frozen by the merge, in any order (decision "A
 * published template version is frozen by the merge"). A QA lead with two laptops (a, b) and a
 * second QA lead (c) edit, publish and discard one draft version while partly in touch, through
 * the real template services (which refuse to change a version they hold as published). Then
 * fresh laptops receive everything in shuffled batches: no merge throws, every laptop reaches
 * the same state hash and the same conflicts, a version published anywhere is published
 * everywhere with exactly what its first publisher held, and every edit that lost is listed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TemplateVersion } from '../../shared/api/templates';
import type { Change } from '../../shared/sync/change';
import { canWrite } from '../../shared/sync/rules';
import { MemoryState } from '../../shared/sync/state';
import { publishes } from '../../shared/sync/templateFreeze';
import { applyChanges } from '../../electron/core/sync/index';
import { principalForPerson, withPrincipal } from '../../electron/core/policy/principal';
import { copyTemplate, discardTemplate, publishTemplate, updateTemplate } from '../../electron/core/templates/service';
import { write } from '../../electron/core/write';
import type { TestCore } from './helpers';
import { eachStep, everything, laptopPool, replayEverywhere } from './mergeFixtures';
import { newestPublishedTemplate, reworded } from './templateFixtures';

const { laptop: core, closeAll } = laptopPool();
const conflictSet = (c: TestCore) => c.ctx.db.prepare('SELECT id, kind, tbl, row_key, col, value, resolved_at FROM conflicts ORDER BY id').all() as { kind: string; tbl: string }[];
const templateRow = (c: TestCore, id: string) => c.ctx.db.prepare('SELECT * FROM templates WHERE id = ?').get(id) as Record<string, unknown> | undefined;

type Op = { kind: 'edit'; device: number; value: number } | { kind: 'publish' | 'discard'; device: number } | { kind: 'sync'; device: number; from: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), device: fc.nat(2), value: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('publish' as const), device: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('discard' as const), device: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), device: fc.nat(2), from: fc.nat(2) }) },
);

interface World { devices: TestCore[]; people: string[]; templateId: string }

/** A laptop's context acting as its own person (Lea on a and b, Quinn on c). */
const as = (world: World, device: number) => {
  const d = world.devices[device];
  return withPrincipal(d.baseCtx, principalForPerson(d.baseCtx.db, world.people[device]));
};

function makeWorld(): World {
  const a = core();
  const b = core();
  const c = core();
  const leadId = a.actAs('Lea Lead', 'qa-lead');
  const builtin = newestPublishedTemplate(a.ctx.db);
  const templateId = copyTemplate(a.ctx, builtin).id;
  for (const other of [b, c]) applyChanges(other.ctx, everything(a));
  // b is Lea's second laptop; c is a second QA lead.
  write(b.baseCtx, (tx) => tx.insert('settings', { key: 'current_user_id', value: leadId }));
  const otherLeadId = c.actAs('Quinn Lead', 'qa-lead');
  return { devices: [a, b, c], people: [leadId, leadId, otherLeadId], templateId };
}

/** The editor's input for a stored definition, with the name and one question's text changed. */
const edited = (definition: string, device: number, value: number) => reworded(JSON.parse(definition) as TemplateVersion['definition'], `Edit ${value} on laptop ${'abc'[device]}`);

function run(world: World, ops: Op[]): void {
  // Clocks skewed per laptop, always moving on.
  eachStep(world.devices, ops, (op, d) => {
    const row = templateRow(d, world.templateId);
    const ctx = as(world, op.device);
    // As in the app: a laptop refuses to change or discard a version it holds as published.
    switch (op.kind) {
      case 'edit':
        if (row?.status === 'draft') updateTemplate(ctx, world.templateId, edited(String(row.definition), op.device, op.value));
        else if (row) expect(() => updateTemplate(ctx, world.templateId, edited(String(row.definition), op.device, op.value))).toThrow(/was published .* and is frozen/);
        break;
      case 'publish':
        if (row?.status === 'draft') publishTemplate(ctx, world.templateId);
        break;
      case 'discard':
        if (row?.status === 'draft') discardTemplate(ctx, world.templateId);
        else if (row) expect(() => discardTemplate(ctx, world.templateId)).toThrow(/is frozen/);
        break;
      case 'sync':
        if (op.from !== op.device) applyChanges(d.ctx, everything(world.devices[op.from]));
        break;
    }
  });
}

describe('a published template version is frozen by the merge', () => {
  it('publish, offline edits and discards in any order and batching: never throws, same state, same conflicts', () => {
    const seen = { frozen: 0, concurrent: 0, publishedRaces: 0 };
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 4, maxLength: 24 }),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(8), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(20), { maxLength: 3 }),
        (ops, order, cuts, repeats) => {
          const world = makeWorld();
          run(world, ops);
          // The team server's replica, fed in the same order, checks every change as its QA lead would push it.
          const replica = new MemoryState();
          const checked = new Set<string>();
          const checkOnServer = (batch: Change[]) => {
            for (const c of batch) {
              if (checked.has(c.hash)) continue;
              checked.add(c.hash);
              if (c.personId) expect(canWrite({ id: c.personId, role: 'qa-lead' }, c, replica), `${c.table} ${c.op} ${c.hlc}`).toEqual({ ok: true });
              replica.apply(c);
            }
          };
          // Fresh laptops and the laptops themselves (one of them may hold the version as published already) agree.
          const { changes, fresh: fresh1, conflicts } = replayEverywhere(core, world.devices, { order, cuts, repeats }, conflictSet, checkOnServer);

          // Published anywhere: published everywhere, holding what the first publication carried.
          const mine = changes.filter((c) => c.table === 'templates' && c.key === world.templateId);
          const first = mine.filter(publishes).sort((x, y) => (x.hlc < y.hlc ? -1 : 1))[0];
          const row = templateRow(fresh1, world.templateId);
          // The server's replica holds the version as every laptop does.
          const held = replica.row('templates', world.templateId);
          expect(held === undefined ? undefined : { ...row, ...held }).toEqual(row);
          if (first) {
            const carried = first.value as Record<string, unknown>;
            expect(row).toMatchObject({ status: 'published', name: carried.name, definition: carried.definition, published_at: carried.published_at });
            // Every later edit whose name or definition differs is listed as a frozen conflict.
            const later = mine.filter((c) => c.hlc > first.hlc && c.op === 'insert' && (c.value as Record<string, unknown>).definition !== carried.definition);
            for (const c of later) expect(conflicts).toContainEqual(expect.objectContaining({ id: `${c.hash}:definition`, kind: 'frozen' }));
            if (later.length) seen.publishedRaces += 1;
          }
          for (const c of conflicts) if (c.tbl === 'templates' && (c.kind === 'frozen' || c.kind === 'concurrent')) seen[c.kind] += 1;
          closeAll();
        },
      ),
      { numRuns: 15, seed: 20261203 },
    );
    // The generated work really raced: edits lost to a publication, before and after it.
    expect(seen.publishedRaces).toBeGreaterThan(0);
    expect(seen.frozen).toBeGreaterThan(0);
    expect(seen.concurrent).toBeGreaterThan(0);
  }, 600_000);
});
