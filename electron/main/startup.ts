import type { Core } from '../core/index';
import { recoveryFor, type RecoveryAdvice } from '../core/db/recovery';
import { restoreBackup } from '../core/db/restore';

export type RecoveryChoice = 'restore' | 'quit';

export interface StartupHooks {
  /** Opens the database (createCore). */
  open(): Core;
  /** Asks the person (Electron: a dialog) whether to restore the newest good backup. */
  askToRestore(problem: string, advice: RecoveryAdvice): RecoveryChoice;
  /** Tells the person the database cannot be opened and there is no backup to offer. */
  tellCannotOpen(problem: string): void;
}

/**
 * Opens the database for the desktop app. When it is damaged and a good backup exists, offers a
 * one-step restore (the replaced file is kept as .before-restore) and opens the restored file.
 * Returns null when the app should quit.
 */
export function openOrOfferRestore(dbFile: string, key: string, hooks: StartupHooks): { core: Core; restoredFrom: string | null } | null {
  try {
    return { core: hooks.open(), restoredFrom: null };
  } catch (error) {
    const problem = (error as Error).message;
    const advice = recoveryFor(dbFile, key, error);
    if (!advice) {
      hooks.tellCannotOpen(problem);
      return null;
    }
    if (hooks.askToRestore(problem, advice) !== 'restore') return null;
    restoreBackup(dbFile, advice.backup, key);
    return { core: hooks.open(), restoredFrom: advice.backup };
  }
}
