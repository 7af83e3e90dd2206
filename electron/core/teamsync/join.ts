import type { SyncStatus } from '../../../shared/api/sync';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { isFirstStart } from '../people/queries';
import { markSent } from '../sync/index';
import { deviceHead } from '../sync/log';
import { readSyncMeta, writeSyncMeta } from './state';
import { syncNow, syncStatus } from './sync';
import { callServer, normaliseServerUrl, SyncError, type SignInReply } from './transport';

/**
 * Who may join this laptop to a team from the app (`sync:join`, public for first start). A laptop
 * that already has people is theirs: joining makes it one person's and sends its history (decision
 * 56), so someone must be signed in, and on a laptop several people sign in to (a shared standalone
 * database, decision 66) it is the QA lead's to move. The command line holds the key and may.
 */
export function assertMayJoinFromApp(ctx: CoreContext): void {
  if (isFirstStart(ctx.db)) return;
  const who = ctx.principal;
  if (!who || who.kind !== 'person') {
    throw new AppError('SIGNED_OUT', 'This laptop already has people: sign in first. Joining a team sends its work to the team server.');
  }
  const signsIn = (ctx.db.prepare('SELECT count(*) AS n FROM users WHERE passphrase_hash IS NOT NULL AND active = 1').get() as { n: number }).n;
  if (signsIn > 1 && who.role !== 'qa-lead') {
    throw new AppError('FORBIDDEN', 'Several people sign in on this laptop: only its QA lead can join it to a team (it then becomes theirs alone).');
  }
}

/**
 * Makes this laptop a team member's: signs in to the team server as that person with this
 * device's id, keeps the device token, and pulls their work. What this laptop held before joining
 * (its own work and what it received by bundle) is handed over once by the next syncs, each change
 * checked as its author's; what the server cannot take (a standalone trial by people who are not on
 * the team) stays on this laptop (decision 56). From now on what is changed here is theirs and is sent.
 */
export async function joinTeam(ctx: CoreContext, input: { server: string; login: string; passphrase: string }): Promise<SyncStatus> {
  const meta = readSyncMeta(ctx);
  if (meta.server && meta.token) {
    throw new AppError('ALREADY_JOINED', `This laptop already belongs to ${meta.personName ?? 'someone'} on ${meta.server}. A laptop is one person's.`);
  }
  let server: string;
  let reply: SignInReply;
  try {
    server = normaliseServerUrl(input.server);
    reply = await callServer<SignInReply>(server, '/v1/sign-in', { login: input.login, passphrase: input.passphrase, deviceId: ctx.deviceId });
  } catch (error) {
    if (error instanceof SyncError) throw new AppError(error.kind === 'offline' ? 'OFFLINE' : 'SYNC_REFUSED', error.message);
    throw error;
  }
  markSent(ctx, deviceHead(ctx.db, ctx.deviceId).seq);
  const upTo = (ctx.db.prepare('SELECT coalesce(max(seq), 0) AS n FROM history WHERE format = 2').get() as { n: number }).n;
  writeSyncMeta(ctx, {
    server, token: reply.token, personId: reply.person.id, personName: reply.person.name, cursor: 0, refused: null, offlineSince: null, hashes: {},
    handover: { upTo, done: 0, sent: 0, alreadyThere: 0, declined: [] },
  });
  try {
    await syncNow(ctx);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // Joined; the first sync's trouble shows in the status and is retried.
  }
  return syncStatus(ctx);
}
