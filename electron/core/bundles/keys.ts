/**
 * This laptop's bundle keys. The private halves live only in local tables of the encrypted
 * database (never in the history, never in a change, never in a bundle):
 * - one Ed25519 signing key for the device, made the first time it is needed;
 * - one X25519 box key for each person who receives bundles on this laptop (made when the
 *   laptop is set up for that person: the standalone database's QA lead, or the person who
 *   joined by invitation).
 * Public keys reach other laptops through the people list: `devices.sign_key` and
 * `users.public_key`, both written by a QA lead (see docs/decisions.md, "Bundle keys").
 */
import type { Db } from '../db/open';
import { prepared } from '../write';
import { boxPublicKey, fromB64, KEY_BYTES, newBoxKeyPair, newSigningKeyPair, toB64 } from './crypto';

export interface DeviceKey {
  deviceId: string;
  signSecret: Uint8Array;
  signPublic: Uint8Array;
}

export interface PersonKey {
  personId: string;
  boxSecret: Uint8Array;
  boxPublic: Uint8Array;
}

/** The device's signing key, made (outside the history: it is secret and local) when missing. */
export function deviceKey(db: Db, deviceId: string, now: Date): DeviceKey {
  const row = prepared(db, 'SELECT sign_secret, sign_public FROM bundle_device_key WHERE device_id = ?').get(deviceId) as
    | { sign_secret: Buffer; sign_public: string }
    | undefined;
  if (row) return { deviceId, signSecret: new Uint8Array(row.sign_secret), signPublic: fromB64(row.sign_public, KEY_BYTES)! };
  const pair = newSigningKeyPair();
  prepared(db, 'INSERT INTO bundle_device_key (device_id, sign_secret, sign_public, created_at) VALUES (?, ?, ?, ?)').run(
    deviceId,
    Buffer.from(pair.secretKey),
    toB64(pair.publicKey),
    now.toISOString(),
  );
  return { deviceId, signSecret: pair.secretKey, signPublic: pair.publicKey };
}

/** The next bundle number of this device (1, 2, 3…), counted in the same transaction as the export. */
export function nextBundleSeq(db: Db, deviceId: string): number {
  prepared(db, 'UPDATE bundle_device_key SET bundles_made = bundles_made + 1 WHERE device_id = ?').run(deviceId);
  return (prepared(db, 'SELECT bundles_made FROM bundle_device_key WHERE device_id = ?').get(deviceId) as { bundles_made: number }).bundles_made;
}

export function personKey(db: Db, personId: string): PersonKey | null {
  const row = prepared(db, 'SELECT box_secret, box_public FROM bundle_person_keys WHERE person_id = ?').get(personId) as
    | { box_secret: Buffer; box_public: string }
    | undefined;
  return row ? { personId, boxSecret: new Uint8Array(row.box_secret), boxPublic: fromB64(row.box_public, KEY_BYTES)! } : null;
}

/** The person's box key on this laptop, made when missing. */
export function ensurePersonKey(db: Db, personId: string, now: Date): PersonKey {
  const existing = personKey(db, personId);
  if (existing) return existing;
  const pair = newBoxKeyPair();
  prepared(db, 'INSERT INTO bundle_person_keys (person_id, box_secret, box_public, created_at) VALUES (?, ?, ?, ?)').run(
    personId,
    Buffer.from(pair.secretKey),
    toB64(pair.publicKey),
    now.toISOString(),
  );
  return { personId, boxSecret: pair.secretKey, boxPublic: boxPublicKey(pair.secretKey) };
}

/** Everyone whose private box key is on this laptop (the people a bundle may be addressed to here). */
export function localPeople(db: Db): string[] {
  return (prepared(db, 'SELECT person_id FROM bundle_person_keys ORDER BY created_at').all() as { person_id: string }[]).map((r) => r.person_id);
}

export interface KnownDevice {
  deviceId: string;
  personId: string;
  signKey: string;
  how: 'registered' | 'pinned';
}

/**
 * A device this laptop accepts bundles from: registered in the replicated `devices` list (by a QA
 * lead; not revoked), or pinned here by an invitation code.
 */
export function knownDevice(db: Db, deviceId: string): KnownDevice | null {
  const reg = prepared(db, 'SELECT person_id, sign_key FROM devices WHERE id = ? AND revoked_at IS NULL').get(deviceId) as
    | { person_id: string; sign_key: string }
    | undefined;
  if (reg) return { deviceId, personId: reg.person_id, signKey: reg.sign_key, how: 'registered' };
  const pin = prepared(db, 'SELECT person_id, sign_key FROM bundle_pinned_devices WHERE device_id = ?').get(deviceId) as
    | { person_id: string; sign_key: string }
    | undefined;
  return pin ? { deviceId, personId: pin.person_id, signKey: pin.sign_key, how: 'pinned' } : null;
}
