import path from 'node:path';
import { z } from 'zod';
import { api, isOpName, type OpName, type Reply } from '../../shared/api/index';
import type { Principal } from '../../shared/api/session';
import type { CoreContext } from './context';
import { AppError } from './errors';
import { describeWriteFailure } from './db/errors';
import type { Handler } from './handler';
import { handlers } from './handlers';
import { checkRole, checkRule } from './policy/access';
import { checkSeen } from './policy/inputScope';
import { withPrincipal } from './policy/principal';
import { redactHiddenAudits, visibleTo, withoutHidden } from './policy/visibility';
import { prepared } from './write';

/** Turns a zod failure into one readable sentence per problem, naming the field. */
export function describeZodError(error: z.ZodError): string {
  const parts = error.issues.map((issue) => {
    const message = issue.message.replace(/\.$/, '');
    return issue.path.length ? `${issue.path.join('.')}: ${message}` : message;
  });
  return `${parts.join('; ')}.`;
}

/** Every call names its caller: a signed-in person, the command line, or null before sign-in. */
export type Dispatch = (principal: Principal | null, name: string, rawInput: unknown) => Promise<Reply<unknown>>;
/** A dispatch bound to one caller (the command line, a test's person). */
export type BoundDispatch = (name: string, rawInput: unknown) => Promise<Reply<unknown>>;

export const bindDispatch =
  (dispatch: Dispatch, principal: Principal | null): BoundDispatch =>
  (name, rawInput) =>
    dispatch(principal, name, rawInput);

/** Operations a person who must replace a one-time passphrase may still call. */
const WHILE_MUST_CHANGE = new Set<string>(['session:me', 'session:signIn', 'session:signOut', 'session:unlock', 'session:changePassphrase']);

function mustChangePassphrase(ctx: CoreContext, principal: Principal): boolean {
  if (principal.kind !== 'person') return false;
  const row = prepared(ctx.db, 'SELECT must_change_passphrase AS m FROM users WHERE id = ?').get(principal.id) as { m: number } | undefined;
  return row?.m === 1;
}

/**
 * The single entry point for every transport: checks the operation exists, that the caller is
 * signed in and has a role the operation declares, parses the input with its schema, checks that
 * the caller can see what the input names (`sees`) and the operation's ownership rule, then runs the handler with a context carrying the caller, and wraps
 * the outcome. Never leaks a stack trace.
 */
export function createDispatch(ctx: CoreContext, log: (message: string, error: unknown) => void = defaultLog): Dispatch {
  return async (principal, name, rawInput) => {
    if (!isOpName(name)) return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: `There is no operation called "${name}".` } };
    const access = api[name].access;
    const denied = checkRole(access, principal, name);
    if (denied) return { ok: false, error: denied };
    if (principal && !WHILE_MUST_CHANGE.has(name) && mustChangePassphrase(ctx, principal)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Choose your own passphrase first: the one you signed in with was set for one use only.' } };
    }
    const parsed = api[name].input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'INVALID_INPUT', message: describeZodError(parsed.error) } };
    const callCtx = withPrincipal(ctx, principal);
    try {
      // What the input names (a case, audit, action...) must be in the caller's scope: NOT_FOUND otherwise.
      const refused = checkSeen(ctx, access, principal, parsed.data) ?? checkRule(callCtx, access, principal, parsed.data);
      if (refused) return { ok: false, error: refused };
      const handler = handlers[name] as Handler<OpName>;
      const value = await handler(callCtx, parsed.data as never);
      if (!principal) return { ok: true, value };
      // Visibility's safety net (policy/visibility.ts): no reply carries an entity out of the
      // caller's scope, nor the grade of an audit whose blind moderation is being graded.
      const visible = visibleTo(ctx.db, principal);
      const scoped = withoutHidden(value, (id) => visible.isHidden(id));
      if (scoped.notFound) return { ok: false, error: { code: 'NOT_FOUND', message: 'There is nothing with this ID that you can see. It may belong to another auditor, or not be allocated to you.' } };
      return { ok: true, value: redactHiddenAudits(scoped.value, visible.blindHidden) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
      // A full disk or a folder that cannot be written: say so (the transaction was rolled back).
      const storage = describeWriteFailure(error, ctx.dbFile ? path.dirname(ctx.dbFile) : 'the data folder');
      if (storage) return { ok: false, error: { code: 'INTERNAL', message: `Plumbline could not complete "${name}": ${storage.message}. Nothing was saved; free some space (or choose a folder you can write to) and try again.` } };
      log(`Operation ${name} failed`, error);
      return { ok: false, error: { code: 'INTERNAL', message: `Plumbline could not complete "${name}". Nothing was half-saved; try again, and if it keeps happening, run "plumbline verify".` } };
    }
  };
}

/** One line (the stack trace only with PLUMBLINE_DEBUG=1), so the command line's errors stay one line each. */
function defaultLog(message: string, error: unknown): void {
  if (process.env.PLUMBLINE_DEBUG === '1') console.error(`[plumbline] ${message}:`, error);
  else console.error(`[plumbline] ${message}: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
}
