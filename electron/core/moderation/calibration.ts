import { auditorCalibration, OVERALL, type GradePair } from '../../../shared/domain/calibration';
import { isIsoDate, londonDate } from '../../../shared/domain/dates';
import { CALIBRATION_MIN_AUDITS, CALIBRATION_MIN_SHIFT } from '../../../shared/domain/optimism';
import type { CoreContext } from '../context';
import { prepared } from '../write';
import { toGrade } from './queries';

/** The same calendar date a year earlier (29 Feb → 28 Feb): the start of "the last 12 months". */
export function twelveMonthsBefore(iso: string): string {
  const earlier = `${Number(iso.slice(0, 4)) - 1}${iso.slice(4)}`;
  return isIsoDate(earlier) ? earlier : `${earlier.slice(0, 8)}28`;
}

export interface AuditorFigure {
  moderatedCount: number;
  meanShift: number | null;
}

/**
 * The auditor's calibration over the last 12 months (audits moderated and agreed, overall grade:
 * agreed − auditor), for the optimism check at submission and for sampling tolerance.
 * Audits agreed without moderation do not count.
 */
export function auditorCalibrationFigure(ctx: CoreContext, auditorId: string): AuditorFigure | null {
  const today = londonDate(ctx.now());
  const rows = prepared(
    ctx.db,
    `SELECT m.audit_id, g.auditor_grade, g.agreed_grade FROM moderations m
     JOIN audits a ON a.id = m.audit_id
     JOIN moderation_grades g ON g.moderation_id = m.id AND g.section_key = 'overall'
     WHERE a.auditor_id = ? AND m.status = 'agreed' AND m.finished_on >= ? AND m.finished_on <= ?
     ORDER BY m.finished_at`,
  ).all(auditorId, twelveMonthsBefore(today), today) as { audit_id: string; auditor_grade: string | null; agreed_grade: string | null }[];
  const pairs: GradePair[] = rows.map((r) => ({
    auditId: r.audit_id,
    auditorId,
    team: '',
    section: OVERALL,
    auditor: toGrade(r.auditor_grade),
    agreed: toGrade(r.agreed_grade),
    moderated: true,
  }));
  return auditorCalibration(pairs);
}

/** Outside tolerance: at least 5 moderated audits in the last 12 months, moderated worse by a mean of at least half a grade. */
export function isOutsideTolerance(figure: AuditorFigure | null): figure is { moderatedCount: number; meanShift: number } {
  return !!figure && figure.moderatedCount >= CALIBRATION_MIN_AUDITS && figure.meanShift !== null && figure.meanShift >= CALIBRATION_MIN_SHIFT - 1e-9;
}
