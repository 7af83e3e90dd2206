import type { SessionInfo, sessionOps } from '../../../shared/api/session';
import { londonDate } from '../../../shared/domain/dates';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import type { HandlersFor } from '../handler';
import { newId, write } from '../write';
import { currentUser, runtimeInfo } from './current';
import { getUser, listUsers } from './users';

function sessionInfo(ctx: CoreContext): SessionInfo {
  const info = runtimeInfo(ctx);
  return {
    user: currentUser(ctx),
    users: listUsers(ctx.db),
    deviceId: ctx.deviceId,
    keyWarning: info.keyWarning,
    transport: info.transport,
    today: londonDate(ctx.now()),
  };
}

function setCurrentUser(ctx: CoreContext, userId: string): void {
  write(ctx, (tx) => {
    const existing = tx.db.prepare("SELECT value FROM settings WHERE key = 'current_user_id'").get();
    if (existing) tx.update('settings', { key: 'current_user_id' }, { value: userId }, { entity: 'session', entityId: ctx.deviceId });
    else tx.insert('settings', { key: 'current_user_id', value: userId }, { entity: 'session', entityId: ctx.deviceId });
  });
}

const notYet = (): never => {
  throw new AppError('NOT_IMPLEMENTED', 'Signing in is not available in this build yet.');
};

export const sessionHandlers = {
  'session:me': notYet,
  'session:signIn': notYet,
  'session:signOut': notYet,
  'session:unlock': notYet,
  'session:changePassphrase': notYet,
  'session:setup': notYet,
  'session:exploreDemo': notYet,
  'session:setIdleLock': notYet,
  'session:get': (ctx) => sessionInfo(ctx),
  'users:list': (ctx) => listUsers(ctx.db),
  'users:create': (ctx, input) => {
    const id = newId();
    write(ctx, (tx) =>
      tx.insert('users', {
        id,
        name: input.name,
        role: input.role,
        job_title: input.jobTitle,
        manages_teams: JSON.stringify(input.managesTeams),
        created_at: tx.at,
      }),
    );
    if (!currentUser(ctx)) setCurrentUser(ctx, id);
    return getUser(ctx.db, id)!;
  },
  'session:switch': (ctx, input) => {
    if (!getUser(ctx.db, input.userId)) throw new AppError('NOT_FOUND', 'That profile no longer exists. Choose another from the list.');
    setCurrentUser(ctx, input.userId);
    return sessionInfo(ctx);
  },
} satisfies HandlersFor<typeof sessionOps>;
