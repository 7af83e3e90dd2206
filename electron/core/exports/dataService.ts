/** The data export's sheet of service-level findings (issue 12, item 14), apart from actions for one child. */
import { SERVICE_LEVEL_LABELS, SERVICE_STATUS_LABELS } from '../../../shared/api/serviceActions';
import { toLondonDate } from '../../../shared/domain/dates';
import type { Db } from '../db/open';
import { listFindings } from '../serviceActions/queries';
import { labelOf, PRIORITY_LABELS } from './labels';
import type { SheetDoc } from './model';
import { hasTable } from './queries';

export function serviceFindingsSheet(db: Db, today: string, londonDateTime: (iso: string) => string | null): SheetDoc {
  const findings = hasTable(db, 'service_actions') ? listFindings(db, today, {}) : [];
  const t = (header: string, width?: number) => ({ header, type: 'text' as const, width });
  return {
    name: 'Service findings',
    file: 'service-findings',
    columns: [
      t('Finding ID', 38), t('Level', 14), t('Team'), t('What the service must improve', 50), t('Owner'), t('Owner role'), t('Priority', 10), t('Status', 12),
      { header: 'Due date', type: 'date' }, { header: 'Due date moves', type: 'number' }, { header: 'Days overdue', type: 'number' }, t('Drifting', 10),
      { header: 'Done on', type: 'date' }, t('What was done, or why cancelled', 40), t('Audit ID', 38), t('Case reference', 16), t('Programme'), { header: 'Raised', type: 'datetime' }, t('Raised by'),
    ],
    rows: findings.map((f) => [
      f.id, SERVICE_LEVEL_LABELS[f.level], f.team || null, f.title, f.ownerName, f.ownerRole, labelOf(PRIORITY_LABELS, f.priority), SERVICE_STATUS_LABELS[f.status],
      f.dueDate, f.dueDateMoves, f.daysOverdue, f.drifting ? 'Yes' : 'No', f.doneOn ? toLondonDate(f.doneOn) : null, (f.status === 'cancelled' ? f.cancelReason : f.doneNote) || null,
      f.auditId, f.caseReference, f.programmeName, londonDateTime(f.createdAt), f.createdBy,
    ]),
  };
}
