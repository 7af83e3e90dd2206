import { ACTION_STATUS_LABELS, PRIORITY_LABELS, type ActionPriority, type ActionRow, type ActionStatus } from '../../../../shared/api/actions';
import { parseUkDate } from '../../../../shared/domain/dates';
import type { DriftCode } from '../../../../shared/domain/drift';
import { plural } from '../../format';

export const DATE_HINT = 'For example 7 Dec 2026 or 07/12/2026.';
export const DATE_MESSAGE = 'Enter a real date, for example 7 Dec 2026 or 07/12/2026.';
/** What a person typed in a date box, as YYYY-MM-DD, or null when it is not a date. */
export const typedDate = (text: string): string | null => parseUkDate(text);

export const priorityText = (p: ActionPriority): string => PRIORITY_LABELS[p];
export const statusText = (s: ActionStatus): string => ACTION_STATUS_LABELS[s];

export const DRIFT_LABELS: Record<DriftCode, string> = {
  'overdue-28': 'Overdue more than 28 days',
  'actions-open-at-next-programme': 'All actions still open at the next programme',
  'due-date-moved': 'Due date moved twice or more',
};

/** "Overdue by 12 days" / "Due today" / "Due in 3 days", for open actions. */
export function dueText(a: Pick<ActionRow, 'status' | 'overdue' | 'daysOverdue'>): string | null {
  if (a.status !== 'open') return null;
  return a.overdue ? `Overdue by ${plural(a.daysOverdue, 'day')}` : null;
}

export const days = (v: number | null): string => (v === null ? '—' : v.toLocaleString('en-GB', { maximumFractionDigits: 1 }));
