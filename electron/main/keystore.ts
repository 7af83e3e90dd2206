import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { generateKey, keyFileFor } from '../core/keys';

export interface StoredKey {
  key: string;
  warning: string | null;
}

/**
 * The database key, generated once and kept encrypted by the operating system (safeStorage).
 * Warns when the OS only offers its basic text backend (Linux without a keyring).
 */
export function loadOrCreateKey(userData: string, dbFile: string): StoredKey {
  const sealed = path.join(userData, 'plumbline.key.sealed');
  let warning: string | null = null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    warning = 'Your system has no keyring, so the database key is protected only weakly. Install and unlock a keyring (GNOME Keyring or KWallet) to protect it properly.';
    console.warn(`[plumbline] ${warning}`);
  }
  if (fs.existsSync(sealed)) return { key: safeStorage.decryptString(fs.readFileSync(sealed)), warning };
  // A database made by the command line has a key file beside it: adopt it into safe storage.
  const plain = keyFileFor(dbFile);
  const key = fs.existsSync(plain) ? fs.readFileSync(plain, 'utf8').trim() : generateKey();
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error('The operating system cannot protect the database key (safe storage is unavailable).');
  }
  fs.mkdirSync(userData, { recursive: true });
  fs.writeFileSync(sealed, safeStorage.encryptString(key), { mode: 0o600 });
  return { key, warning };
}
