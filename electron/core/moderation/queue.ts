import type { FlagItem, QueueItem, QueueResult, RecentItem } from '../../../shared/api/moderation';
import type { OptimismCode } from '../../../shared/domain/optimism';
import type { CoreContext } from '../context';
import { scopeOf } from '../policy/visibility';
import { principalOf } from '../policy/principal';
import { prepared } from '../write';
import { can } from '../../../shared/api/index';
import { getAudit, pickOf } from './queries';
import { auditorsOutsideTolerance, drawSummary, getSharePercent } from './sampling';
import { auditWarnings, calibrationLookup } from './warnings';

export interface QueueFilter {
  team?: string;
  auditorId?: string;
  programmeId?: string;
  warning?: OptimismCode;
  sampleOnly: boolean;
}

interface Row {
  id: string;
  reference: string;
  team: string;
  case_type: string;
  auditor_id: string;
  auditor_name: string;
  programme_id: string | null;
  programme_name: string | null;
  status: 'submitted' | 'in-moderation';
  submitted_at: string | null;
  returns: number;
}

/** Submitted audits awaiting moderation and those being moderated, sample picks first, oldest first. */
export function moderationQueue(ctx: CoreContext, filter: QueueFilter): QueueResult {
  const user = principalOf(ctx);
  let rows = prepared(
    ctx.db,
    `SELECT a.id, c.reference, c.team, c.case_type, a.auditor_id, u.name AS auditor_name, a.programme_id, p.name AS programme_name,
            a.status, a.submitted_at,
            (SELECT count(*) FROM moderations m WHERE m.audit_id = a.id AND m.status = 'returned') AS returns
     FROM audits a JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = a.auditor_id
     LEFT JOIN programmes p ON p.id = a.programme_id
     WHERE a.status IN ('submitted', 'in-moderation')
     ORDER BY a.submitted_at, c.reference`,
  ).all() as Row[];
  // Only audits the caller may see (policy/visibility.ts): an auditor's queue holds their own.
  const scope = scopeOf(ctx.db, ctx.principal);
  if (scope && !scope.everything) rows = rows.filter((r) => scope.audits(r.id));

  const options = {
    teams: [...new Set(rows.map((r) => r.team))].sort(),
    auditors: uniqueBy(rows.map((r) => ({ id: r.auditor_id, name: r.auditor_name }))),
    programmes: uniqueBy(rows.filter((r) => r.programme_id).map((r) => ({ id: r.programme_id!, name: r.programme_name ?? 'Unnamed programme' }))),
  };

  const calibration = calibrationLookup(ctx);
  const active = prepared(
    ctx.db,
    `SELECT m.audit_id, m.mode, m.status, m.moderator_id, u.name FROM moderations m JOIN users u ON u.id = m.moderator_id WHERE m.finished_at IS NULL`,
  ).all() as { audit_id: string; mode: 'open' | 'blind'; status: 'grading' | 'reconciling'; moderator_id: string; name: string }[];
  const activeBy = new Map(active.map((m) => [m.audit_id, m]));

  const items: QueueItem[] = [];
  for (const r of rows) {
    if (filter.team && r.team !== filter.team) continue;
    if (filter.auditorId && r.auditor_id !== filter.auditorId) continue;
    if (filter.programmeId && r.programme_id !== filter.programmeId) continue;
    const pick = pickOf(ctx.db, r.id);
    if (filter.sampleOnly && !pick) continue;
    const warningCodes = [...new Set(auditWarnings(ctx, getAudit(ctx.db, r.id), calibration).map((w) => w.code))];
    if (filter.warning && !warningCodes.includes(filter.warning)) continue;
    const m = activeBy.get(r.id);
    items.push({
      auditId: r.id,
      caseReference: r.reference,
      team: r.team,
      caseType: r.case_type,
      auditorId: r.auditor_id,
      auditorName: r.auditor_name,
      programmeId: r.programme_id,
      programmeName: r.programme_name,
      status: r.status,
      submittedAt: r.submitted_at,
      warningCodes,
      pick: pick ? { drawId: pick.draw_id, reason: pick.reason, seed: pick.seed, drawnAt: pick.drawn_at } : null,
      moderation: m ? { mode: m.mode, status: m.status, moderatorName: m.name, byMe: m.moderator_id === user.id } : null,
      own: r.auditor_id === user.id,
      timesReturned: r.returns,
    });
  }
  items.sort((a, b) => Number(!!b.pick) - Number(!!a.pick));

  return {
    items,
    recent: recentlyAgreed(ctx),
    flags: openFlags(ctx),
    sharePercent: getSharePercent(ctx),
    canSetShare: can(user.role, 'moderation:setSettings'),
    canModerate: can(user.role, 'moderation:start'),
    lastDraw: drawSummary(ctx, null),
    outsideTolerance: auditorsOutsideTolerance(ctx),
    options,
  };
}

export function openFlags(ctx: CoreContext): FlagItem[] {
  return prepared(
    ctx.db,
    `SELECT f.id, f.audit_id AS auditId, c.reference AS caseReference, c.team, u.name AS auditorName, f.message, f.raised_at AS raisedAt
     FROM moderation_flags f JOIN audits a ON a.id = f.audit_id JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = a.auditor_id
     WHERE f.resolved_at IS NULL ORDER BY f.raised_at DESC, c.reference`,
  ).all() as FlagItem[];
}

/** The last 15 audits agreed: with their moderation, or agreed without one. */
export function recentlyAgreed(ctx: CoreContext): RecentItem[] {
  return prepared(
    ctx.db,
    `SELECT * FROM (
       SELECT m.audit_id AS auditId, c.reference AS caseReference, c.team, ua.name AS auditorName, m.finished_at AS agreedAt, m.mode, um.name AS moderatorName, '' AS belowShareReason
       FROM moderations m JOIN audits a ON a.id = m.audit_id JOIN cases c ON c.id = a.case_id JOIN users ua ON ua.id = a.auditor_id JOIN users um ON um.id = m.moderator_id
       WHERE m.status = 'agreed' AND a.status = 'agreed'
       UNION ALL
       SELECT x.audit_id, c.reference, c.team, ua.name, x.agreed_at, NULL, NULL, x.below_share_reason
       FROM moderation_unmoderated x JOIN audits a ON a.id = x.audit_id JOIN cases c ON c.id = a.case_id JOIN users ua ON ua.id = a.auditor_id
       WHERE a.status = 'agreed'
     ) ORDER BY agreedAt DESC LIMIT 15`,
  ).all() as RecentItem[];
}

function uniqueBy(list: { id: string; name: string }[]): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const x of list) seen.set(x.id, x.name);
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}
