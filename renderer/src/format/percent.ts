/**
 * The one place the renderer writes percentages: whole numbers, rounded half up (12.5 → 13),
 * never "100%" for a share that is not all, never "0%" for one that is not none.
 */
function whole(value: number): number {
  return Math.floor(value + 0.5);
}

/** A percentage already worked out (0–100) as "13%", or a dash. */
export function percentText(value: number | null | undefined, none = '—'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return none;
  return `${percentNumber(value)}%`;
}

/** The rounded number for a percentage (0–100), keeping "not all" below 100 and "some" above 0. */
export function percentNumber(value: number): number {
  let n = whole(value);
  if (n === 100 && value < 100) n = 99;
  if (n === 0 && value > 0) n = 1;
  return n;
}

/** `part` of `total` as a rounded percentage number; 0 when there is nothing. */
export const share = (part: number, total: number): number => (total > 0 ? percentNumber((part / total) * 100) : 0);

/** `part` of `total` as "13%". */
export const shareText = (part: number, total: number): string => `${share(part, total)}%`;
