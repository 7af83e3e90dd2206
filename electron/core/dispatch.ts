import path from 'node:path';
import { z } from 'zod';
import { api, isOpName, type OpName, type Reply } from '../../shared/api/index';
import type { CoreContext } from './context';
import { AppError } from './errors';
import { describeWriteFailure } from './db/errors';
import type { Handler } from './handler';
import { handlers } from './handlers';

/** Turns a zod failure into one readable sentence per problem, naming the field. */
export function describeZodError(error: z.ZodError): string {
  const parts = error.issues.map((issue) => {
    const message = issue.message.replace(/\.$/, '');
    return issue.path.length ? `${issue.path.join('.')}: ${message}` : message;
  });
  return `${parts.join('; ')}.`;
}

export type Dispatch = (name: string, rawInput: unknown) => Promise<Reply<unknown>>;

/**
 * The single entry point for every transport: checks the operation exists, parses the input
 * with its schema, runs the handler and wraps the outcome. Never leaks a stack trace.
 */
export function createDispatch(ctx: CoreContext, log: (message: string, error: unknown) => void = defaultLog): Dispatch {
  return async (name, rawInput) => {
    if (!isOpName(name)) return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: `There is no operation called "${name}".` } };
    const parsed = api[name].input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'INVALID_INPUT', message: describeZodError(parsed.error) } };
    try {
      const handler = handlers[name] as Handler<OpName>;
      const value = await handler(ctx, parsed.data as never);
      return { ok: true, value };
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
