import type { CoreContext } from '../context';

/**
 * The auditor's calibration over the last 12 months (moderated audits only), for the optimism
 * check at submission. Returns null until moderation data exists.
 * (Filled in by the moderation feature.)
 */
export function auditorCalibrationFigure(_ctx: CoreContext, _auditorId: string): { moderatedCount: number; meanShift: number | null } | null {
  return null;
}
