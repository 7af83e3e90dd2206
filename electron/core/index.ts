import fs from 'node:fs';
import path from 'node:path';
import type { CoreContext } from './context';
import { markInUse } from './db/inUse';
import { openDatabase, type Db } from './db/open';
import { createDispatch, type Dispatch } from './dispatch';
import { actorOf } from './policy/principal';
import { setRuntimeInfo, type RuntimeInfo } from './session/current';
import { seedBuiltinTemplates } from './templates/seed';
import { ensureBaseline } from './sync/baseline';
import { settleTemplatesOnce } from './sync/settleTemplates';
import { newId, prepared, write } from './write';
import { startAutoSync } from './teamsync/auto';

export interface Core {
  /** The process's context (no principal): for wiring, migrations and the demo generator. */
  ctx: CoreContext;
  /** `dispatch(principal, op, input)`: every transport passes its caller. */
  dispatch: Dispatch;
  close(): void;
}

export interface CoreOptions {
  dbFile: string;
  key: string;
  create?: boolean;
  now?: () => Date;
  runtime?: RuntimeInfo;
}

/** Makes sure the file knows which device it lives on (for merging audits across laptops later). */
function ensureDevice(db: Db): string {
  const row = prepared(db, "SELECT value FROM meta WHERE key = 'device_id'").get() as { value: string } | undefined;
  if (row) return row.value;
  const id = newId();
  db.prepare("INSERT INTO meta (key, value) VALUES ('device_id', ?)").run(id);
  return id;
}

/** Opens the database and wires the services: the same core for Electron, the CLI, the preview and tests. */
export function createCore(options: CoreOptions): Core {
  if (options.create) fs.mkdirSync(path.dirname(path.resolve(options.dbFile)), { recursive: true });
  const db = openDatabase(options.dbFile, options.key, { create: options.create });
  const deviceId = ensureDevice(db);
  const ctx: CoreContext = {
    db,
    dbFile: options.dbFile,
    deviceId,
    principal: null,
    actor: () => actorOf(null),
    now: options.now ?? clockFromEnv(),
  };
  if (options.runtime) setRuntimeInfo(ctx, options.runtime);
  ensureBaseline(ctx);
  settleTemplatesOnce(ctx);
  seedBuiltinTemplates(ctx);
  // The app (Electron, the preview) syncs with its team server by itself once joined; the CLI and tests on demand.
  const autoSync = options.runtime ? startAutoSync(ctx) : null;
  // The app and the preview say they hold the file, so `plumbline restore` will not swap it under them.
  const release = options.runtime ? markInUse(options.dbFile, ctx.now()) : null;
  return {
    ctx,
    dispatch: createDispatch(ctx),
    close: () => {
      autoSync?.stop();
      db.close();
      release?.();
    },
  };
}

/** PLUMBLINE_NOW (an ISO instant) fixes the clock for demonstrations and tests; otherwise real time. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): () => Date {
  const fixed = env.PLUMBLINE_NOW;
  if (!fixed) return () => new Date();
  const start = new Date(fixed);
  if (Number.isNaN(start.getTime())) throw new Error(`PLUMBLINE_NOW is not a date: ${fixed}`);
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

export { write };
