/**
 * Allocation of a programme's cases to auditors.
 *
 * Rules and decisions:
 * - Never give an auditor a case from a team they manage. Team names are compared
 *   trimmed and case-insensitively, so "Team North" and "team north " are one team.
 * - Load = the auditor's openAudits (audits open elsewhere) + cases allocated here,
 *   including the kept `existing` assignments.
 * - `existing` assignments are kept and never moved, unless the auditor is unknown or
 *   manages the case's team; such a case is allocated afresh and listed in `reallocated`.
 * - Greedy: cases sorted by id, most constrained first (fewest eligible auditors),
 *   each to the eligible auditor with the least current load. Ties go to the auditor
 *   earlier in a fixed order: by id, or a seeded shuffle of that when `seed` is given.
 * - Then balancing: while some auditor's load is at least two above another auditor's
 *   that can be reached by a chain of moves (case from A to B, another from B to C, …,
 *   each move allowed by the own-team rule), move the cases along the shortest chain.
 *   When no such chain exists the allocation is optimally balanced (Harvey et al.,
 *   "Semi-matchings for bipartite graphs"): in particular, when every case can go to
 *   every auditor, the final loads of any two auditors that received a case here differ
 *   by at most one, and all loads differ by at most one when openAudits allow it.
 */
import { createRng, shuffle } from './random';

export interface AllocationCase {
  id: string;
  team: string;
}

export interface AllocationAuditor {
  id: string;
  name: string;
  managesTeams: string[];
  /** Audits already open for this auditor outside this allocation. */
  openAudits: number;
}

export interface AllocationInput {
  cases: readonly AllocationCase[];
  auditors: readonly AllocationAuditor[];
  /** caseId → auditorId: assignments to keep. */
  existing?: Record<string, string>;
  seed?: number;
}

export interface AllocationResult {
  /** caseId → auditorId. */
  assignments: Record<string, string>;
  unassigned: { caseId: string; reason: string }[];
  /** auditorId → openAudits + cases allocated here. */
  load: Record<string, number>;
  /** Existing assignments that could not be kept, and why. */
  reallocated: { caseId: string; from: string; reason: string }[];
}

export type AssignmentCheck = { ok: true } | { ok: false; reason: string };

function teamKey(team: string): string {
  return team.trim().toLowerCase();
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function managesTeam(auditor: Pick<AllocationAuditor, 'managesTeams'>, team: string): boolean {
  const key = teamKey(team);
  return auditor.managesTeams.some((t) => teamKey(t) === key);
}

/** For manual moves: may this auditor audit this case? */
export function checkAssignment(caseItem: AllocationCase, auditor: AllocationAuditor): AssignmentCheck {
  if (managesTeam(auditor, caseItem.team)) {
    return { ok: false, reason: `${auditor.name} manages ${caseItem.team}, so cannot audit this case.` };
  }
  return { ok: true };
}

function noEligibleReason(caseItem: AllocationCase, auditorCount: number): string {
  if (auditorCount === 0) return 'There are no auditors to allocate to.';
  return auditorCount === 1
    ? `The only auditor manages ${caseItem.team}, so no one can audit this case.`
    : `Every auditor manages ${caseItem.team}, so no one can audit this case.`;
}

function assertUnique(ids: string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new RangeError(`${what} id "${id}" appears twice.`);
    seen.add(id);
  }
}

export function allocateCases(input: AllocationInput): AllocationResult {
  const cases = [...input.cases].sort((a, b) => compareText(a.id, b.id));
  assertUnique(cases.map((c) => c.id), 'Case');
  const byId = [...input.auditors].sort((a, b) => compareText(a.id, b.id));
  assertUnique(byId.map((a) => a.id), 'Auditor');
  for (const a of byId) {
    if (!Number.isSafeInteger(a.openAudits) || a.openAudits < 0) {
      throw new RangeError(`${a.name}'s open audits must be a whole number of 0 or more.`);
    }
  }
  // Fixed tie-break order: index in `auditors` is the rank.
  const auditors = input.seed === undefined ? byId : shuffle(byId, createRng(input.seed));
  const rank = new Map(auditors.map((a, i) => [a.id, i]));
  const load = auditors.map((a) => a.openAudits);
  const eligible = new Map(cases.map((c) => [c.id, auditors.map((_, i) => i).filter((i) => !managesTeam(auditors[i]!, c.team))]));

  const owner = new Map<string, number>(); // caseId → auditor index
  const movable = auditors.map(() => new Set<string>()); // auditor index → case ids it may give away
  const reallocated: AllocationResult['reallocated'] = [];
  const unassigned: AllocationResult['unassigned'] = [];
  const existing = input.existing ?? {};
  const toPlace: AllocationCase[] = [];

  for (const c of cases) {
    const from = Object.prototype.hasOwnProperty.call(existing, c.id) ? existing[c.id] : undefined;
    if (from === undefined) {
      toPlace.push(c);
      continue;
    }
    const index = rank.get(from);
    if (index === undefined) {
      reallocated.push({ caseId: c.id, from, reason: 'The auditor it was given to is no longer in the list.' });
      toPlace.push(c);
      continue;
    }
    const check = checkAssignment(c, auditors[index]!);
    if (!check.ok) {
      reallocated.push({ caseId: c.id, from, reason: check.reason });
      toPlace.push(c);
      continue;
    }
    owner.set(c.id, index);
    load[index] = (load[index] as number) + 1;
  }

  // Most constrained first; stable on id order.
  const order = toPlace
    .map((c, position) => ({ c, position, options: eligible.get(c.id)!.length }))
    .sort((a, b) => a.options - b.options || a.position - b.position);
  for (const { c } of order) {
    const options = eligible.get(c.id)!;
    if (options.length === 0) {
      unassigned.push({ caseId: c.id, reason: noEligibleReason(c, auditors.length) });
      continue;
    }
    let best = options[0]!;
    for (const i of options) if ((load[i] as number) < (load[best] as number)) best = i;
    owner.set(c.id, best);
    movable[best]!.add(c.id);
    load[best] = (load[best] as number) + 1;
  }

  balance(load, movable, owner, eligible);

  const assignments: Record<string, string> = {};
  for (const c of cases) {
    const index = owner.get(c.id);
    if (index !== undefined) assignments[c.id] = auditors[index]!.id;
  }
  const loadOut: Record<string, number> = {};
  for (const a of byId) loadOut[a.id] = load[rank.get(a.id)!] as number;
  return { assignments, unassigned, load: loadOut, reallocated };
}

/**
 * Remove every "cost-reducing path": a chain of moves from an auditor with load L to
 * one with load ≤ L − 2. Each shift lowers the sum of squared loads, so this ends.
 */
function balance(load: number[], movable: Set<string>[], owner: Map<string, number>, eligible: Map<string, number[]>): void {
  for (;;) {
    const byLoad = load.map((_, i) => i).sort((a, b) => (load[b] as number) - (load[a] as number) || a - b);
    let shifted = false;
    for (const start of byLoad) {
      const path = findPath(start, load, movable, eligible);
      if (!path) continue;
      for (const { caseId, from, to } of path) {
        movable[from]!.delete(caseId);
        movable[to]!.add(caseId);
        owner.set(caseId, to);
      }
      load[start] = (load[start] as number) - 1;
      const end = path[path.length - 1]!.to;
      load[end] = (load[end] as number) + 1;
      shifted = true;
      break;
    }
    if (!shifted) return;
  }
}

interface Move {
  caseId: string;
  from: number;
  to: number;
}

/** Breadth-first search for the shortest chain of moves from `start` to a much lighter auditor. */
function findPath(start: number, load: number[], movable: Set<string>[], eligible: Map<string, number[]>): Move[] | null {
  const target = (load[start] as number) - 2;
  const via = new Map<number, Move>([[start, { caseId: '', from: -1, to: start }]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const from = queue[head]!;
    const caseIds = [...movable[from]!].sort(compareText);
    for (const caseId of caseIds) {
      for (const to of eligible.get(caseId)!) {
        if (via.has(to)) continue;
        via.set(to, { caseId, from, to });
        if ((load[to] as number) <= target) {
          const path: Move[] = [];
          for (let at = to; at !== start; ) {
            const move = via.get(at)!;
            path.unshift(move);
            at = move.from;
          }
          return path;
        }
        queue.push(to);
      }
    }
  }
  return null;
}
