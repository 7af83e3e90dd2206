import os from 'node:os';
import path from 'node:path';
import { DatabaseOpenError } from '../core/db/errors';
import { createCore, type Core } from '../core/index';
import { resolveKey } from '../core/keys';
import { AppError } from '../core/errors';
import type { Actor } from '../core/context';

/** Raised for a bad argument or file: printed without a stack trace, exit code 1 (or as given). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export function cliActor(): Actor {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    /* some containers have no passwd entry */
  }
  return { id: null, name: `${user} (command line)`, role: 'system' };
}

/** Opens a database for a command, with the key from PLUMBLINE_KEY or the key file beside it. */
export function openForCli(dbFile: string | undefined, options: { create?: boolean } = {}): Core {
  if (!dbFile) throw new CliError('Missing --db FILE: say which Plumbline database to use.');
  const file = path.resolve(dbFile);
  try {
    const { key, warning } = resolveKey(file, { create: options.create });
    if (warning) process.stderr.write(`Warning: ${warning}\n`);
    const core = createCore({ dbFile: file, key, create: options.create });
    const actor = cliActor();
    const fromDb = core.ctx.actor;
    core.ctx.actor = () => {
      const current = fromDb();
      return current.id ? { ...current, name: `${current.name} (command line)` } : actor;
    };
    return core;
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw new CliError(error.message);
    throw error;
  }
}

/** Runs a command body, printing a clean message and setting the exit code for known errors. */
export async function run(body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof CliError || error instanceof AppError || error instanceof DatabaseOpenError) {
      process.stderr.write(`plumbline: ${error.message}\n`);
      process.exitCode = error instanceof CliError ? error.exitCode : 1;
      return;
    }
    process.stderr.write(`plumbline: unexpected error: ${(error as Error).message}\n`);
    process.exitCode = 2;
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
