/**
 * Hashing a change: SHA-256 (hex) over the previous hash and the canonical JSON of every field of
 * the change but its hashes. Canonical JSON sorts object keys, so a value hashes the same wherever
 * it was serialised. Pure (noble-hashes): the laptop, the team server and bundles share it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Change } from './change';

/** The prevHash of a device's first change. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth; undefined object members are left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export type UnhashedChange = Omit<Change, 'hash'>;

/** The exact text that is hashed after `prevHash` and a newline. */
export function changeBody(c: UnhashedChange): string {
  return canonicalJson([c.deviceId, c.deviceSeq, c.hlc, c.personId, c.personName, c.table, c.key, c.op, c.column, c.value ?? null, c.base ?? null]);
}

export function hashChange(c: UnhashedChange): string {
  return bytesToHex(sha256(utf8ToBytes(`${c.prevHash}\n${changeBody(c)}`)));
}

/** Why a change's own hash does not hold, or null when it does. */
export function changeHashProblem(c: Change): string | null {
  if (!/^[0-9a-f]{64}$/.test(c.hash) || !/^[0-9a-f]{64}$/.test(c.prevHash)) return 'its hashes are not 64 hexadecimal characters';
  if (!Number.isInteger(c.deviceSeq) || c.deviceSeq < 1) return 'its device sequence is not a whole number from 1';
  if (c.deviceSeq === 1 && c.prevHash !== GENESIS_HASH) return 'it is the first change of its device but does not start the chain';
  return hashChange(c) === c.hash ? null : 'its contents do not match its hash (it was changed after it was made)';
}
