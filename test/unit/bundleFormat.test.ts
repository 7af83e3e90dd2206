import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, invitationKeys, newBoxKeyPair, newInvitationCode, newSigningKeyPair, normaliseInvitationCode, toB64 } from '../../electron/core/bundles/crypto';
import { BundleError } from '../../electron/core/bundles/errors';
import { openPayload, readBundle, writeBundle, type BundlePayload } from '../../electron/core/bundles/format';
import type { Change } from '../../shared/sync/change';

const device = newSigningKeyPair();
const moderator = newBoxKeyPair();

function change(seq: number): Change {
  return {
    deviceId: 'dev-a',
    deviceSeq: seq,
    hlc: `2026-12-02T10:00:00.000Z-000${seq}-dev-a`,
    personId: 'p-auditor',
    personName: 'Sam Jones',
    table: 'audits',
    key: 'audit-1',
    op: 'set',
    column: 'key_findings',
    value: `Finding ${seq}: the child was seen alone.`,
    base: null,
    prevHash: 'x'.repeat(64),
    hash: 'y'.repeat(64),
  };
}

const payload: BundlePayload = { changes: [change(1), change(2)], cursor: { 'dev-a': 2 } };

function makeBundle(to = moderator.publicKey): Uint8Array {
  return writeBundle({
    header: {
      bundleId: '0193a0a0-0000-7000-8000-000000000001',
      bundleSeq: 1,
      createdAt: '2026-12-02T10:00:00.000Z',
      sender: { deviceId: 'dev-a', signKey: toB64(device.publicKey), personId: 'p-auditor', name: 'Sam Jones' },
      recipient: { personId: 'p-moderator', name: 'Alex Moderator', boxKey: toB64(to) },
    },
    payload,
    to: { boxKey: to },
    senderSignSecret: device.secretKey,
  });
}

function refusal(fn: () => unknown): BundleError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('bundle format', () => {
  it('round-trips: the recipient reads exactly what was sealed', () => {
    const bytes = makeBundle();
    const read = readBundle(bytes);
    expect(read.header.sender.deviceId).toBe('dev-a');
    expect(read.header.recipient.personId).toBe('p-moderator');
    expect(openPayload(read, { boxSecret: moderator.secretKey })).toEqual(payload);
  });

  it('hides the changes: no finding text appears in the file', () => {
    const text = Buffer.from(makeBundle()).toString('latin1');
    expect(text).not.toContain('child was seen');
    expect(text).not.toContain('key_findings');
  });

  it('uses a fresh ephemeral key and nonce for every bundle', () => {
    const a = readBundle(makeBundle()).header;
    const b = readBundle(makeBundle()).header;
    expect(a.ephemeralKey).not.toBe(b.ephemeralKey);
    expect(a.nonce).not.toBe(b.nonce);
  });

  it('cannot be opened with another person\'s key', () => {
    const other = newBoxKeyPair();
    expect(refusal(() => openPayload(readBundle(makeBundle()), { boxSecret: other.secretKey })).reason).toBe('CANNOT_DECRYPT');
  });

  it('refuses a file that is not a bundle, and one cut short or extended', () => {
    expect(refusal(() => readBundle(new TextEncoder().encode('Dear Sam, please find attached'))).reason).toBe('NOT_A_BUNDLE');
    const bytes = makeBundle();
    expect(refusal(() => readBundle(bytes.subarray(0, bytes.length - 1))).reason).toBe('DAMAGED');
    expect(refusal(() => readBundle(Buffer.concat([bytes, Uint8Array.of(0)]))).reason).toBe('DAMAGED');
  });

  it('refuses a bundle whose signature was made by another key (a forged sender)', () => {
    const bytes = makeBundle();
    const forger = newSigningKeyPair();
    const read = readBundle(bytes);
    // Re-sign the same contents with the forger's key but keep the genuine device key in the header.
    const forged = writeBundle({
      header: { ...read.header, sender: { ...read.header.sender } },
      payload,
      to: { boxKey: moderator.publicKey },
      senderSignSecret: forger.secretKey,
    });
    expect(refusal(() => readBundle(forged)).reason).toBe('BAD_SIGNATURE');
  });

  it('refuses the bundle with one byte changed at any position, whatever the change', () => {
    const bytes = makeBundle();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (position, xor) => {
        const tampered = Uint8Array.from(bytes);
        tampered[position] ^= xor;
        const error = refusal(() => openPayload(readBundle(tampered), { boxSecret: moderator.secretKey }));
        expect(error.message).toMatch(/nothing was imported/i);
        expect(error.message.split('\n')).toHaveLength(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every single-byte flip, position by position', () => {
    const bytes = makeBundle();
    for (let position = 0; position < bytes.length; position++) {
      const tampered = Uint8Array.from(bytes);
      tampered[position] ^= 0x01;
      expect(() => openPayload(readBundle(tampered), { boxSecret: moderator.secretKey }), `byte ${position}`).toThrow(BundleError);
    }
  });

  it('gives a fingerprint people can read aloud', () => {
    expect(fingerprint(device.publicKey)).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
  });

  it('seals an invitation with a key from its code: the right code opens it, a wrong one is refused', () => {
    const code = newInvitationCode();
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$/);
    const salt = new Uint8Array(16).fill(7);
    const { fileKey } = invitationKeys(code, salt);
    const bytes = writeBundle({
      header: {
        bundleId: '0193a0a0-0000-7000-8000-000000000002',
        bundleSeq: 2,
        createdAt: '2026-12-02T10:00:00.000Z',
        sender: { deviceId: 'dev-lead', signKey: toB64(device.publicKey), personId: 'p-lead', name: 'Jo Lead' },
        recipient: { personId: 'p-auditor', name: 'Sam Jones' },
        invitation: { id: 'inv-1', salt: toB64(salt), expiresAt: '2026-12-09T10:00:00.000Z' },
      },
      payload,
      to: { codeKey: fileKey },
      senderSignSecret: device.secretKey,
    });
    const read = readBundle(bytes);
    // Typed as people do: lower case, spaces instead of dashes.
    const typed = code.toLowerCase().replace(/-/g, ' ');
    expect(normaliseInvitationCode(typed)).toBe(code.replace(/-/g, ''));
    expect(openPayload(read, { codeKey: invitationKeys(typed, salt).fileKey })).toEqual(payload);
    const wrong = invitationKeys(newInvitationCode(), salt).fileKey;
    expect(refusal(() => openPayload(read, { codeKey: wrong })).message).toMatch(/cannot be opened with that code/);
  });
});
