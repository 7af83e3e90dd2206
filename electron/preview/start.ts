import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core/index';
import { DatabaseOpenError } from '../core/db/errors';
import { resolveKey } from '../core/keys';
import { generateDemo } from '../core/demo/generate';
import { CliError } from '../cli/common';
import { backupOnFirstOpenOfDay } from '../core/db/backups';
import { recoveryFor, withRecovery } from '../core/db/recovery';
import { ensureRendererBuilt } from './ensureBuilt';
import { startPreviewServer } from './server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_DIR = process.env.PLUMBLINE_RENDERER_DIR ? path.resolve(process.env.PLUMBLINE_RENDERER_DIR) : path.join(root, 'out', 'renderer');

/** Opens the database, starts the preview server, prints its address first, and stops cleanly on a signal. */
export async function startPreview(options: { dbFile: string; port: number; demo: boolean }): Promise<void> {
  const exists = fs.existsSync(options.dbFile);
  if (!exists && !options.demo) throw new CliError(`No database at ${options.dbFile}. Create one with "plumbline demo --db ${options.dbFile}", or add --demo.`);
  let core;
  let key = '';
  fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  try {
    const resolved = resolveKey(options.dbFile, { create: !exists });
    key = resolved.key;
    core = createCore({ dbFile: options.dbFile, key, create: !exists, runtime: { transport: 'preview', keyWarning: resolved.warning } });
  } catch (error) {
    // A damaged database: the start message names the newest good backup and the command that restores it.
    if (error instanceof DatabaseOpenError) throw new CliError(withRecovery(error.message, key ? recoveryFor(options.dbFile, key, error) : null));
    throw error;
  }
  if (!exists) generateDemo(core.ctx, { seed: 2026 });
  const backup = backupOnFirstOpenOfDay(core.ctx.db, options.dbFile, key, core.ctx.now());
  try {
    await ensureRendererBuilt(RENDERER_DIR, (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    core.close();
    throw new CliError((error as Error).message);
  }
  let server;
  try {
    server = await startPreviewServer({ dispatch: core.dispatch, staticDir: RENDERER_DIR, port: options.port });
  } catch (error) {
    core.close();
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new CliError(`Port ${options.port} is already in use; choose another with --port, or leave it out for a free one.`);
    throw new CliError(e.message);
  }
  process.stdout.write(`Plumbline preview: ${server.url}\n`);
  process.stdout.write(`Database: ${options.dbFile}${exists ? '' : ' (new demo database)'}\n`);
  if (backup.written) process.stdout.write(`Today's backup: ${backup.written}\n`);
  if (backup.warning) process.stdout.write(`Warning: ${backup.warning}\n`);
  process.stdout.write('Press Ctrl+C to stop.\n');
  const stop = async (signal: string) => {
    process.stdout.write(`\nStopping (${signal})…\n`);
    await server.close();
    core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
