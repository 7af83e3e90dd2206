import path from 'node:path';
import { DatabaseOpenError } from '../core/db/errors';
import { recoveryFor, withRecovery } from '../core/db/recovery';
import { createCore } from '../core/index';
import type { CoreContext } from '../core/context';
import { bindDispatch, type BoundDispatch } from '../core/dispatch';
import { cliPrincipal, withPrincipal } from '../core/policy/principal';
import { resolveKey } from '../core/keys';
import { AppError } from '../core/errors';

/** Raised for a bad argument or file: printed without a stack trace, exit code 1 (or as given). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** A database opened by a command: every call is the command line's ("command line (<OS user>)", full rights). */
export interface CliCore {
  ctx: CoreContext;
  dispatch: BoundDispatch;
  close(): void;
}

/** Opens a database for a command, with the key from PLUMBLINE_KEY or the key file beside it. */
export function openForCli(dbFile: string | undefined, options: { create?: boolean } = {}): CliCore {
  if (!dbFile) throw new CliError('Missing --db FILE: say which Plumbline database to use.');
  const file = path.resolve(dbFile);
  let key = '';
  try {
    const resolved = resolveKey(file, { create: options.create });
    key = resolved.key;
    if (resolved.warning) process.stderr.write(`Warning: ${resolved.warning}\n`);
    const core = createCore({ dbFile: file, key, create: options.create });
    const principal = cliPrincipal();
    return { ctx: withPrincipal(core.ctx, principal), dispatch: bindDispatch(core.dispatch, principal), close: core.close };
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw new CliError(withRecovery(error.message, key ? recoveryFor(file, key, error) : null));
    throw error;
  }
}

/**
 * Prints an error as one line on stderr — never a stack trace unless PLUMBLINE_DEBUG=1 — and
 * sets exit code 1 (or the CliError's own).
 */
export function reportError(error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  const known = e instanceof CliError || e instanceof AppError || e instanceof DatabaseOpenError || e.name === 'StorageError';
  const text = (e.message || String(error)).replace(/\s*\n\s*/g, ' ').trim();
  process.stderr.write(`plumbline: ${known ? '' : 'unexpected error: '}${text}\n`);
  if (process.env.PLUMBLINE_DEBUG === '1' && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exitCode = e instanceof CliError ? e.exitCode : 1;
}

/** Runs a command body, printing a clean message and setting the exit code for known errors. */
export async function run(body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (error) {
    reportError(error);
  }
}

/** Unwraps a contract reply for the CLI. */
export function unwrap<T>(reply: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!reply.ok) throw new CliError(reply.error.message);
  return reply.value;
}

export const printJson = (value: unknown): void => void process.stdout.write(JSON.stringify(value, null, 2) + '\n');

/** A one-line progress indicator on a terminal; silent when output is piped. */
export function progressLine(label: string): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => {};
  return (done, total) => {
    const pct = total ? Math.floor((done / total) * 100) : 0;
    process.stderr.write(`\r${label}: ${pct}% (${done}/${total})${done >= total ? '\n' : ''}`);
  };
}
