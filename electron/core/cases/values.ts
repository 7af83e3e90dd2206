/** Reading one CSV value into a case field: case types, age bands, dates and dates of birth. */
import { AGE_BANDS, CASE_TYPES, type AgeBand, type CaseType } from '../../../shared/api/cases';
import { daysBetween, parseUkDate } from '../../../shared/domain/dates';

/** Spellings councils' systems export, normalised by `valueKey`. */
const CASE_TYPE_WORDS: Record<CaseType, string[]> = {
  'early-help': ['early help', 'eh', 'early help assessment', 'family help', 'targeted early help'],
  cin: ['cin', 'child in need', 'children in need', 'in need', 's17', 'section 17', 'child in need (cin)'],
  cp: ['cp', 'child protection', 'child protection plan', 'cpp', 'child protection (cp)'],
  cla: ['cla', 'looked after', 'looked after child', 'looked after children', 'child looked after', 'children looked after', 'lac', 'child in care', 'children in care', 'cic', 'in care', 'child in care (cla)'],
  'care-leaver': ['care leaver', 'care leavers', 'leaving care', 'cl'],
  'pre-birth': ['pre birth', 'prebirth', 'pre birth assessment', 'unborn', 'unborn child'],
};
const AGE_BAND_WORDS: Record<AgeBand, string[]> = {
  unborn: ['unborn', 'pre birth', 'prebirth'],
  '0-4': ['0 4', '0 to 4', 'under 5', 'under 5s', '0 4 years', 'under five'],
  '5-9': ['5 9', '5 to 9', '5 9 years'],
  '10-15': ['10 15', '10 to 15', '10 15 years'],
  '16-17': ['16 17', '16 to 17', '16 17 years'],
  '18+': ['18+', '18 +', '18 plus', '18 and over', '18 or over', 'over 18', '18 years and over', 'adult', '18 25', '18 to 25'],
};

/** Lower case, with dashes, underscores, dots and runs of spaces as one space. */
const valueKey = (value: string): string => value.toLowerCase().replace(/[\s_\-\u2013\u2014.]+/g, ' ').trim();

function lookup<T extends string>(codes: readonly T[], words: Record<T, string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const code of codes) {
    map.set(valueKey(code), code);
    for (const w of words[code]) map.set(valueKey(w), code);
  }
  return map;
}
const CASE_TYPE_LOOKUP = lookup(CASE_TYPES, CASE_TYPE_WORDS);
const AGE_BAND_LOOKUP = lookup(AGE_BANDS, AGE_BAND_WORDS);

export const CASE_TYPE_EXPECTED = 'Early help, CIN, CP, CLA (or Child in care), Care leaver, Pre-birth';
export const AGE_BAND_EXPECTED = 'Unborn, 0-4, 5-9, 10-15, 16-17, 18+, or an age in years';

export function caseTypeFrom(value: string): CaseType | null {
  return CASE_TYPE_LOOKUP.get(valueKey(value)) ?? null;
}

const bandOfAge = (age: number): AgeBand => (age <= 4 ? '0-4' : age <= 9 ? '5-9' : age <= 15 ? '10-15' : age <= 17 ? '16-17' : '18+');

export function ageBandFrom(value: string): AgeBand | null {
  const band = AGE_BAND_LOOKUP.get(valueKey(value));
  if (band) return band;
  if (!/^\d{1,2}$/.test(value.trim())) return null;
  return bandOfAge(Number(value));
}

/** A UK or ISO date, also as exported with a time ("23/11/2026 00:00", "2026-11-23T00:00:00Z"). */
export function dateFrom(value: string): string | null {
  const date = parseUkDate(value);
  if (date) return date;
  const m = /^(.+?)[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  return m ? parseUkDate(m[1]) : null;
}

/** Whole years from `born` to `today` (both YYYY-MM-DD); a 29 February birthday counts on 1 March. */
export function ageOn(born: string, today: string): number {
  let age = Number(today.slice(0, 4)) - Number(born.slice(0, 4));
  if (today.slice(5) < born.slice(5)) age -= 1;
  return age;
}

/**
 * The age band on `today` of a child born on `born`: 'unborn' for an expected date of birth up
 * to ten months ahead; an error (as words) for a date further ahead or over 100 years ago.
 */
export function ageBandOnDay(born: string, today: string): AgeBand | string {
  if (born > today) return daysBetween(today, born) <= 305 ? 'unborn' : 'date of birth is in the future (more than ten months ahead)';
  const age = ageOn(born, today);
  if (age > 100) return 'date of birth is more than 100 years ago';
  return bandOfAge(age);
}
