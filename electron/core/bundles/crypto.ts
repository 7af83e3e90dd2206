/**
 * The cryptography of exchange bundles, and nothing else: key pairs, sealing a payload to a
 * person and signing it with a device's key, checking and opening it. Everything comes from the
 * audited @noble libraries; there is no home-made primitive here.
 *
 * - A device signs with Ed25519.
 * - A payload is encrypted to a person's X25519 public key: a fresh ephemeral X25519 key per
 *   bundle, ECDH, HKDF-SHA256 (salt = ephemeral public key ‖ recipient public key) to a 32-byte
 *   key, XChaCha20-Poly1305 with a random 24-byte nonce and the bundle's header as associated data.
 */
import { scryptSync, timingSafeEqual } from 'node:crypto';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export interface KeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

const SIGN_CONTEXT = utf8ToBytes('plumbline bundle v1 signature\u0000');
const HKDF_INFO = utf8ToBytes('plumbline bundle v1 payload key');
export const NONCE_BYTES = 24;
export const SIGNATURE_BYTES = 64;
export const KEY_BYTES = 32;

export const newSigningKeyPair = (): KeyPair => ed25519.keygen();
export const newBoxKeyPair = (): KeyPair => x25519.keygen();
export const signingPublicKey = (secretKey: Uint8Array): Uint8Array => ed25519.getPublicKey(secretKey);
export const boxPublicKey = (secretKey: Uint8Array): Uint8Array => x25519.getPublicKey(secretKey);

export function sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return ed25519.sign(concatBytes(SIGN_CONTEXT, message), secretKey);
}

/** False for a wrong signature and for a malformed key or signature (never throws). */
export function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== KEY_BYTES) return false;
  try {
    return ed25519.verify(signature, concatBytes(SIGN_CONTEXT, message), publicKey);
  } catch {
    return false;
  }
}

function payloadKey(shared: Uint8Array, ephemeralPublic: Uint8Array, recipientPublic: Uint8Array): Uint8Array {
  return hkdf(sha256, shared, concatBytes(ephemeralPublic, recipientPublic), HKDF_INFO, 32);
}

export interface SealedBox {
  ephemeralPublic: Uint8Array;
  nonce: Uint8Array;
}

/** A fresh ephemeral key and nonce for one bundle (they go in its header, before sealing). */
export function newSeal(): SealedBox & { ephemeralSecret: Uint8Array } {
  const eph = x25519.keygen();
  return { ephemeralSecret: eph.secretKey, ephemeralPublic: eph.publicKey, nonce: randomBytes(NONCE_BYTES) };
}

export function seal(plain: Uint8Array, recipientPublic: Uint8Array, ephemeralSecret: Uint8Array, nonce: Uint8Array, aad: Uint8Array): Uint8Array {
  const ephemeralPublic = x25519.getPublicKey(ephemeralSecret);
  const shared = x25519.getSharedSecret(ephemeralSecret, recipientPublic);
  return xchacha20poly1305(payloadKey(shared, ephemeralPublic, recipientPublic), nonce, aad).encrypt(plain);
}

/** The plaintext, or null when the key is wrong or anything (ciphertext, header) was altered. */
export function open(cipher: Uint8Array, recipientSecret: Uint8Array, box: SealedBox, aad: Uint8Array): Uint8Array | null {
  if (box.ephemeralPublic.length !== KEY_BYTES || box.nonce.length !== NONCE_BYTES) return null;
  try {
    const shared = x25519.getSharedSecret(recipientSecret, box.ephemeralPublic);
    const recipientPublic = x25519.getPublicKey(recipientSecret);
    return xchacha20poly1305(payloadKey(shared, box.ephemeralPublic, recipientPublic), box.nonce, aad).decrypt(cipher);
  } catch {
    return null;
  }
}

/** A short fingerprint people can read to each other: 8 groups of 4 hex digits of SHA-256. */
export function fingerprint(publicKey: Uint8Array): string {
  const hex = Buffer.from(sha256(publicKey)).toString('hex').slice(0, 32).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

export const toB64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
export function fromB64(text: unknown, bytes: number): Uint8Array | null {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const out = new Uint8Array(Buffer.from(text, 'base64url'));
  return out.length === bytes && toB64(out) === text ? out : null;
}

// ---- Invitation codes: how a new laptop first trusts its team (docs/decisions.md, "Bundle keys") ----

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U
const INVITE_INFO = utf8ToBytes('plumbline invitation v1');

/** A one-time invitation code: 20 characters (100 bits) shown as 5 groups of 4. */
export function newInvitationCode(): string {
  const bytes = randomBytes(20);
  const chars = Array.from(bytes, (b) => CODE_ALPHABET[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The code as typed (any case, spaces or dashes, O for 0, I/L for 1), or null when it cannot be one. */
export function normaliseInvitationCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return s.length === 20 && [...s].every((c) => CODE_ALPHABET.includes(c)) ? s : null;
}

/** Two keys from a code: one seals the invitation file, the other proves the reply came from its holder. */
export function invitationKeys(code: string, salt: Uint8Array): { fileKey: Uint8Array; proofKey: Uint8Array } {
  const normal = normaliseInvitationCode(code);
  if (!normal) throw new Error('Not an invitation code.');
  const stretched = scryptSync(normal, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  const okm = hkdf(sha256, stretched, salt, INVITE_INFO, 64);
  return { fileKey: okm.subarray(0, 32), proofKey: okm.subarray(32) };
}

export function sealWithKey(plain: Uint8Array, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array): Uint8Array {
  return xchacha20poly1305(key, nonce, aad).encrypt(plain);
}

export function openWithKey(cipher: Uint8Array, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array): Uint8Array | null {
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(cipher);
  } catch {
    return null;
  }
}

/** What a joined laptop's first bundles carry so the inviting QA lead's laptop can register it. */
export function enrolProof(proofKey: Uint8Array, fields: { invitationId: string; personId: string; deviceId: string; signKey: string; boxKey: string }): string {
  const text = ['plumbline enrol v1', fields.invitationId, fields.personId, fields.deviceId, fields.signKey, fields.boxKey].join('\n');
  return toB64(hmac(sha256, proofKey, utf8ToBytes(text)));
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
