import type { OptimismCode } from '../../../../shared/domain/optimism';
import { WARNING_LABELS } from '../../../../shared/api/moderation';

/** "+0.25" (too generous), "−0.10", "0.00". */
export const shift = (v: number | null): string => (v === null ? '—' : v > 0 ? `+${v.toFixed(2)}` : v < 0 ? `−${Math.abs(v).toFixed(2)}` : '0.00');
export const kappa = (v: number | null): string => (v === null ? '—' : v.toFixed(3));
export const warningText = (code: OptimismCode): string => WARNING_LABELS[code] ?? code;
