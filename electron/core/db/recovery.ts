import { formatUkDateTime } from '../../../shared/domain/dates';
import { newestGoodBackup } from './backups';
import { DatabaseOpenError } from './errors';

export interface RecoveryAdvice {
  backup: string;
  /** When the backup was written, as '2 Dec 2026, 09:30' (London). */
  made: string;
  /** The one command that restores it. */
  command: string;
}

const quote = (p: string) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `"${p.replace(/(["\\$`])/g, '\\$1')}"`);

/**
 * For a database that could not be opened because it is damaged (corrupted, truncated): the
 * newest backup that opens with the same key and passes quick_check, and the command that
 * restores it. A wrong key finds nothing (no backup opens with it either).
 */
export function recoveryFor(file: string, key: string, error: unknown): RecoveryAdvice | null {
  if (!(error instanceof DatabaseOpenError) || !['CORRUPT', 'WRONG_KEY', 'NOT_PLUMBLINE'].includes(error.code)) return null;
  const good = newestGoodBackup(file, key);
  if (!good) return null;
  return { backup: good.file, made: formatUkDateTime(good.modified), command: `plumbline restore --db ${quote(file)} --from ${quote(good.file)}` };
}

/** The refusal, followed by the newest good backup and how to restore it (when there is one). */
export function withRecovery(message: string, advice: RecoveryAdvice | null): string {
  if (!advice) return message;
  return `${message} The newest good backup is ${advice.backup} (written ${advice.made}). To restore it, run: ${advice.command}`;
}
