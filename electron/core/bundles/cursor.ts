/**
 * Bundle cursors and file names. A cursor is a version vector — for each device, the highest
 * change number covered — written as `plb1.` + base64url(JSON) so it survives being pasted into
 * an email or a command line.
 */
import type { Change } from '../../../shared/sync/change';
import type { Cursor } from './format';

const PREFIX = 'plb1.';

export function encodeCursor(cursor: Cursor): string {
  const sorted = Object.fromEntries(Object.entries(cursor).sort(([a], [b]) => a.localeCompare(b)));
  return PREFIX + Buffer.from(JSON.stringify(sorted), 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one (a typo, a truncated paste). */
export function decodeCursor(text: string): Cursor | null {
  const t = text.trim();
  if (!t.startsWith(PREFIX)) return null;
  try {
    const value = JSON.parse(Buffer.from(t.slice(PREFIX.length), 'base64url').toString('utf8')) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const out: Cursor = {};
    for (const [device, seq] of Object.entries(value)) {
      if (!Number.isInteger(seq) || (seq as number) < 0) return null;
      out[device] = seq as number;
    }
    return out;
  } catch {
    return null;
  }
}

/** Whether a change is already covered by a cursor. */
export const covered = (cursor: Cursor, c: Pick<Change, 'deviceId' | 'deviceSeq'>): boolean => c.deviceSeq <= (cursor[c.deviceId] ?? 0);

/** The cursor moved on past these changes. */
export function advance(cursor: Cursor, changes: readonly Pick<Change, 'deviceId' | 'deviceSeq'>[]): Cursor {
  const next = { ...cursor };
  for (const c of changes) if (c.deviceSeq > (next[c.deviceId] ?? 0)) next[c.deviceId] = c.deviceSeq;
  return next;
}

/** `plumbline-to-sam-jones-2026-12-02.plb`: who it is for and when, nothing about any child. */
export function bundleFileName(recipientName: string, day: Date, prefix = 'plumbline-to'): string {
  const slug =
    recipientName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'recipient';
  return `${prefix}-${slug}-${day.toISOString().slice(0, 10)}.plb`;
}
