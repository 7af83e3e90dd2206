import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The app and the browser preview mark the database they hold open with `<db>.in-use` (their
 * process id, host and since when), so that `plumbline restore` can refuse to swap the file
 * under a running app. A marker left by a process that no longer runs (a crash, kill -9) is stale
 * and ignored. The command line does not mark: its commands are short and SQLite serialises them.
 */
export interface InUse {
  pid: number;
  host: string;
  since: string;
}

export const inUseName = (dbFile: string): string => `${path.resolve(dbFile)}.in-use`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Who holds the database open now, or null (no marker, or a stale one; another machine's marker, which cannot be checked, counts). */
export function whoHasOpen(dbFile: string): InUse | null {
  let marker: InUse;
  try {
    marker = JSON.parse(fs.readFileSync(inUseName(dbFile), 'utf8')) as InUse;
  } catch {
    return null;
  }
  if (typeof marker.pid !== 'number') return null;
  if (marker.host === os.hostname() && !alive(marker.pid)) return null;
  return marker;
}

/** Marks the database as held by this process; returns the release function (idempotent). */
export function markInUse(dbFile: string, now: Date = new Date()): () => void {
  const file = inUseName(dbFile);
  const mine: InUse = { pid: process.pid, host: os.hostname(), since: now.toISOString() };
  try {
    fs.writeFileSync(file, JSON.stringify(mine), { mode: 0o600 });
  } catch {
    return () => {}; // a read-only folder: nothing to mark, and restore could not write there either
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      const current = JSON.parse(fs.readFileSync(file, 'utf8')) as InUse;
      if (current.pid === mine.pid && current.host === mine.host) fs.rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  };
}
