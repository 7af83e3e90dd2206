/**
 * Calendar helpers for the UK. Pure: no Node, no DOM (Intl only).
 *
 * Dates are carried as ISO calendar dates, 'YYYY-MM-DD', with no time zone. An
 * instant (a JavaScript Date) becomes a calendar date only through
 * `londonDate`, which reads the wall clock in Europe/London, so 23:30 UTC on
 * 30 June 2026 (00:30 BST) is 1 July. Calendar arithmetic (`daysBetween`,
 * `addDays`) counts whole days between dates (equivalent to UTC-midnight
 * arithmetic), so the British Summer Time change days are ordinary calendar days
 * (one day each, never 23 or 25 hours' worth).
 * Stored instants must carry 'Z' or an offset: '2026-06-30T10:00' alone would be
 * read in the machine's own time zone by `Date`.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MONTHS_LONG = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

// Creating Intl formatters is slow; build it once.
const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

function validYmd(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) &&
    y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Build 'YYYY-MM-DD' when y/m/d is a real calendar date, else null. */
function makeIso(y: number, m: number, d: number): string | null {
  return validYmd(y, m, d) ? `${y}-${pad2(m)}-${pad2(d)}` : null;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/** Days since the epoch of a 'YYYY-MM-DD' calendar date, or NaN. Hot path: no regex, no Date. */
function epochDay(iso: string): number {
  if (iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return NaN;
  const y = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const m = digit(iso, 5) * 10 + digit(iso, 6);
  const d = digit(iso, 8) * 10 + digit(iso, 9);
  return validYmd(y, m, d) ? daysFromCivil(y, m, d) : NaN;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (for fast arithmetic); throws RangeError otherwise. */
export function toEpochDay(iso: string): number {
  return checkedEpochDay(iso);
}

function checkedEpochDay(iso: string): number {
  const day = epochDay(iso);
  if (Number.isNaN(day)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
  return day;
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(value: string): boolean {
  return !Number.isNaN(epochDay(value));
}

function londonParts(instant: Date): { y: string; m: string; d: string; hh: string; mm: string } {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid date');
  const out = { y: '', m: '', d: '', hh: '', mm: '' };
  for (const p of LONDON_PARTS.formatToParts(instant)) {
    if (p.type === 'year') out.y = p.value;
    else if (p.type === 'month') out.m = p.value;
    else if (p.type === 'day') out.d = p.value;
    else if (p.type === 'hour') out.hh = p.value;
    else if (p.type === 'minute') out.mm = p.value;
  }
  return out;
}

/** London's offset from UTC in minutes at a whole-minute instant, read from Intl. */
function londonOffsetMinutes(ms: number): number {
  const p = londonParts(new Date(ms));
  const wall = (daysFromCivil(Number(p.y), Number(p.m), Number(p.d)) * 1440 + Number(p.hh) * 60 + Number(p.mm)) * 60_000;
  return Math.round((wall - ms) / 60_000);
}

/**
 * Memo per UTC day: London's offset when it is the same all day, or null on a day
 * the clocks change (then we ask Intl about the exact instant). Offsets still come
 * from Intl's time-zone data; this only saves asking 10,000 times for one day.
 */
const offsetByUtcDay = new Map<number, number | null>();

/** The calendar date ('YYYY-MM-DD') of an instant, on the wall clock in Europe/London. */
export function londonDate(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid date');
  const day = Math.floor(t / DAY_MS);
  let offset = offsetByUtcDay.get(day);
  if (offset === undefined) {
    const start = londonOffsetMinutes(day * DAY_MS);
    const end = londonOffsetMinutes(day * DAY_MS + DAY_MS - 60_000);
    offset = start === end ? start : null;
    if (offsetByUtcDay.size > 50_000) offsetByUtcDay.clear();
    offsetByUtcDay.set(day, offset);
  }
  if (offset === null) {
    const p = londonParts(instant);
    return `${p.y}-${p.m}-${p.d}`;
  }
  const local = new Date(t + offset * 60_000);
  return `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`;
}

/** Today's date in London. Impure (reads the clock); pass `now` in tests. */
export function todayInLondon(now: Date = new Date()): string {
  return londonDate(now);
}

/**
 * A stored date or timestamp as a London calendar date: 'YYYY-MM-DD' is returned as
 * it is; anything else is parsed as an ISO instant ('2026-06-30T23:30:00Z') and read
 * in Europe/London. Throws RangeError when it is neither.
 */
export function toLondonDate(dateOrInstant: string): string {
  if (dateOrInstant.length === 10 && ISO_DATE.test(dateOrInstant)) {
    checkedEpochDay(dateOrInstant);
    return dateOrInstant;
  }
  return londonDate(new Date(dateOrInstant));
}

/**
 * Calendar days from `fromIso` to `toIso` (negative when `toIso` is earlier).
 * Time-zone free: 2026-03-28 → 2026-03-30 is 2 even though the clocks go forward
 * in between. Throws RangeError on anything that is not 'YYYY-MM-DD'.
 */
export function daysBetween(fromIso: string, toIso: string): number {
  return checkedEpochDay(toIso) - checkedEpochDay(fromIso);
}

/** The calendar date `days` after (or before, when negative) `iso`. */
export function addDays(iso: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  const t = new Date((checkedEpochDay(iso) + days) * DAY_MS);
  return `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
}

/** '2026-11-23' → '23 Nov 2026' (always 'Sep', never 'Sept'). Throws RangeError on a bad date. */
export function formatUkDate(iso: string): string {
  checkedEpochDay(iso);
  return `${Number(iso.slice(8, 10))} ${MONTHS_SHORT[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** An instant as '23 Nov 2026, 14:02' on the wall clock in Europe/London (24-hour). */
export function formatUkDateTime(instant: Date): string {
  const p = londonParts(instant);
  return `${Number(p.d)} ${MONTHS_SHORT[Number(p.m) - 1]} ${p.y}, ${p.hh}:${p.mm}`;
}

function monthFromName(name: string): number | null {
  const n = name.toLowerCase();
  if (n === 'sept') return 9;
  if (n.length === 3) {
    const i = MONTHS_SHORT.findIndex((s) => s.toLowerCase() === n);
    return i < 0 ? null : i + 1;
  }
  const i = MONTHS_LONG.indexOf(n);
  return i < 0 ? null : i + 1;
}

/**
 * What users type, as 'YYYY-MM-DD', or null when it is not a real date.
 * Accepts '23/11/2026', '23-11-2026', '2026-11-23', '23 Nov 2026', '23 November 2026'
 * (day/month may be one digit; month names in any case; 'Sept' too; surrounding
 * spaces ignored). Day first always (UK order): '02/03/2026' is 2 March.
 * Two-digit years are refused rather than guessed.
 */
export function parseUkDate(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$/.exec(s);
  if (m) return makeIso(Number(m[4]), Number(m[3]), Number(m[1]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return makeIso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = monthFromName(m[2]);
    return month === null ? null : makeIso(Number(m[3]), month, Number(m[1]));
  }
  return null;
}
