import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKey } from '../../electron/core/keys';
import { createCore, type Core } from '../../electron/core/index';
import { newId, write } from '../../electron/core/write';
import type { Role } from '../../shared/api/session';

export interface TestCore extends Core {
  dir: string;
  key: string;
  /** Moves the clock (ctx.now) to this instant. */
  setNow(iso: string): void;
  /** Adds a user and makes them the current one. */
  actAs(name: string, role: Role, managesTeams?: string[]): string;
  cleanup(): void;
}

/** A real encrypted database in a fresh temp folder, with a controllable clock. */
export function makeTestCore(options: { now?: string } = {}): TestCore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-test-'));
  const key = generateKey();
  let now = new Date(options.now ?? '2026-11-23T10:00:00Z');
  const core = createCore({ dbFile: path.join(dir, 'test.db'), key, create: true, now: () => now });
  const users = new Map<string, string>();
  return {
    ...core,
    dir,
    key,
    setNow(iso) {
      now = new Date(iso);
    },
    actAs(name, role, managesTeams = []) {
      let id = users.get(name);
      if (!id) {
        id = newId();
        const userId = id;
        write(core.ctx, (tx) =>
          tx.insert('users', { id: userId, name, role, job_title: '', manages_teams: JSON.stringify(managesTeams), created_at: tx.at }),
        );
        users.set(name, id);
      }
      const userId = id;
      write(core.ctx, (tx) => {
        const has = tx.db.prepare("SELECT 1 FROM settings WHERE key = 'current_user_id'").get();
        if (has) tx.update('settings', { key: 'current_user_id' }, { value: userId }, { entity: 'session', entityId: core.ctx.deviceId });
        else tx.insert('settings', { key: 'current_user_id', value: userId }, { entity: 'session', entityId: core.ctx.deviceId });
      });
      return id;
    },
    cleanup() {
      try {
        core.close();
      } catch {
        /* already closed */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls an operation through the real dispatcher and returns its value, or throws its error. */
export async function callOk<T = unknown>(core: Core, name: string, input: unknown): Promise<T> {
  const reply = await core.dispatch(name, input);
  if (!reply.ok) throw Object.assign(new Error(`${reply.error.code}: ${reply.error.message}`), { code: reply.error.code });
  return reply.value as T;
}
