/**
 * Where exports made without a chosen path are written, and how long they stay.
 *
 * - Desktop app and command line: the `exports` folder beside the database (the app shows
 *   where the file is and can show it in its folder).
 * - Browser preview (`plumbline serve`): the `preview-downloads` folder beside the database.
 *   The page downloads the file, so the copy on this computer is only a hand-over: it is
 *   deleted once downloaded, and anything older than 24 hours is swept (on start and every hour).
 *
 * Either folder is mode 0700 and every file written into it 0600 (a CSV export's folder 0700):
 * these files hold children's records, and other accounts on the computer must not read them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CoreContext } from '../context';
import { runtimeInfo } from '../session/current';

export const DOWNLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export const DOWNLOAD_SWEEP_EVERY_MS = 60 * 60 * 1000;

/** The browser preview's hand-over folder for a database file. */
export const previewDownloadsFolder = (dbFile: string): string => path.join(path.dirname(path.resolve(dbFile)), 'preview-downloads');

/** True when exports are handed over by download (browser preview) rather than kept where the app shows them. */
export const downloadsAreHandOvers = (ctx: CoreContext): boolean => runtimeInfo(ctx).transport === 'preview';

/** Where an export made without a chosen path goes for this transport. */
export function exportsFolder(ctx: CoreContext): string {
  if (downloadsAreHandOvers(ctx)) return previewDownloadsFolder(ctx.dbFile);
  return path.join(path.dirname(path.resolve(ctx.dbFile)), 'exports');
}

/** Creates the folder if needed and makes it private (0700), also when it already existed with wider rights. */
export function ensurePrivateFolder(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return dir;
}

/** Makes a finished export private: a file 0600; a folder 0700 and every file in it 0600. */
export function makePrivate(target: string): void {
  const st = fs.lstatSync(target);
  if (st.isDirectory()) {
    fs.chmodSync(target, 0o700);
    for (const name of fs.readdirSync(target)) {
      const inner = path.join(target, name);
      if (fs.lstatSync(inner).isFile()) fs.chmodSync(inner, 0o600);
    }
  } else if (st.isFile()) fs.chmodSync(target, 0o600);
}

/**
 * Deletes everything in the hand-over folder last changed more than `maxAgeMs` ago (a file, or a
 * CSV export's folder). Returns the names removed. A missing folder is nothing to sweep.
 */
export function sweepDownloads(dir: string, nowMs = Date.now(), maxAgeMs = DOWNLOAD_MAX_AGE_MS): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const full = path.join(dir, name);
    try {
      if (nowMs - fs.lstatSync(full).mtimeMs <= maxAgeMs) continue;
      fs.rmSync(full, { recursive: true, force: true });
      removed.push(name);
    } catch {
      /* in use or already gone: the next sweep tries again */
    }
  }
  return removed.sort();
}
