import { PROGRAMME_TYPE_LABELS, PROGRESS_LABELS, PROGRESS_STAGES, type Programme, type ProgressCounts } from '../../../../shared/api/programmes';
import { share, ukDate } from '../../format';

/** "Thematic · Pre-birth", "Multi-agency · Police, Health", "Monthly". */
export function programmeKind(p: Pick<Programme, 'type' | 'theme' | 'partnerAgencies'>): string {
  const extra = p.type === 'multi-agency' ? [p.theme, p.partnerAgencies.join(', ')].filter(Boolean).join(' · ') : p.theme;
  return extra ? `${PROGRAMME_TYPE_LABELS[p.type]} · ${extra}` : PROGRAMME_TYPE_LABELS[p.type];
}

export function period(p: Pick<Programme, 'periodStart' | 'periodEnd'>): string {
  if (!p.periodStart && !p.periodEnd) return 'No period set';
  return `${ukDate(p.periodStart, '…')} to ${ukDate(p.periodEnd, '…')}`;
}

/** Share of cases whose audit is agreed, as a whole percentage. */
export const agreedShare = (c: ProgressCounts): number => share(c.agreed, c.total);

export const progressText = (c: ProgressCounts): string =>
  PROGRESS_STAGES.filter((s) => c[s] > 0).map((s) => `${c[s]} ${PROGRESS_LABELS[s].toLowerCase()}`).join(', ') || 'No cases yet';
