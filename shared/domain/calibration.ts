/**
 * Moderation (calibration) figures: how far auditors' grades sit from the agreed
 * grades. Pure functions over grade pairs; see domain.md "Moderation figures".
 *
 * Conventions
 * - Grades run 1 (Outstanding) … 4 (Inadequate); larger is worse.
 * - A pair counts only when both sides are graded 1–4 and the audit was moderated.
 *   N/A or null on either side, or `moderated: false`, excludes the pair from every
 *   figure (an audit agreed without moderation has agreed = auditor by construction
 *   and would inflate agreement).
 * - Percentages are 0..100 rounded to 1 decimal; mean shift to 2; kappa to 3.
 *   Rounding is half away from zero, so −0.125 → −0.13 like +0.125 → 0.13.
 */
import { isGrade, type Grade, type GradeOrNA } from './grades';

export interface GradePair {
  auditId: string;
  auditorId: string;
  team: string;
  /** Template section key (e.g. "s4"), or 'overall'. */
  section: string;
  auditor: GradeOrNA | null;
  agreed: GradeOrNA | null;
  moderated: boolean;
}

export interface Figures {
  /** Pairs the figures are based on. */
  n: number;
  exactAgreement: number | null;
  withinOne: number | null;
  /** mean(agreed − auditor); positive = the auditor was too generous. */
  meanShift: number | null;
  /** % of audits whose agreed overall grade is worse than the auditor's ('overall' pairs only). */
  movedDown: number | null;
  kappaQuadratic: number | null;
  reliable: boolean;
  note: string | null;
}

export const MIN_RELIABLE_PAIRS = 10;
export const UNRELIABLE_NOTE = 'Fewer than 10 pairs: this figure is unreliable.';
export const OVERALL = 'overall';

const K = 4; // categories 1..4, fixed whatever the data holds

export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(Math.abs(value) * f + 1e-9) / f;
  return value < 0 && r !== 0 ? -r : r;
}

type ValidPair = GradePair & { auditor: Grade; agreed: Grade };

function isValid(p: GradePair): p is ValidPair {
  return p.moderated && isGrade(p.auditor) && isGrade(p.agreed);
}

/**
 * Cohen's kappa with quadratic weights between two raters on the fixed scale 1..4.
 *
 *   w_ij = 1 − (i − j)² / (k − 1)²,  k = 4
 *   Po = Σ w_ij · p_ij            (observed weighted agreement)
 *   Pe = Σ w_ij · p_i· · p_·j     (agreement expected from the two marginals)
 *   κ  = (Po − Pe) / (1 − Pe)
 *
 * Because the categories are fixed, grades nobody used still exist (with zero
 * counts); quadratic κ does not depend on k anyway (κ = 1 − D_o/D_e with
 * D = Σ (i−j)² · proportion), so this matches libraries that infer the labels.
 *
 * Degenerate case (documented choice): 1 − Pe = 0 happens only when both raters put
 * every pair in one and the same category. Kappa is then 0/0. We return 1 when the
 * observed agreement is perfect (it always is in that case: nobody disagreed) and
 * null otherwise (kept as a guard). Empty input → null.
 */
export function quadraticWeightedKappa(pairs: readonly (readonly [Grade, Grade])[]): number | null {
  const counts = new Float64Array(K * K);
  for (const [a, b] of pairs) counts[(a - 1) * K + (b - 1)] += 1;
  return kappaFromCounts(counts, pairs.length);
}

/** κ_q from a K×K table of counts (row = auditor, column = agreed), row-major. */
function kappaFromCounts(counts: Float64Array, n: number): number | null {
  if (n === 0) return null;
  const rows = new Float64Array(K);
  const cols = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      rows[i] += counts[i * K + j];
      cols[j] += counts[i * K + j];
    }
  }
  let po = 0;
  let pe = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const w = 1 - ((i - j) * (i - j)) / ((K - 1) * (K - 1));
      po += (w * counts[i * K + j]) / n;
      pe += (w * rows[i] * cols[j]) / (n * n);
    }
  }
  if (Math.abs(1 - pe) < 1e-12) return Math.abs(1 - po) < 1e-12 ? 1 : null;
  return (po - pe) / (1 - pe);
}

function figuresOfValid(valid: readonly ValidPair[]): Figures {
  const n = valid.length;
  const reliable = n >= MIN_RELIABLE_PAIRS;
  const note = reliable ? null : UNRELIABLE_NOTE;

  // % moderated down: one overall pair per audit (the last one wins if repeated).
  const overallByAudit = new Map<string, ValidPair>();
  for (const p of valid) if (p.section === OVERALL) overallByAudit.set(p.auditId, p);
  let down = 0;
  for (const p of overallByAudit.values()) if (p.agreed > p.auditor) down++;
  const movedDown = overallByAudit.size === 0 ? null : roundTo((100 * down) / overallByAudit.size, 1);

  if (n === 0) {
    return { n, exactAgreement: null, withinOne: null, meanShift: null, movedDown, kappaQuadratic: null, reliable, note };
  }
  let exact = 0;
  let within = 0;
  let shift = 0;
  const counts = new Float64Array(K * K);
  for (let i = 0; i < n; i++) {
    const p = valid[i];
    const d = p.agreed - p.auditor;
    if (d === 0) exact++;
    if (d >= -1 && d <= 1) within++;
    shift += d;
    counts[(p.auditor - 1) * K + (p.agreed - 1)] += 1;
  }
  const kappa = kappaFromCounts(counts, n);
  return {
    n,
    exactAgreement: roundTo((100 * exact) / n, 1),
    withinOne: roundTo((100 * within) / n, 1),
    meanShift: roundTo(shift / n, 2),
    movedDown,
    kappaQuadratic: kappa === null ? null : roundTo(kappa, 3),
    reliable,
    note,
  };
}

/** All the moderation figures over whatever pairs the caller has filtered. */
export function calibrationFigures(pairs: readonly GradePair[]): Figures {
  return figuresOfValid(pairs.filter(isValid));
}

function groupValid(pairs: readonly GradePair[], key: (p: GradePair) => string): Map<string, ValidPair[]> {
  const groups = new Map<string, ValidPair[]>();
  for (const p of pairs) {
    if (!isValid(p)) continue;
    const k = key(p);
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  return groups;
}

const collator = new Intl.Collator('en-GB', { numeric: true });

/**
 * Figures per template section, sections in key order (s1, s2 … s10) with
 * 'overall' last. Sections with no countable pair are left out.
 */
export function figuresBySection(pairs: readonly GradePair[]): ({ section: string } & Figures)[] {
  const groups = groupValid(pairs, (p) => p.section);
  const keys = [...groups.keys()].sort((a, b) =>
    a === OVERALL ? 1 : b === OVERALL ? -1 : collator.compare(a, b),
  );
  return keys.map((section) => ({ section, ...figuresOfValid(groups.get(section)!) }));
}

/** Figures per auditor (all the auditor's section and overall pairs), by auditor id. */
export function figuresByAuditor(pairs: readonly GradePair[]): ({ auditorId: string } & Figures)[] {
  const groups = groupValid(pairs, (p) => p.auditorId);
  const keys = [...groups.keys()].sort((a, b) => collator.compare(a, b));
  return keys.map((auditorId) => ({ auditorId, ...figuresOfValid(groups.get(auditorId)!) }));
}

/**
 * The figure the optimism check shows: over one auditor's moderated overall grades
 * (the caller picks the auditor and the period, e.g. the last 12 months), how many
 * moderated audits there are and the mean shift (agreed − auditor, 2 decimals;
 * null when none). Only 'overall' pairs count; one per audit (last wins).
 * The check fires when moderatedCount ≥ 5 and meanShift ≥ 0.5.
 */
export function auditorCalibration(pairs: readonly GradePair[]): { moderatedCount: number; meanShift: number | null } {
  const byAudit = new Map<string, ValidPair>();
  for (const p of pairs) if (p.section === OVERALL && isValid(p)) byAudit.set(p.auditId, p);
  if (byAudit.size === 0) return { moderatedCount: 0, meanShift: null };
  let shift = 0;
  for (const p of byAudit.values()) shift += p.agreed - p.auditor;
  return { moderatedCount: byAudit.size, meanShift: roundTo(shift / byAudit.size, 2) };
}
