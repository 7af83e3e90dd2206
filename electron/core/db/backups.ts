import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { addDays, londonDate, toEpochDay } from '../../../shared/domain/dates';
import { openReadOnly } from './cipher';
import { writeVerifiedCopy } from './snapshot';

type Db = Database.Database;

/** How many of each kind the app keeps (the copies made before an upgrade are kept until removed by hand). */
export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;

/** 'PLBL', as written by migration 1 (kept here too so this module does not import the opener). */
const APPLICATION_ID = 1347243340;

export const backupsFolder = (dbFile: string): string => path.join(path.dirname(path.resolve(dbFile)), 'backups');
const base = (dbFile: string) => path.basename(dbFile);
export const dailyName = (dbFile: string, day: string) => `${base(dbFile)}.daily-${day}.db`;
export const weeklyName = (dbFile: string, monday: string) => `${base(dbFile)}.weekly-${monday}.db`;

/** The Monday (London calendar) of the week holding `day`. */
function mondayOf(day: string): string {
  const dow = (toEpochDay(day) + 3) % 7; // 1970-01-01 was a Thursday; 0 = Monday
  return addDays(day, -dow);
}

function kept(folder: string, prefix: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((n) => n.startsWith(prefix) && /\d{4}-\d{2}-\d{2}\.db$/.test(n))
    .sort()
    .reverse();
}

export interface DailyBackupResult {
  /** The backup written now, or null when today's already existed. */
  written: string | null;
  weekly: string | null;
  removed: string[];
}

/**
 * On the first open of each London day: a verified, encrypted copy in the `backups` folder
 * beside the database; the first of each week is kept as that week's weekly copy too. Keeps
 * the newest 7 daily and 4 weekly copies and removes older ones.
 */
export function dailyBackup(db: Db, dbFile: string, key: string, now: Date = new Date()): DailyBackupResult {
  const folder = backupsFolder(dbFile);
  const day = londonDate(now);
  const daily = path.join(folder, dailyName(dbFile, day));
  const result: DailyBackupResult = { written: null, weekly: null, removed: [] };
  if (fs.existsSync(daily)) return result;
  writeVerifiedCopy(db, key, daily);
  result.written = daily;
  const weekly = path.join(folder, weeklyName(dbFile, mondayOf(day)));
  if (!fs.existsSync(weekly)) {
    // The same verified file under a second name (a hard link; a copy where links are not allowed).
    try {
      fs.linkSync(daily, weekly);
    } catch {
      fs.copyFileSync(daily, `${weekly}.partial`);
      fs.renameSync(`${weekly}.partial`, weekly);
      const { atime, mtime } = fs.statSync(daily);
      fs.utimesSync(weekly, atime, mtime);
    }
    result.weekly = weekly;
  }
  for (const [prefix, keep] of [[`${base(dbFile)}.daily-`, KEEP_DAILY], [`${base(dbFile)}.weekly-`, KEEP_WEEKLY]] as const) {
    for (const old of kept(folder, prefix).slice(keep)) {
      fs.rmSync(path.join(folder, old), { force: true });
      result.removed.push(path.join(folder, old));
    }
  }
  return result;
}

export interface BackupCandidate {
  file: string;
  modified: Date;
}

/** Between copies written at the same moment, name the daily one (the weekly is the same file). */
const rank = (file: string) => (file.includes('.weekly-') ? 1 : 0);

/** Every backup of this database in its backups folder (daily, weekly, before an upgrade), newest first. */
export function listBackups(dbFile: string): BackupCandidate[] {
  const folder = backupsFolder(dbFile);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((n) => n.startsWith(`${base(dbFile)}.`) && n.endsWith('.db'))
    .map((n) => ({ file: path.join(folder, n), modified: fs.statSync(path.join(folder, n)).mtime }))
    .sort((a, b) => b.modified.getTime() - a.modified.getTime() || rank(a.file) - rank(b.file) || b.file.localeCompare(a.file));
}

/** Opens a backup read-only with the key: is it a sound Plumbline file? Never changes it. */
export function backupIsGood(file: string, key: string): boolean {
  let db: Db | undefined;
  try {
    db = openReadOnly(file, key);
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) return false;
    return db.pragma('quick_check', { simple: true }) === 'ok';
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** The newest backup that opens with the key and passes quick_check, or null. */
export function newestGoodBackup(dbFile: string, key: string): BackupCandidate | null {
  for (const candidate of listBackups(dbFile).slice(0, 20)) {
    if (backupIsGood(candidate.file, key)) return candidate;
  }
  return null;
}
