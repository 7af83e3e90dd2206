/**
 * Stratified random sampling of a case register for an audit programme.
 *
 * Decisions (see test/unit/sampling.test.ts):
 * - Reproducible: the register is sorted by case id first, so the same seed on the
 *   same register gives the same sample whatever order the cases arrive in. Each
 *   stratum draws from its own generator, seeded from the seed and the stratum key,
 *   so a change in one stratum never changes the draw in another.
 * - "Audited in the last 12 months": lastAuditedAt is strictly after `today` minus
 *   12 calendar months (29 Feb minus a year is 28 Feb). A case audited exactly
 *   12 months ago (e.g. 2025-03-15 when today is 2026-03-15) is eligible again.
 * - `includeRecentlyAudited` makes recently audited cases eligible for the draw; it
 *   does not force them into the sample.
 * - `share` applies to the eligible cases of each stratum, rounded up, so it is never
 *   short. `total` is spread over strata in proportion to their eligible cases
 *   (largest remainder; ties go to the stratum with the smaller key).
 * - Every stratum with a case in the register is listed, even when all its cases were
 *   audited recently, so a stratum with too few cases says so.
 */
import { createRng, deriveSeed, hashString, shuffle } from './random';

export type StrataDimension = 'team' | 'caseType' | 'ageBand';
export const STRATA_DIMENSIONS: readonly StrataDimension[] = ['team', 'caseType', 'ageBand'];
export const DEFAULT_STRATA_BY: readonly StrataDimension[] = ['team', 'caseType'];

export interface SamplingCase {
  id: string;
  reference: string;
  team: string;
  caseType: string;
  ageBand: string;
  /** YYYY-MM-DD, or null when never audited. */
  lastAuditedAt: string | null;
}

export interface SamplingOptions {
  seed: number;
  /** Default ['team', 'caseType']. An empty list samples the whole register as one stratum. */
  strataBy?: StrataDimension[];
  /** Exactly one of perStratum, share and total. */
  perStratum?: number;
  /** 0..1 of each stratum's eligible cases, rounded up. */
  share?: number;
  /** A total spread across strata proportionally (largest remainder). */
  total?: number;
  /** YYYY-MM-DD. */
  today: string;
  /** Ids of recently audited cases the QA lead includes on purpose. */
  includeRecentlyAudited?: string[];
}

export interface StratumResult {
  key: string;
  /** e.g. "Team North · CP". */
  label: string;
  /** Eligible cases (after leaving out recently audited ones). */
  available: number;
  excludedRecent: number;
  requested: number;
  chosen: { id: string; reference: string }[];
  short: boolean;
  /** "Only 2 cases available in Team North · CP; 3 requested." or null. */
  message: string | null;
}

export interface SampleResult {
  seed: number;
  /** Cases audited after this date (YYYY-MM-DD) were left out unless included on purpose. */
  recentCutoff: string;
  strata: StratumResult[];
  /** Chosen case ids, stratum by stratum. */
  chosen: string[];
  /** Sum over strata of (requested − available) where short. */
  shortfall: number;
}

const CASE_TYPE_LABELS: Record<string, string> = {
  'early-help': 'Early help',
  cin: 'CIN',
  cp: 'CP',
  cla: 'CLA',
  'care-leaver': 'Care leaver',
  'pre-birth': 'Pre-birth',
};

export function caseTypeLabel(caseType: string): string {
  return CASE_TYPE_LABELS[caseType] ?? caseType;
}

function dimensionLabel(dimension: StrataDimension, value: string): string {
  if (dimension === 'caseType') return caseTypeLabel(value);
  if (dimension === 'ageBand') return `Age ${value}`;
  return value;
}

/** Plain code-unit comparison: the same on every platform and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseDate(value: string, what: string): [number, number, number] {
  const match = DATE_PATTERN.exec(value);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!match || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new RangeError(`${what} must be a date written YYYY-MM-DD; got "${value}".`);
  }
  return [y, m, d];
}

/** `today` minus 12 calendar months, as YYYY-MM-DD (29 Feb → 28 Feb). */
export function twelveMonthsBefore(today: string): string {
  const [y, m, d] = parseDate(today, 'Today');
  const day = Math.min(d, daysInMonth(y - 1, m));
  return `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Audited strictly after today minus 12 months (same-day 12 months ago is not recent). */
export function isRecentlyAudited(lastAuditedAt: string | null, today: string): boolean {
  if (lastAuditedAt === null) return false;
  parseDate(lastAuditedAt, 'Last audited date');
  return lastAuditedAt > twelveMonthsBefore(today);
}

function escapeKeyPart(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** Ceil of share × n, without floating-point noise (0.1 × 30 is 3, not 4). */
function ceilShare(share: number, n: number): number {
  return Math.ceil(Math.round(share * n * 1e9) / 1e9);
}

/** Largest-remainder apportionment of `total` over `weights` (exact integer arithmetic). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const quotas = weights.map((w) => Math.floor((total * w) / sum));
  const remainders = weights.map((w, i) => total * w - (quotas[i] as number) * sum);
  let left = total - quotas.reduce((a, b) => a + b, 0);
  const order = weights.map((_, i) => i).sort((a, b) => (remainders[b] as number) - (remainders[a] as number) || a - b);
  for (const i of order) {
    if (left <= 0) break;
    quotas[i] = (quotas[i] as number) + 1;
    left -= 1;
  }
  return quotas;
}

function validateOptions(options: SamplingOptions): void {
  const modes = [options.perStratum, options.share, options.total].filter((v) => v !== undefined);
  if (modes.length !== 1) {
    throw new RangeError('Say how many cases to sample: give exactly one of a count per stratum, a share, or a total.');
  }
  const wholeCount = (v: number | undefined, what: string): void => {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
      throw new RangeError(`${what} must be a whole number of 0 or more; got ${String(v)}.`);
    }
  };
  wholeCount(options.perStratum, 'The count per stratum');
  wholeCount(options.total, 'The total');
  if (options.share !== undefined && !(options.share >= 0 && options.share <= 1)) {
    throw new RangeError(`The share must be between 0 and 1; got ${String(options.share)}.`);
  }
  for (const d of options.strataBy ?? []) {
    if (!STRATA_DIMENSIONS.includes(d)) throw new RangeError(`Cannot stratify by "${String(d)}".`);
  }
}

interface Group {
  key: string;
  label: string;
  eligible: SamplingCase[];
  excludedRecent: number;
}

function shortMessage(label: string, available: number, requested: number, excludedRecent: number): string {
  const head = available === 0 ? `No cases available in ${label}` : `Only ${available} ${available === 1 ? 'case' : 'cases'} available in ${label}`;
  const recent = excludedRecent === 0 ? '' : ` (${excludedRecent} audited in the last 12 months left out)`;
  return `${head}; ${requested} requested${recent}.`;
}

export function sampleCases(cases: readonly SamplingCase[], options: SamplingOptions): SampleResult {
  validateOptions(options);
  createRng(options.seed); // validates the seed
  const strataBy = [...new Set(options.strataBy ?? DEFAULT_STRATA_BY)];
  const recentCutoff = twelveMonthsBefore(options.today);
  const included = new Set(options.includeRecentlyAudited ?? []);

  const sorted = [...cases].sort((a, b) => compareText(a.id, b.id));
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i]?.id === sorted[i - 1]?.id) throw new RangeError(`Case id "${sorted[i]?.id}" appears twice in the register.`);
  }

  const groups = new Map<string, Group>();
  for (const c of sorted) {
    const values = strataBy.map((d) => c[d]);
    const key = values.map(escapeKeyPart).join('|');
    let group = groups.get(key);
    if (!group) {
      const label = strataBy.length === 0 ? 'All cases' : strataBy.map((d, i) => dimensionLabel(d, values[i] as string)).join(' · ');
      group = { key, label, eligible: [], excludedRecent: 0 };
      groups.set(key, group);
    }
    if (isRecentlyAudited(c.lastAuditedAt, options.today) && !included.has(c.id)) group.excludedRecent += 1;
    else group.eligible.push(c);
  }

  const ordered = [...groups.values()].sort((a, b) => compareText(a.key, b.key));
  const requestedCounts =
    options.total !== undefined
      ? apportion(options.total, ordered.map((g) => g.eligible.length))
      : ordered.map((g) => (options.perStratum !== undefined ? options.perStratum : ceilShare(options.share as number, g.eligible.length)));

  const strata = ordered.map((group, i): StratumResult => {
    const requested = requestedCounts[i] as number;
    const available = group.eligible.length;
    const rng = createRng(deriveSeed(options.seed, hashString(group.key)));
    const chosen = shuffle(group.eligible, rng)
      .slice(0, Math.min(requested, available))
      .sort((a, b) => compareText(a.reference, b.reference) || compareText(a.id, b.id))
      .map((c) => ({ id: c.id, reference: c.reference }));
    const short = requested > available;
    return {
      key: group.key,
      label: group.label,
      available,
      excludedRecent: group.excludedRecent,
      requested,
      chosen,
      short,
      message: short ? shortMessage(group.label, available, requested, group.excludedRecent) : null,
    };
  });

  return {
    seed: options.seed,
    recentCutoff,
    strata,
    chosen: strata.flatMap((s) => s.chosen.map((c) => c.id)),
    shortfall: strata.reduce((sum, s) => sum + Math.max(0, s.requested - s.available), 0),
  };
}
