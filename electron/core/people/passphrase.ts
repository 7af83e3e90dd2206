import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { PASSPHRASE_MIN } from '../../../shared/api/session';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { prepared } from '../write';
import { isCommonPassphrase } from './common-passphrases';

/** argon2id with OWASP's minimum settings (19 MiB, 2 passes, 1 lane); the salt is random per hash. */
const ARGON2ID = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Length and the common list; no composition rules (they make passphrases worse, not better). */
export function assertAcceptablePassphrase(passphrase: string): void {
  if (passphrase.length < PASSPHRASE_MIN) {
    throw new AppError('VALIDATION', `Choose a passphrase of at least ${PASSPHRASE_MIN} characters; a few unrelated words work well.`);
  }
  if (isCommonPassphrase(passphrase)) {
    throw new AppError('VALIDATION', 'That passphrase is on the list of passphrases people most often choose, so it is easy to guess. Choose another: a few unrelated words work well.');
  }
}

export const hashPassphrase = (passphrase: string): Promise<string> => hash(passphrase, ARGON2ID);

/** argon2's own verification (constant-time comparison of the derived keys); false on a malformed hash. */
export async function passphraseMatches(stored: string | null, passphrase: string): Promise<boolean> {
  if (!stored) {
    await verify(DUMMY_HASH, passphrase).catch(() => false); // same work whether or not the person exists
    return false;
  }
  try {
    return await verify(stored, passphrase);
  } catch {
    return false;
  }
}

// A hash of a random string, so an unknown login costs the same time as a known one.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$vdIhcqz4AA2nrtKxRdZVbQ$2mHYWnENqEQbJn6AwJ9PJTIPGlDCipnzRPEtHnEmGZM';

/**
 * Stores a passphrase hash. Written outside the row history on purpose, so that no history row
 * ever carries the hash; the caller records the event ("passphrase changed") in the same transaction.
 */
export function storePassphraseHash(ctx: CoreContext, personId: string, passphraseHash: string, mustChange: boolean): void {
  prepared(ctx.db, 'UPDATE users SET passphrase_hash = ?, must_change_passphrase = ? WHERE id = ?').run(passphraseHash, mustChange ? 1 : 0, personId);
}
