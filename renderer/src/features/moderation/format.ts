import { CASE_TYPE_LABELS, type CaseType } from '../../../../shared/api/cases';
import type { OptimismCode } from '../../../../shared/domain/optimism';
import { WARNING_LABELS } from '../../../../shared/api/moderation';
import { formatUkDate, toLondonDate } from '../../../../shared/domain/dates';

export const pct = (v: number | null): string => (v === null ? '—' : `${v.toFixed(1)}%`);
/** "+0.25" (too generous), "−0.10", "0.00". */
export const shift = (v: number | null): string => (v === null ? '—' : v > 0 ? `+${v.toFixed(2)}` : v < 0 ? `−${Math.abs(v).toFixed(2)}` : '0.00');
export const kappa = (v: number | null): string => (v === null ? '—' : v.toFixed(3));
export const ukDate = (isoOrInstant: string | null): string => (isoOrInstant ? formatUkDate(toLondonDate(isoOrInstant)) : '—');
export const warningText = (code: OptimismCode): string => WARNING_LABELS[code] ?? code;

export const caseTypeText = (type: string): string => CASE_TYPE_LABELS[type as CaseType] ?? type;
