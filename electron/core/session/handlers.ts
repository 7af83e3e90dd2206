import type { SessionMe, sessionOps } from '../../../shared/api/session';
import { londonDate } from '../../../shared/domain/dates';
import type { CoreContext } from '../context';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import type { HandlersFor } from '../handler';
import { findPerson, isFirstStart } from '../people/queries';
import { prepared, write } from '../write';
import { runtimeInfo } from './current';
import { changePassphrase, setupFirstQaLead, signIn, signOut, unlock } from './signin';

export const DEFAULT_IDLE_LOCK_MINUTES = 15;

export const isDemoDatabase = (db: Db): boolean => (prepared(db, "SELECT value FROM meta WHERE key = 'demo'").get() as { value: string } | undefined)?.value === '1';

export function idleLockMinutes(db: Db): number {
  const row = prepared(db, "SELECT value FROM settings WHERE key = 'idle_lock_minutes'").get() as { value: string } | undefined;
  const n = row ? Number(row.value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_IDLE_LOCK_MINUTES;
}

function me(ctx: CoreContext): SessionMe {
  const info = runtimeInfo(ctx);
  const who = ctx.principal;
  return {
    person: who?.kind === 'person' ? findPerson(ctx.db, who.id) : null,
    demo: isDemoDatabase(ctx.db),
    deviceId: ctx.deviceId,
    keyWarning: info.keyWarning,
    transport: info.transport,
    today: londonDate(ctx.now()),
    state: isFirstStart(ctx.db) ? 'first-start' : 'ready',
    idleLockMinutes: idleLockMinutes(ctx.db),
  };
}

/**
 * Sign-in and the session. The transport binds its window or tab to the person a successful
 * `session:signIn` / `session:setup` returns, and forgets it on `session:signOut`
 * (electron/core/session/table.ts).
 */
export const sessionHandlers = {
  'session:me': (ctx) => me(ctx),
  'session:signIn': async (ctx, input) => ({ person: await signIn(ctx, input.login, input.passphrase) }),
  'session:signOut': (ctx) => {
    signOut(ctx);
    return { ok: true as const };
  },
  'session:unlock': async (ctx, input) => ({ person: await unlock(ctx, input.passphrase) }),
  'session:changePassphrase': async (ctx, input) => ({ person: await changePassphrase(ctx, input.current, input.next) }),
  'session:setup': async (ctx, input) => ({ person: await setupFirstQaLead(ctx, input) }),
  'session:exploreDemo': async (ctx) => {
    if (!isFirstStart(ctx.db)) throw new AppError('CONFLICT', 'This database already has people, so the demo is not offered here. Sign in instead.');
    const open = runtimeInfo(ctx).openDemo;
    if (!open) throw new AppError('FORBIDDEN', 'This copy of Plumbline cannot switch to the demo; run "plumbline demo --db plumbline-demo.db" and open that file.');
    await open();
    return { ok: true as const };
  },
  'session:setIdleLock': (ctx, input) => {
    write(ctx, (tx) => {
      const has = tx.db.prepare("SELECT 1 FROM settings WHERE key = 'idle_lock_minutes'").get();
      if (has) tx.update('settings', { key: 'idle_lock_minutes' }, { value: String(input.minutes) }, { entity: 'settings', entityId: 'idle_lock_minutes' });
      else tx.insert('settings', { key: 'idle_lock_minutes', value: String(input.minutes) }, { entity: 'settings', entityId: 'idle_lock_minutes' });
    });
    return { idleLockMinutes: idleLockMinutes(ctx.db) };
  },
} satisfies HandlersFor<typeof sessionOps>;
