import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { DatabaseOpenError } from './db/errors';

export const KEY_ENV = 'PLUMBLINE_KEY';

export const keyFileFor = (dbFile: string): string => `${dbFile}.key`;

export const generateKey = (): string => randomBytes(32).toString('hex');

export interface ResolvedKey {
  key: string;
  source: 'env' | 'file' | 'new-file';
  warning: string | null;
}

/**
 * Finds the key for the CLI and the browser preview: the PLUMBLINE_KEY environment variable,
 * else a key file (mode 0600) beside the database. With `create`, makes the key file when
 * neither exists and the database does not exist yet.
 */
export function resolveKey(dbFile: string, options: { create?: boolean; env?: NodeJS.ProcessEnv } = {}): ResolvedKey {
  const env = options.env ?? process.env;
  const fromEnv = env[KEY_ENV]?.trim();
  if (fromEnv) {
    if (!/^[0-9a-f]{64}$/i.test(fromEnv)) throw new DatabaseOpenError('BAD_KEY', `${KEY_ENV} must be 64 hexadecimal characters (32 bytes).`);
    return { key: fromEnv.toLowerCase(), source: 'env', warning: null };
  }
  const keyFile = keyFileFor(dbFile);
  if (fs.existsSync(keyFile)) {
    const key = fs.readFileSync(keyFile, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(key)) throw new DatabaseOpenError('BAD_KEY', `The key file ${keyFile} is damaged: it must hold 64 hexadecimal characters.`);
    let warning: string | null = null;
    if (process.platform !== 'win32' && (fs.statSync(keyFile).mode & 0o077) !== 0) {
      warning = `The key file ${keyFile} can be read by other users of this computer; run "chmod 600 ${keyFile}".`;
    }
    return { key: key.toLowerCase(), source: 'file', warning };
  }
  if (!options.create || fs.existsSync(dbFile)) {
    throw new DatabaseOpenError(
      'WRONG_KEY',
      fs.existsSync(dbFile)
        ? `No key for ${dbFile}: set ${KEY_ENV} or put the key file ${keyFile} beside the database.`
        : `No database at ${dbFile}. Create one with "plumbline demo --db ${dbFile}".`,
    );
  }
  const key = generateKey();
  fs.writeFileSync(keyFile, key + '\n', { mode: 0o600, flag: 'wx' });
  return { key, source: 'new-file', warning: null };
}
