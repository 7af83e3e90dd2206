import { recoveryFor, withRecovery } from '../core/db/recovery';
import { CliError } from './common';

/**
 * Runs `open`; when the database is refused because it is damaged, the error names the newest
 * good backup and the exact `plumbline restore …` command to run.
 */
export function explainOpenFailure<T>(file: string, key: string, open: () => T): T {
  try {
    return open();
  } catch (error) {
    const advice = recoveryFor(file, key, error);
    if (advice) throw new CliError(withRecovery((error as Error).message, advice));
    throw error;
  }
}
