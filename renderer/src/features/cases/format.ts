import { AGE_BAND_LABELS, CASE_TYPE_LABELS, type AgeBand, type CaseType } from '../../../../shared/api/cases';
import { formatUkDate, parseUkDate, toLondonDate } from '../../../../shared/domain/dates';

/** A calendar date (YYYY-MM-DD) or an instant as "23 Nov 2026" (London), or a dash. */
export function ukDate(value: string | null | undefined, none = '—'): string {
  if (!value) return none;
  try {
    return formatUkDate(toLondonDate(value));
  } catch {
    return value;
  }
}

export const caseTypeText = (t: CaseType): string => CASE_TYPE_LABELS[t] ?? t;
/** Short forms social workers use, for tight table columns (the full label goes in a tooltip). */
const CASE_TYPE_SHORT: Record<CaseType, string> = { 'early-help': 'Early help', cin: 'CIN', cp: 'CP', cla: 'CLA', 'care-leaver': 'Care leaver', 'pre-birth': 'Pre-birth' };
export const caseTypeShort = (t: CaseType): string => CASE_TYPE_SHORT[t] ?? t;
export const ageBandText = (a: AgeBand): string => AGE_BAND_LABELS[a] ?? a;

/** What a person typed in a date box, as YYYY-MM-DD; '' stays null; anything else is undefined (not a date). */
export function dateInput(text: string): string | null | undefined {
  const t = text.trim();
  if (!t) return null;
  return parseUkDate(t) ?? undefined;
}

/** A stored date shown back in its box for editing. */
export const dateForInput = (iso: string | null): string => (iso ? formatUkDate(iso) : '');

export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
