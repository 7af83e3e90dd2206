import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bindDispatch, type BoundDispatch } from '../../electron/core/dispatch';
import { createCore, type Core } from '../../electron/core/index';
import { generateKey } from '../../electron/core/keys';
import { principalForPerson } from '../../electron/core/policy/principal';
import { joinTeam } from '../../electron/core/teamsync/join';
import { readSyncMeta } from '../../electron/core/teamsync/state';
import type { SyncStatus } from '../../shared/api/sync';

/**
 * A real laptop for the round-trip tests: its own encrypted SQLite file in a temp folder, joined
 * to a team server over HTTP by the real client, acting as the person who joined it through
 * dispatch (the same door the app and the preview use).
 */
export interface Laptop {
  core: Core;
  dir: string;
  personId: string;
  /** What joining left in the sync status. */
  joined: SyncStatus;
  dispatch: BoundDispatch;
  /** Calls an operation as this laptop's person; throws "<op>: <code>: <message>" when refused. */
  call<T = unknown>(name: string, input: unknown): Promise<T>;
  /** Calls an operation that should be refused; returns the error. */
  refused(name: string, input: unknown): Promise<{ code: string; message: string }>;
  close(): void;
}

export async function joinedLaptop(url: string, login: string, passphrase: string, dirs: string[], options: { now?: () => Date } = {}): Promise<Laptop> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-laptop-'));
  dirs.push(dir);
  // Each laptop its own encrypted file with its own key, and (optionally) its own skewed clock.
  const core = createCore({ dbFile: path.join(dir, 'laptop.db'), key: generateKey(), create: true, now: options.now });
  const joined = await joinTeam(core.ctx, { server: url, login, passphrase });
  if (joined.refused) throw new Error(`joining as ${login} was refused: ${joined.refused.message}`);
  const personId = readSyncMeta(core.ctx).personId!;
  const principal = principalForPerson(core.ctx.db, personId);
  if (!principal) throw new Error(`the joined person ${login} did not arrive on their laptop`);
  const dispatch = bindDispatch(core.dispatch, principal);
  return {
    core,
    dir,
    personId,
    joined,
    dispatch,
    async call<T>(name: string, input: unknown): Promise<T> {
      const reply = await dispatch(name, input);
      if (!reply.ok) throw new Error(`${name}: ${reply.error.code}: ${reply.error.message}`);
      return reply.value as T;
    },
    async refused(name: string, input: unknown) {
      const reply = await dispatch(name, input);
      if (reply.ok) throw new Error(`${name} was expected to be refused but succeeded`);
      return reply.error;
    },
    close: () => core.close(),
  };
}
