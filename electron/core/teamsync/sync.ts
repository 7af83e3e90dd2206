import { createHash } from 'node:crypto';
import type { SyncReport, SyncStatus } from '../../../shared/api/sync';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { applyChanges, ChangeRefused, markSent, unsentChanges, unsentCount } from '../sync/index';
import { rowToChange, type ChangeRow } from '../sync/log';
import { COMMAND_LINE_PREFIX } from '../../../shared/sync/rules';
import { readSyncMeta, writeSyncMeta, type Handover, type SyncMeta } from './state';
import { describeOwnChange } from './withhold';
import { callServer, SyncError, type PullReply } from './transport';

const BATCH = 1000;
/** Bounds for one sync (a day's work is a few hundred changes; a first pull a few thousand). */
const MAX_PAGES = 10_000;

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** What the sync UI shows: synced at / N waiting / offline since / refused, with the reason. */
export function syncStatus(ctx: CoreContext): SyncStatus {
  const meta = readSyncMeta(ctx);
  const refused = meta.refused ? { code: meta.refused.code, message: meta.refused.message, at: meta.refused.at, ...(meta.refused.change ? { change: describeOwnChange(ctx, meta.refused.change.deviceSeq) } : {}) } : null;
  const base = { server: meta.server, personName: meta.personName, syncedAt: meta.syncedAt, offlineSince: meta.offlineSince, refused, withheld: meta.withheld.length };
  if (!meta.server || !meta.token) return { ...base, state: 'not-joined', waiting: 0 };
  const waiting = unsentCount(ctx);
  const state = meta.refused ? 'refused' : meta.offlineSince ? 'offline' : waiting > 0 ? 'waiting' : 'synced';
  return { ...base, state, waiting };
}

/** Passphrase hashes set on this laptop since they were last exchanged: a QA lead's for anyone, a person's own. */
function hashesToSend(ctx: CoreContext, meta: SyncMeta, isLead: boolean): { personId: string; hash: string; mustChange: boolean }[] {
  const rows = ctx.db.prepare('SELECT id, passphrase_hash AS hash, must_change_passphrase AS must FROM users WHERE passphrase_hash IS NOT NULL').all() as {
    id: string;
    hash: string;
    must: number;
  }[];
  return rows
    .filter((r) => (isLead || r.id === meta.personId) && meta.hashes[r.id] !== digest(r.hash))
    .map((r) => ({ personId: r.id, hash: r.hash, mustChange: r.must === 1 }));
}

/** Keeps the person's own passphrase hash from the server, outside the history (it is never a change). */
function storeOwnHash(ctx: CoreContext, meta: SyncMeta, p: NonNullable<PullReply['passphrase']>): void {
  if (!meta.personId) return;
  const row = ctx.db.prepare('SELECT passphrase_hash AS hash FROM users WHERE id = ?').get(meta.personId) as { hash: string | null } | undefined;
  if (!row) return;
  if (row.hash !== p.hash) ctx.db.prepare('UPDATE users SET passphrase_hash = ?, must_change_passphrase = ? WHERE id = ?').run(p.hash, p.mustChange ? 1 : 0, meta.personId);
  writeSyncMeta(ctx, { hashes: { ...readSyncMeta(ctx).hashes, [meta.personId]: digest(p.hash) } });
}

/** A handover keeps at most this many declined changes' reasons (they all stay in this laptop's log). */
const DECLINED_KEPT = 200;

/**
 * Hands over what this laptop held when it joined, a page at a time in the order it stored them:
 * every change with an author, and what the command line did here while it was standalone (the
 * server takes that only from the standalone laptop it was started from, decision 66; Plumbline's
 * own seeding, which every laptop does, stays here). The server checks each as its author's and
 * takes it once; what it had already (from its own laptop) counts as already there. Returns the
 * totals once the last page is done.
 */
async function handOver(ctx: CoreContext, server: string, auth: { token: string; deviceId: string }): Promise<SyncReport['handedOver']> {
  for (let page = 0; page < MAX_PAGES; page++) {
    const h = readSyncMeta(ctx).handover;
    if (!h || h.done >= h.upTo) return undefined;
    const rows = ctx.db
      .prepare('SELECT * FROM history WHERE format = 2 AND seq > ? AND seq <= ? AND (actor_id IS NOT NULL OR actor_name LIKE ?) ORDER BY seq LIMIT ?')
      .all(h.done, h.upTo, `${COMMAND_LINE_PREFIX}%`, BATCH) as ChangeRow[];
    const next = { ...h };
    if (rows.length > 0) {
      const r = await callServer<{ accepted: number; alreadyHad: number; declined?: Handover['declined'] }>(server, '/v1/push', { changes: rows.map(rowToChange), handover: true }, auth);
      next.sent += r.accepted;
      next.alreadyThere += r.alreadyHad;
      next.declined = [...h.declined, ...(r.declined ?? [])].slice(0, DECLINED_KEPT);
    }
    next.done = rows.length < BATCH ? h.upTo : rows[rows.length - 1].seq;
    writeSyncMeta(ctx, { handover: next });
    if (next.done >= next.upTo) return { sent: next.sent, alreadyThere: next.alreadyThere, declined: next.declined.length };
  }
  return undefined;
}

/**
 * One sync with the team server: push this laptop's unsent changes (in order, a batch at a time,
 * marking each batch sent once the server has it), then pull what this person may see since the
 * cursor and merge it. Offline or refused, the laptop keeps everything and records why.
 */
export async function syncNow(ctx: CoreContext): Promise<SyncReport> {
  const meta = readSyncMeta(ctx);
  if (!meta.server || !meta.token) {
    throw new AppError('NOT_JOINED', 'This laptop has not joined a team: join one first (plumbline join, or "Join a team" in the app).');
  }
  const auth = { token: meta.token, deviceId: ctx.deviceId };
  const now = () => ctx.now().toISOString();
  const report: SyncReport = { pushed: 0, pulled: 0, conflicts: 0, cursor: meta.cursor };
  try {
    const role = (ctx.db.prepare('SELECT role FROM users WHERE id = ?').get(meta.personId) as { role: string } | undefined)?.role;
    let passphrases = hashesToSend(ctx, meta, role === 'qa-lead');
    const handedOver = await handOver(ctx, meta.server, auth);
    if (handedOver) report.handedOver = handedOver;
    for (let page = 0; page < MAX_PAGES; page++) {
      const changes = unsentChanges(ctx, BATCH);
      if (changes.length === 0 && passphrases.length === 0) break;
      const r = await callServer<{ accepted: number; alreadyHad: number }>(meta.server, '/v1/push', { changes, passphrases }, auth);
      report.pushed += r.accepted;
      if (changes.length) markSent(ctx, changes[changes.length - 1].deviceSeq);
      if (passphrases.length) {
        const hashes = { ...readSyncMeta(ctx).hashes };
        for (const p of passphrases) hashes[p.personId] = digest(p.hash);
        writeSyncMeta(ctx, { hashes });
        passphrases = [];
      }
      if (changes.length < BATCH) break;
    }
    let cursor = meta.cursor;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await callServer<PullReply>(meta.server, '/v1/pull', { cursor, limit: BATCH }, auth);
      const merged = applyChanges(ctx, r.changes);
      report.pulled += merged.applied;
      report.conflicts += merged.conflicts;
      cursor = r.cursor;
      writeSyncMeta(ctx, { cursor });
      if (r.passphrase) storeOwnHash(ctx, readSyncMeta(ctx), r.passphrase);
      if (!r.more) break;
    }
    report.cursor = cursor;
    writeSyncMeta(ctx, { syncedAt: now(), offlineSince: null, refused: null });
    return report;
  } catch (error) {
    if (error instanceof SyncError && error.kind === 'offline') {
      writeSyncMeta(ctx, { offlineSince: readSyncMeta(ctx).offlineSince ?? now() });
      throw new AppError('OFFLINE', `${error.message} Your work is kept on this laptop and will be sent when the server answers.`);
    }
    const own = error instanceof SyncError && error.change?.deviceId === ctx.deviceId ? error.change : null;
    const refused =
      error instanceof SyncError
        ? { code: error.code, message: error.message, ...(own ? { change: { deviceSeq: own.deviceSeq, table: own.table, key: own.key, column: own.column } } : {}) }
        : error instanceof ChangeRefused
          ? { code: 'RECEIVED_CHANGE_REFUSED', message: `This laptop refused a change from the server: ${error.message}` }
          : null;
    if (refused) {
      writeSyncMeta(ctx, { refused: { ...refused, at: now() }, offlineSince: null });
      throw new AppError('SYNC_REFUSED', refused.message);
    }
    throw error;
  }
}
