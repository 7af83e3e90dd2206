import { ROLE_LABELS } from '../../../shared/api/session';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { requireUser } from '../session/current';

/** Who is asking: a signed-in person, or the command line (run by whoever holds the database key). */
export interface Caller {
  id: string | null;
  name: string;
  role: 'auditor' | 'moderator' | 'qa-lead' | 'system';
}

const commandLine = new WeakSet<CoreContext>();

/** The CLI's programme and template commands act with the QA lead's rights; history names the command line. */
export function markCommandLine(ctx: CoreContext): void {
  commandLine.add(ctx);
}

export function caller(ctx: CoreContext): Caller {
  if (commandLine.has(ctx)) {
    const actor = ctx.actor();
    return { id: actor.id, name: actor.name, role: 'system' };
  }
  const user = requireUser(ctx);
  return { id: user.id, name: user.name, role: user.role };
}

export const canManage = (who: Caller): boolean => who.role === 'qa-lead' || who.role === 'system';

/** Programmes and templates are changed by the QA lead only. */
export function requireQaLead(ctx: CoreContext, doing: string): Caller {
  const who = caller(ctx);
  if (!canManage(who)) {
    const role = who.role === 'system' ? 'Plumbline' : ROLE_LABELS[who.role];
    throw new AppError('FORBIDDEN', `Only a QA lead can ${doing}. You are signed in as ${who.name} (${role}); ask a QA lead, or switch to a QA lead's profile.`);
  }
  return who;
}
