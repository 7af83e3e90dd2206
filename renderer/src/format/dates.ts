/** The one place the renderer turns dates into text: 23 Nov 2026 (London calendar), or a dash. */
import { formatUkDate, formatUkDateTime, londonDate, parseUkDate, todayInLondon, toLondonDate } from '../../../shared/domain/dates';

/** A calendar date (YYYY-MM-DD) or an instant (read in London) as "23 Nov 2026"; `none` when empty. */
export function ukDate(value: string | null | undefined, none = '—'): string {
  if (!value) return none;
  try {
    return formatUkDate(toLondonDate(value));
  } catch {
    return value;
  }
}

/** An instant as "23 Nov 2026, 14:02" (London wall clock). */
export function ukDateTime(value: string | null | undefined, none = '—'): string {
  if (!value) return none;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : formatUkDateTime(d);
}

/** What a person typed in a date box, as YYYY-MM-DD; '' stays null; anything else is undefined (not a date). */
export function dateInput(text: string): string | null | undefined {
  const t = text.trim();
  if (!t) return null;
  return parseUkDate(t) ?? undefined;
}

/** A stored date shown back in its box for editing ("23 Nov 2026"), or ''. */
export const dateForInput = (iso: string | null | undefined): string => (iso ? ukDate(iso, '') : '');

/** An instant as "10:42" when it is today in London, else "23 Nov 2026, 10:42". */
export function ukWhen(value: string, now: Date = new Date()): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  const full = formatUkDateTime(at);
  return londonDate(at) === todayInLondon(now) ? full.slice(full.indexOf(', ') + 2) : full;
}
