import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/index';
import { DatabaseOpenError } from '../core/db/errors';
import { resolveKey } from '../core/keys';
import { generateDemo } from '../core/demo/generate';
import { demoFileFor } from '../core/demo/file';
import type { RuntimeInfo } from '../core/session/current';
import { CliError } from '../cli/common';
import { backupInBackground } from '../core/db/backgroundBackup';
import { recoveryFor, withRecovery } from '../core/db/recovery';
import { previewDownloadsFolder } from '../core/exports/folder';
import { ensureRendererBuilt } from './ensureBuilt';
import { startPreviewServer, type PreviewServer } from './server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_DIR = process.env.PLUMBLINE_RENDERER_DIR ? path.resolve(process.env.PLUMBLINE_RENDERER_DIR) : path.join(root, 'out', 'renderer');

interface Opened {
  core: Core;
  key: string;
}

/** Opens (or creates) a database for the preview; a new demo file is filled with the demo. */
function openPreviewCore(dbFile: string, options: { demo: boolean; runtime: RuntimeInfo }): Opened {
  const exists = fs.existsSync(dbFile);
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  let key = '';
  try {
    const resolved = resolveKey(dbFile, { create: !exists });
    key = resolved.key;
    const core = createCore({ dbFile, key, create: !exists, runtime: { ...options.runtime, keyWarning: resolved.warning } });
    if (!exists && options.demo) generateDemo(core.ctx, { seed: 2026 });
    return { core, key };
  } catch (error) {
    // A damaged database: the start message names the newest good backup and the command that restores it.
    if (error instanceof DatabaseOpenError) throw new CliError(withRecovery(error.message, key ? recoveryFor(dbFile, key, error) : null));
    throw error;
  }
}

/** Opens the database, starts the preview server, prints its address first, and stops cleanly on a signal. */
export async function startPreview(options: { dbFile: string; port: number; demo: boolean }): Promise<void> {
  const exists = fs.existsSync(options.dbFile);
  if (!exists && !options.demo) throw new CliError(`No database at ${options.dbFile}. Create one with "plumbline init --db ${options.dbFile}" (or a demo with "plumbline demo"), or add --demo.`);
  let server: PreviewServer | undefined;
  const holder = {} as { core: Core };
  // First start's "Explore the demo": the demo is its own file beside this one; everyone signs in again there.
  // Offered whatever --demo says: `session:exploreDemo` answers only on a first start, which a demo never is.
  const openDemo = async (): Promise<void> => {
    const demoFile = demoFileFor(options.dbFile);
    const demo = openPreviewCore(demoFile, { demo: true, runtime: { transport: 'preview', keyWarning: null } });
    const old = holder.core;
    holder.core = demo.core;
    server?.sessions.clear();
    old.close();
    process.stdout.write(`Switched to the demo database: ${demoFile}\n`);
  };
  const opened = openPreviewCore(options.dbFile, { demo: options.demo, runtime: { transport: 'preview', keyWarning: null, openDemo } });
  holder.core = opened.core;
  try {
    await ensureRendererBuilt(RENDERER_DIR, (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    holder.core.close();
    throw new CliError((error as Error).message);
  }
  try {
    server = await startPreviewServer({
      dispatch: (principal, name, input) => holder.core.dispatch(principal, name, input),
      db: () => holder.core.ctx.db,
      staticDir: RENDERER_DIR,
      port: options.port,
      downloads: { folder: () => previewDownloadsFolder(holder.core.ctx.dbFile) },
    });
  } catch (error) {
    holder.core.close();
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new CliError(`Port ${options.port} is already in use; choose another with --port, or leave it out for a free one.`);
    throw new CliError(e.message);
  }
  const running = server;
  process.stdout.write(`Plumbline preview: ${running.url}\n`);
  process.stdout.write(`Database: ${options.dbFile}${exists ? '' : ' (new demo database)'}\n`);
  process.stdout.write('Press Ctrl+C to stop.\n');
  // Today's backup (first open of the London day) on a worker thread: the first page does not wait for it.
  void backupInBackground(options.dbFile, opened.key, opened.core.ctx.now()).then((backup) => {
    if (backup.written) process.stdout.write(`Today's backup: ${backup.written}\n`);
    if (backup.warning) process.stdout.write(`Warning: ${backup.warning}\n`);
  });
  const stop = async (signal: string) => {
    process.stdout.write(`\nStopping (${signal})…\n`);
    await running.close();
    holder.core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
