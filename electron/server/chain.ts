import { createHash } from 'node:crypto';
import type { Change } from '../../shared/sync/change';

/** The hash a device's first change links to. */
export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** SHA-256 (hex) over prevHash and the canonical JSON of every other field (change.ts). */
export function changeHash(c: Omit<Change, 'hash'>): string {
  const { prevHash, ...fields } = c as Change;
  delete (fields as Partial<Change>).hash;
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}
