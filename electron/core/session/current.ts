import type { User } from '../../../shared/api/session';
import type { Actor, CoreContext } from '../context';
import { SYSTEM_ACTOR } from '../context';
import { AppError } from '../errors';
import { getSetting, getUser } from './users';

export interface RuntimeInfo {
  transport: 'electron' | 'preview';
  keyWarning: string | null;
  /** The desktop shell's "show in folder" (the core itself never touches the OS shell). */
  revealFile?: (file: string) => void;
}

const runtime = new WeakMap<CoreContext, RuntimeInfo>();
export const setRuntimeInfo = (ctx: CoreContext, info: RuntimeInfo): void => void runtime.set(ctx, info);
export const runtimeInfo = (ctx: CoreContext): RuntimeInfo => runtime.get(ctx) ?? { transport: 'preview', keyWarning: null };

/** The profile chosen on this device, or null on first start. */
export function currentUser(ctx: CoreContext): User | null {
  const id = getSetting(ctx.db, 'current_user_id');
  return id ? getUser(ctx.db, id) : null;
}

/** The current user, or a NO_USER error telling the person to create a profile first. */
export function requireUser(ctx: CoreContext): User {
  const user = currentUser(ctx);
  if (!user) throw new AppError('NO_USER', 'Create your profile first (name and role) so your work is recorded under your name.');
  return user;
}

/** The actor for history rows: the current user, or Plumbline itself before anyone has signed in. */
export function actorFromDb(ctx: CoreContext): Actor {
  const user = currentUser(ctx);
  return user ? { id: user.id, name: user.name, role: user.role } : SYSTEM_ACTOR;
}
