import { randomInt } from 'node:crypto';
import { DEFAULT_SHARE_PERCENT, TOLERANCE_FLAG_TEXT, type AuditorTolerance, type DrawSummary, type PickReason } from '../../../shared/api/moderation';
import { formatUkDate, londonDate, toLondonDate } from '../../../shared/domain/dates';
import { createRng, shuffle } from '../../../shared/domain/random';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { newId, prepared, write } from '../write';
import { can } from '../../../shared/api/index';
import { principalOf } from '../policy/principal';
import { assertNotOwn } from './access';
import { auditorCalibrationFigure, isOutsideTolerance, twelveMonthsBefore } from './calibration';
import { getAudit, getNumberSetting, pickOf } from './queries';

const SHARE_KEY = 'moderation.sample_share';

export function getSharePercent(ctx: CoreContext): number {
  return getNumberSetting(ctx.db, SHARE_KEY) ?? DEFAULT_SHARE_PERCENT;
}

export function settingsFor(ctx: CoreContext): { sharePercent: number; canEdit: boolean } {
  const user = principalOf(ctx);
  return { sharePercent: getSharePercent(ctx), canEdit: can(user.role, 'moderation:setSettings') };
}

export function setSharePercent(ctx: CoreContext, sharePercent: number): void {
  write(ctx, (tx) => tx.upsert('settings', { key: SHARE_KEY }, { value: String(sharePercent) }, { entity: 'settings', entityId: SHARE_KEY }));
}

/** Auditors outside tolerance today (at least 5 moderated audits in 12 months, mean shift ≥ 0.5). */
export function auditorsOutsideTolerance(ctx: CoreContext): AuditorTolerance[] {
  const auditors = prepared(ctx.db, "SELECT DISTINCT a.auditor_id AS id, u.name FROM audits a JOIN users u ON u.id = a.auditor_id WHERE a.status <> 'draft' ORDER BY u.name").all() as {
    id: string;
    name: string;
  }[];
  const out: AuditorTolerance[] = [];
  for (const a of auditors) {
    const figure = auditorCalibrationFigure(ctx, a.id);
    if (isOutsideTolerance(figure)) out.push({ auditorId: a.id, name: a.name, moderatedCount: figure.moderatedCount, meanShift: figure.meanShift });
  }
  return out;
}

export interface PoolAudit {
  id: string;
  auditorId: string;
}

/**
 * The sample, reproducible from its seed: every audit of an auditor outside tolerance, then
 * `sharePercent`% (rounded up) of the others, chosen by a seeded shuffle of the pool in id order.
 */
export function pickSample(pool: readonly PoolAudit[], sharePercent: number, seed: number, outside: ReadonlySet<string>): { auditId: string; reason: PickReason }[] {
  const sorted = [...pool].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const forced = sorted.filter((a) => outside.has(a.auditorId));
  const rest = sorted.filter((a) => !outside.has(a.auditorId));
  const count = Math.ceil((rest.length * sharePercent) / 100);
  const chosen = shuffle(rest, createRng(seed)).slice(0, count);
  return [
    ...forced.map((a) => ({ auditId: a.id, reason: 'auditor-outside-tolerance' as const })),
    ...chosen.map((a) => ({ auditId: a.id, reason: 'random' as const })),
  ];
}

/** Submitted audits not yet picked by any draw. */
function undrawnPool(ctx: CoreContext): PoolAudit[] {
  return prepared(
    ctx.db,
    `SELECT a.id, a.auditor_id AS auditorId FROM audits a
     WHERE a.status = 'submitted' AND NOT EXISTS (SELECT 1 FROM moderation_picks p WHERE p.audit_id = a.id)`,
  ).all() as PoolAudit[];
}

export function drawSample(ctx: CoreContext, seedInput: number | undefined): string {
  const user = principalOf(ctx);
  const sharePercent = getSharePercent(ctx);
  const seed = seedInput ?? randomInt(0, 2 ** 32);
  const outside = auditorsOutsideTolerance(ctx);
  const outsideIds = new Set(outside.map((o) => o.auditorId));
  const pool = undrawnPool(ctx);
  const picks = pickSample(pool, sharePercent, seed, outsideIds);
  const today = londonDate(ctx.now());
  const since = twelveMonthsBefore(today);
  const id = newId();
  write(ctx, (tx) => {
    tx.insert(
      'moderation_draws',
      {
        id,
        drawn_at: tx.at,
        drawn_by: user.id,
        seed,
        share_percent: sharePercent,
        pool: JSON.stringify(pool.map((p) => p.id).sort()),
        outside_tolerance: JSON.stringify(outside),
      },
      { entity: 'moderation-draw', entityId: id },
    );
    for (const p of picks) tx.insert('moderation_picks', { draw_id: id, audit_id: p.auditId, reason: p.reason }, { entity: 'moderation-draw', entityId: id });
    // Apply the finding to the whole run: their audits agreed without moderation in the same
    // programme (outside programmes: the same London month) as the audits behind the finding.
    for (const o of outside) {
      const runs = findingRuns(ctx, o.auditorId, since, picks.filter((p) => p.reason === 'auditor-outside-tolerance').map((p) => p.auditId));
      const agreed = prepared(
        ctx.db,
        `SELECT DISTINCT u.audit_id, a.programme_id, a.submitted_at, p.name AS programme_name FROM moderation_unmoderated u JOIN audits a ON a.id = u.audit_id
         LEFT JOIN programmes p ON p.id = a.programme_id
         WHERE a.auditor_id = ? AND a.status = 'agreed'
           AND NOT EXISTS (SELECT 1 FROM moderation_flags f WHERE f.audit_id = u.audit_id AND f.kind = 'auditor-outside-tolerance' AND f.resolved_at IS NULL)
           AND NOT EXISTS (SELECT 1 FROM moderations m WHERE m.audit_id = u.audit_id AND m.status = 'agreed' AND m.finished_at > u.agreed_at)`,
      ).all(o.auditorId) as { audit_id: string; programme_id: string | null; submitted_at: string | null; programme_name: string | null }[];
      for (const a of agreed) {
        const run = runOf(a);
        if (!(a.programme_id ? runs.programmes.has(a.programme_id) : runs.months.has(run))) continue;
        const where = a.programme_id ? `in the same programme (${a.programme_name ?? 'unnamed'})` : `in the same month outside programmes (${monthText(run)})`;
        const flagId = newId();
        tx.insert(
          'moderation_flags',
          {
            id: flagId,
            audit_id: a.audit_id,
            kind: 'auditor-outside-tolerance',
            message: `${TOLERANCE_FLAG_TEXT}: ${o.name}'s audits were moderated worse by a mean of ${o.meanShift} over ${o.moderatedCount} audits (12 months to ${formatUkDate(today)}); this audit was agreed without moderation ${where}.`,
            draw_id: id,
            raised_at: tx.at,
          },
          { entity: 'moderation-flag', entityId: flagId },
        );
        tx.event({ entity: 'audit', entityId: a.audit_id }, 'flagged', { kind: 'auditor-outside-tolerance', drawId: id });
      }
    }
  });
  return id;
}

/** An audit's run: its programme, or outside programmes the London month ('YYYY-MM') it was submitted in. */
function runOf(a: { programme_id: string | null; submitted_at: string | null }): string {
  return a.programme_id ?? (a.submitted_at ? toLondonDate(a.submitted_at).slice(0, 7) : '');
}

const monthText = (ym: string): string => (ym ? formatUkDate(`${ym}-01`).replace(/^\d+ /, '') : 'unknown month');

/**
 * The runs behind a calibration finding: the programmes (and, outside programmes, the months) of the
 * auditor's audits moderated in the calibration window, and of their audits picked now because of it.
 */
function findingRuns(ctx: CoreContext, auditorId: string, since: string, picked: string[]): { programmes: Set<string>; months: Set<string> } {
  const rows = prepared(
    ctx.db,
    `SELECT a.programme_id, a.submitted_at FROM audits a
     WHERE a.auditor_id = ? AND (a.id IN (SELECT value FROM json_each(?))
       OR EXISTS (SELECT 1 FROM moderations m WHERE m.audit_id = a.id AND m.status = 'agreed' AND m.finished_on >= ?))`,
  ).all(auditorId, JSON.stringify(picked), since) as { programme_id: string | null; submitted_at: string | null }[];
  const out = { programmes: new Set<string>(), months: new Set<string>() };
  for (const r of rows) (r.programme_id ? out.programmes : out.months).add(runOf(r));
  return out;
}

export function drawSummary(ctx: CoreContext, drawId: string | null): DrawSummary | null {
  const d = (
    drawId
      ? prepared(ctx.db, 'SELECT d.*, u.name AS by_name FROM moderation_draws d LEFT JOIN users u ON u.id = d.drawn_by WHERE d.id = ?').get(drawId)
      : prepared(ctx.db, 'SELECT d.*, u.name AS by_name FROM moderation_draws d LEFT JOIN users u ON u.id = d.drawn_by ORDER BY d.drawn_at DESC, d.id DESC LIMIT 1').get()
  ) as { id: string; drawn_at: string; by_name: string | null; seed: number; share_percent: number; pool: string; outside_tolerance: string } | undefined;
  if (!d) return null;
  const picked = prepared(
    ctx.db,
    `SELECT p.audit_id AS auditId, c.reference AS caseReference, u.name AS auditorName, p.reason FROM moderation_picks p
     JOIN audits a ON a.id = p.audit_id JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = a.auditor_id
     WHERE p.draw_id = ? ORDER BY p.reason, c.reference`,
  ).all(d.id) as DrawSummary['picked'];
  const flagged = prepared(ctx.db, 'SELECT count(*) AS n FROM moderation_flags WHERE draw_id = ?').get(d.id) as { n: number };
  return {
    id: d.id,
    drawnAt: d.drawn_at,
    drawnBy: d.by_name ?? 'Plumbline',
    seed: d.seed,
    sharePercent: d.share_percent,
    poolCount: (JSON.parse(d.pool) as string[]).length,
    picked,
    outsideTolerance: JSON.parse(d.outside_tolerance) as AuditorTolerance[],
    flagged: flagged.n,
  };
}

export interface ShareStanding {
  /** "programme March monthly audit" or "November 2026 (outside programmes)". */
  scope: string;
  moderated: number;
  unmoderated: number;
  sharePercent: number;
  /** The moderated share if this audit were agreed without moderation too, in % (rounded down). */
  shareAfter: number;
  belowFloor: boolean;
}

/**
 * Where an audit stands against the moderation share, a floor per programme (outside programmes,
 * per London month of submission): moderated = audits with a moderation under way or agreed;
 * unmoderated = audits agreed without one. Agreeing one more without moderation must keep
 * moderated / (moderated + unmoderated + 1) at or above the share.
 */
export function shareStanding(ctx: CoreContext, audit: { id: string; programme_id: string | null; programme_name: string | null; submitted_at: string | null }): ShareStanding {
  const month = audit.submitted_at ? toLondonDate(audit.submitted_at).slice(0, 7) : londonDate(ctx.now()).slice(0, 7);
  const inScope = audit.programme_id ? 'a.programme_id = @programme' : "a.programme_id IS NULL AND a.submitted_at IS NOT NULL";
  const rows = prepared(
    ctx.db,
    `SELECT a.id, a.submitted_at,
       EXISTS (SELECT 1 FROM moderations m WHERE m.audit_id = a.id AND m.status <> 'returned') AS moderated,
       (a.status = 'agreed' AND EXISTS (SELECT 1 FROM moderation_unmoderated u WHERE u.audit_id = a.id)) AS unmoderated
     FROM audits a WHERE ${inScope} AND a.id <> @id`,
  ).all({ programme: audit.programme_id, id: audit.id }) as { id: string; submitted_at: string | null; moderated: number; unmoderated: number }[];
  const scoped = audit.programme_id ? rows : rows.filter((r) => r.submitted_at && toLondonDate(r.submitted_at).slice(0, 7) === month);
  const moderated = scoped.filter((r) => r.moderated).length;
  const unmoderated = scoped.filter((r) => !r.moderated && r.unmoderated).length;
  const sharePercent = getSharePercent(ctx);
  const after = moderated / (moderated + unmoderated + 1);
  return {
    scope: audit.programme_id ? `programme ${audit.programme_name ?? 'unnamed'}` : `${formatUkDate(`${month}-01`).replace(/^\d+ /, '')} (outside programmes)`,
    moderated,
    unmoderated,
    sharePercent,
    shareAfter: Math.floor(after * 100),
    belowFloor: after * 100 < sharePercent - 1e-9,
  };
}

function checkAgreeable(ctx: CoreContext, auditId: string) {
  const user = principalOf(ctx);
  const audit = getAudit(ctx.db, auditId);
  assertNotOwn(user, audit);
  if (audit.status !== 'submitted') throw new AppError('CONFLICT', `Case ${audit.reference}'s audit is ${audit.status}: only a submitted audit can be agreed without moderation.`);
  if (pickOf(ctx.db, auditId)) throw new AppError('CONFLICT', `Case ${audit.reference}'s audit was picked in the moderation sample, so it must be moderated before it is agreed.`);
  if (isOutsideTolerance(auditorCalibrationFigure(ctx, audit.auditor_id))) {
    throw new AppError('CONFLICT', `${audit.auditor_name} is outside calibration tolerance, so every one of their audits must be moderated. Start moderating this one instead.`);
  }
  return { user, audit };
}

/**
 * Audits outside the sample can be agreed as submitted; the record says so, and figures leave them
 * out. The moderation share is a floor: below it, this is refused unless a QA lead records why
 * (`belowShareReason`, through `moderation:agreeBelowShare`).
 */
export function agreeWithoutModeration(ctx: CoreContext, auditId: string, belowShareReason?: string): void {
  const { user, audit } = checkAgreeable(ctx, auditId);
  const standing = shareStanding(ctx, audit);
  const reason = (belowShareReason ?? '').trim();
  if (standing.belowFloor && !reason) {
    const decided = standing.moderated + standing.unmoderated;
    throw new AppError(
      'CONFLICT',
      `The moderation share is a floor of ${standing.sharePercent}% in ${standing.scope}: ${standing.moderated} of ${decided} audit${decided === 1 ? '' : 's'} decided so far ${standing.moderated === 1 ? 'was' : 'were'} moderated, ` +
        `and agreeing case ${audit.reference}'s audit without moderation would leave ${standing.shareAfter}%. Moderate it, or a QA lead can agree it without moderation and record why.`,
    );
  }
  write(ctx, (tx) => {
    tx.insert('moderation_unmoderated', { audit_id: audit.id, agreed_at: tx.at, agreed_by: user.id, below_share_reason: standing.belowFloor ? reason : '' }, { entity: 'audit', entityId: audit.id });
    tx.update('audits', { id: audit.id }, { status: 'agreed', updated_at: tx.at }, { entity: 'audit', entityId: audit.id });
    tx.event({ entity: 'audit', entityId: audit.id }, 'agreed-without-moderation', { by: user.name, ...(standing.belowFloor ? { belowShare: { sharePercent: standing.sharePercent, shareAfter: standing.shareAfter, reason } } : {}) });
  });
}

export function resolveFlag(ctx: CoreContext, flagId: string, note: string): void {
  const user = principalOf(ctx);
  const flag = prepared(ctx.db, 'SELECT id, resolved_at FROM moderation_flags WHERE id = ?').get(flagId) as { id: string; resolved_at: string | null } | undefined;
  if (!flag) throw new AppError('NOT_FOUND', 'That review flag was not found. Reload the moderation queue.');
  if (flag.resolved_at) throw new AppError('CONFLICT', 'That review flag has already been resolved.');
  write(ctx, (tx) => tx.update('moderation_flags', { id: flagId }, { resolved_at: tx.at, resolved_by: user.id, resolution: note }, { entity: 'moderation-flag', entityId: flagId }));
}
