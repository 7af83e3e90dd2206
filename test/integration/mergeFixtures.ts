/**
 * Fixtures for merge tests on real encrypted laptops (sync.property, sync.templates.property,
 * merge-duplicates): fresh laptops that are removed after each test, a laptop's whole change log,
 * changes delivered shuffled in batches with some batches sent twice, and the replay on fresh
 * laptops that every laptop must agree with.
 */
import { afterEach, expect } from 'vitest';
import type { Change } from '../../shared/sync/change';
import { verifyHistory } from '../../electron/core/history/verify';
import { applyChanges, changesSince, stateHash } from '../../electron/core/sync/index';
import { makeTestCore, type TestCore } from './helpers';

/** The instant every merge test's laptops start at. */
export const START = '2026-11-23T10:00:00Z';

/** Makes fresh laptops at START, each closed and deleted after its test (or at `closeAll`, for one property run). */
export function laptopPool(): { laptop: () => TestCore; closeAll: () => void } {
  const open: TestCore[] = [];
  const closeAll = () => {
    while (open.length) open.pop()!.cleanup();
  };
  afterEach(closeAll);
  return {
    laptop() {
      const c = makeTestCore({ now: START });
      open.push(c);
      return c;
    },
    closeAll,
  };
}

/** Every change this laptop holds, its own and those it received. */
export const everything = (c: TestCore): Change[] => changesSince(c.ctx, 0, 1_000_000).changes;

/** Every change any of these laptops holds, once each. */
export function allChanges(devices: TestCore[]): Change[] {
  const byHash = new Map<string, Change>();
  for (const d of devices) for (const c of everything(d)) byHash.set(c.hash, c);
  return [...byHash.values()];
}

/**
 * Runs each generated step on its device, first setting that device's clock: a minute per step
 * from START, skewed by 7 seconds per device.
 */
export function eachStep<O extends { device: number }>(devices: TestCore[], ops: O[], step: (op: O, d: TestCore) => void): void {
  let minute = 1;
  for (const op of ops) {
    const d = devices[op.device];
    d.setNow(new Date(Date.parse(START) + minute * 60_000 + op.device * 7_000).toISOString());
    minute += 1;
    step(op, d);
  }
}

/** Splits a shuffled copy of the changes into batches, re-sending some batches. */
export function deliveries(changes: Change[], order: number[], cuts: number[], repeats: number[]): Change[][] {
  const keyed = changes.map((c, i) => ({ c, k: order[i % order.length] * 100_003 + i }));
  keyed.sort((x, y) => x.k - y.k);
  const shuffled = keyed.map((x) => x.c);
  const batches: Change[][] = [];
  let at = 0;
  for (const cut of cuts) {
    if (at >= shuffled.length) break;
    batches.push(shuffled.slice(at, at + 1 + cut));
    at += 1 + cut;
  }
  if (at < shuffled.length) batches.push(shuffled.slice(at));
  for (const r of repeats) if (batches.length) batches.push(batches[r % batches.length]);
  return batches;
}

export interface Replay<C> {
  /** Every change the devices held, once each. */
  changes: Change[];
  /** The fresh laptop that received them in the generated batches. */
  fresh: TestCore;
  /** Its conflicts, which every other laptop lists too. */
  conflicts: C[];
}

/**
 * Gives everything the devices hold to a fresh laptop in the generated shuffled batches (calling
 * `beforeBatch` with each batch first), to a second one in reverse order at once, and back to
 * every device; then expects every laptop to reach the first fresh laptop's state hash and
 * conflicts, and every laptop's history to verify.
 */
export function replayEverywhere<C>(
  laptop: () => TestCore,
  devices: TestCore[],
  delivery: { order: number[]; cuts: number[]; repeats: number[] },
  conflictSet: (c: TestCore) => C[],
  beforeBatch: (batch: Change[]) => void = () => {},
): Replay<C> {
  const { order, cuts, repeats } = delivery;
  const changes = allChanges(devices);
  const fresh1 = laptop();
  for (const batch of deliveries(changes, order, cuts, repeats)) {
    beforeBatch(batch);
    applyChanges(fresh1.ctx, batch);
  }
  const fresh2 = laptop();
  for (const batch of deliveries(changes, [...order].reverse(), [changes.length], [])) applyChanges(fresh2.ctx, batch);
  // The devices themselves catch up with everyone.
  for (const d of devices) applyChanges(d.ctx, changes);

  const expected = stateHash(fresh1.ctx);
  const conflicts = conflictSet(fresh1);
  for (const c of [fresh2, ...devices]) {
    expect(stateHash(c.ctx)).toBe(expected);
    expect(conflictSet(c)).toEqual(conflicts);
  }
  for (const c of [fresh1, fresh2, ...devices]) {
    const v = verifyHistory(c.ctx.db);
    expect(v.brokenAt).toBeNull();
    expect(v.ok).toBe(true);
  }
  return { changes, fresh: fresh1, conflicts };
}
