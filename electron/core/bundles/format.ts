/**
 * The `.plb` exchange bundle file, byte by byte:
 *
 *   magic      8 bytes   89 'P' 'L' 'B' 0D 0A 1A 0A   (a damaged transfer shows at once)
 *   version    1 byte    1
 *   headerLen  4 bytes   big-endian
 *   header     JSON (UTF-8): who sent it (device id + Ed25519 public key, person), to whom
 *              (person id + the X25519 key it was sealed to), bundle number, date,
 *              ephemeral key and nonce
 *   cipherLen  4 bytes   big-endian
 *   cipher     XChaCha20-Poly1305 of the gzipped JSON payload, header (magic..header) as AAD
 *   signature  64 bytes  Ed25519 by the sending device over everything before it
 *
 * Nothing may follow the signature. `readBundle` checks the structure and the signature;
 * `openPayload` decrypts for the recipient. Every failure is a BundleError with one clear line.
 */
import zlib from 'node:zlib';
import { z } from 'zod';
import type { Change } from '../../../shared/sync/change';
import { BundleError } from './errors';
import { fromB64, KEY_BYTES, NONCE_BYTES, newSeal, open, openWithKey, seal, sealWithKey, sign, SIGNATURE_BYTES, toB64, verify } from './crypto';

export const MAGIC = Uint8Array.from([0x89, 0x50, 0x4c, 0x42, 0x0d, 0x0a, 0x1a, 0x0a]);
export const FORMAT_VERSION = 1;
const MAX_HEADER = 64 * 1024;
/** A bundle's payload may hold years of a team's work, but not a zip bomb. */
const MAX_PAYLOAD = 1024 * 1024 * 1024;

const HeaderSchema = z.strictObject({
  kind: z.literal('changes'),
  bundleId: z.string().min(1).max(64),
  bundleSeq: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  sender: z.strictObject({
    deviceId: z.string().min(1).max(64),
    signKey: z.string(),
    personId: z.string().min(1).max(64).nullable(),
    name: z.string().max(200),
  }),
  recipient: z.strictObject({
    personId: z.string().min(1).max(64),
    name: z.string().max(200),
    /** The X25519 key it is sealed to; absent for an invitation (sealed with a key from its code). */
    boxKey: z.string().optional(),
  }),
  /** An invitation to join the team: sealed with a key derived from a one-time code. */
  invitation: z.strictObject({ id: z.string().min(1).max(64), salt: z.string(), expiresAt: z.iso.datetime() }).optional(),
  /** From a laptop that joined by invitation: its keys, with proof that it holds the code. */
  enrol: z.strictObject({ invitationId: z.string().min(1).max(64), boxKey: z.string(), proof: z.string() }).optional(),
  ephemeralKey: z.string().optional(),
  nonce: z.string(),
});
export type BundleHeader = z.infer<typeof HeaderSchema>;

/** A version vector: for each device, the highest sequence number covered. */
export type Cursor = Record<string, number>;

export interface BundlePayload {
  changes: Change[];
  /** What the recipient holds from the sender's point of view once this bundle is imported. */
  cursor: Cursor;
}

const ChangeSchema = z.object({
  deviceId: z.string().min(1),
  deviceSeq: z.number().int().positive(),
  hlc: z.string(),
  personId: z.string().nullable(),
  personName: z.string(),
  table: z.string(),
  key: z.string(),
  op: z.enum(['insert', 'set', 'delete', 'event']),
  column: z.string().nullable(),
  value: z.unknown(),
  base: z.string().nullable().optional(),
  prevHash: z.string(),
  hash: z.string(),
});
const PayloadSchema = z.strictObject({
  changes: z.array(ChangeSchema),
  cursor: z.record(z.string(), z.number().int().nonnegative()),
});

/** Sealed to a person's box key, or (an invitation) with a key derived from its code. */
export type SealTo = { boxKey: Uint8Array } | { codeKey: Uint8Array };

export interface SealInput {
  header: Omit<BundleHeader, 'ephemeralKey' | 'nonce' | 'kind'>;
  payload: BundlePayload;
  to: SealTo;
  senderSignSecret: Uint8Array;
}

const u32 = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
};

/** Builds the bytes of a bundle. */
export function writeBundle(input: SealInput): Uint8Array {
  const box = newSeal();
  const header: BundleHeader = {
    kind: 'changes',
    ...input.header,
    ...('boxKey' in input.to ? { ephemeralKey: toB64(box.ephemeralPublic) } : {}),
    nonce: toB64(box.nonce),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(HeaderSchema.parse(header)));
  const aad = Buffer.concat([MAGIC, Uint8Array.of(FORMAT_VERSION), u32(headerBytes.length), headerBytes]);
  const plain = zlib.gzipSync(JSON.stringify(input.payload));
  const cipher =
    'boxKey' in input.to
      ? seal(plain, input.to.boxKey, box.ephemeralSecret, box.nonce, aad)
      : sealWithKey(plain, input.to.codeKey, box.nonce, aad);
  const signed = Buffer.concat([aad, u32(cipher.length), cipher]);
  return Buffer.concat([signed, sign(signed, input.senderSignSecret)]);
}

export interface ReadBundle {
  header: BundleHeader;
  senderSignKey: Uint8Array;
  /** The header bytes (magic to header), the AEAD's associated data. */
  aad: Uint8Array;
  cipher: Uint8Array;
}

/** Checks the structure and the sender's signature. Does not decide whether the sender is trusted. */
export function readBundle(bytes: Uint8Array): ReadBundle {
  const damaged = (why: string): BundleError =>
    new BundleError('DAMAGED', `This bundle is damaged or has been altered (${why}); nothing was imported. Ask the sender to export it again.`);
  if (bytes.length < MAGIC.length || !MAGIC.every((b, i) => bytes[i] === b)) {
    throw new BundleError('NOT_A_BUNDLE', 'This file is not a Plumbline exchange bundle (.plb); nothing was imported.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 13) throw damaged('it is cut short');
  const version = bytes[8];
  if (version !== FORMAT_VERSION) {
    throw new BundleError('UNSUPPORTED_VERSION', `This bundle is format version ${version}; this Plumbline reads version ${FORMAT_VERSION}. Nothing was imported.`);
  }
  const headerLen = view.getUint32(9);
  if (headerLen > MAX_HEADER || 13 + headerLen + 4 > bytes.length) throw damaged('its header length is wrong');
  const headerEnd = 13 + headerLen;
  const cipherLen = view.getUint32(headerEnd);
  const cipherStart = headerEnd + 4;
  if (cipherStart + cipherLen + SIGNATURE_BYTES !== bytes.length) throw damaged('its length does not match its contents');
  let header: BundleHeader;
  try {
    header = HeaderSchema.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(13, headerEnd))));
  } catch {
    throw damaged('its header cannot be read');
  }
  const senderSignKey = fromB64(header.sender.signKey, KEY_BYTES);
  const sealedToPerson = header.invitation === undefined;
  const keysOk = sealedToPerson
    ? !!fromB64(header.recipient.boxKey, KEY_BYTES) && !!fromB64(header.ephemeralKey, KEY_BYTES)
    : header.recipient.boxKey === undefined && header.ephemeralKey === undefined && !!fromB64(header.invitation!.salt, 16);
  if (!senderSignKey || !keysOk || !fromB64(header.nonce, NONCE_BYTES)) throw damaged('a key in its header is malformed');
  if (header.enrol && (!fromB64(header.enrol.boxKey, KEY_BYTES) || !fromB64(header.enrol.proof, 32))) throw damaged('a key in its header is malformed');
  const signedEnd = cipherStart + cipherLen;
  if (!verify(bytes.subarray(signedEnd), bytes.subarray(0, signedEnd), senderSignKey)) {
    throw new BundleError('BAD_SIGNATURE', 'The signature on this bundle does not match its contents: it was altered or damaged after it was sent. Nothing was imported.');
  }
  return { header, senderSignKey, aad: bytes.subarray(0, headerEnd), cipher: bytes.subarray(cipherStart, signedEnd) };
}

/** Decrypts and parses the payload with the recipient's private box key, or an invitation's code key. */
export function openPayload(bundle: ReadBundle, key: { boxSecret: Uint8Array } | { codeKey: Uint8Array }): BundlePayload {
  const nonce = fromB64(bundle.header.nonce, NONCE_BYTES)!;
  let plain: Uint8Array | null = null;
  if ('boxSecret' in key && bundle.header.ephemeralKey) {
    plain = open(bundle.cipher, key.boxSecret, { ephemeralPublic: fromB64(bundle.header.ephemeralKey, KEY_BYTES)!, nonce }, bundle.aad);
  } else if ('codeKey' in key && bundle.header.invitation) {
    plain = openWithKey(bundle.cipher, key.codeKey, nonce, bundle.aad);
  }
  if (!plain) {
    throw new BundleError(
      'CANNOT_DECRYPT',
      'codeKey' in key
        ? 'This invitation cannot be opened with that code: check the code with the QA lead who sent it. Nothing was imported.'
        : 'This bundle cannot be decrypted with this person\'s key: it was sealed to another key, or altered. Nothing was imported.',
    );
  }
  try {
    const json = zlib.gunzipSync(plain, { maxOutputLength: MAX_PAYLOAD }).toString('utf8');
    return PayloadSchema.parse(JSON.parse(json)) as BundlePayload;
  } catch {
    throw new BundleError('DAMAGED', 'The contents of this bundle cannot be read; nothing was imported. Ask the sender to export it again.');
  }
}
