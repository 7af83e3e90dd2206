import type { CaseChange, FieldChange } from '../../../shared/api/caseImport';
import { AGE_BAND_LABELS, CASE_FIELD_LABELS, CASE_TYPE_LABELS, type AgeBand, type CaseType } from '../../../shared/api/cases';
import { formatUkDate } from '../../../shared/domain/dates';

/** A stored value as a person reads it: labels for codes, 23 Nov 2026 for dates, "(none)" for empty. */
export function changeValue(field: FieldChange['field'], value: string | null): string {
  if (value === null || value === '') return '(none)';
  if (field === 'caseType') return CASE_TYPE_LABELS[value as CaseType] ?? value;
  if (field === 'ageBand') return AGE_BAND_LABELS[value as AgeBand] ?? value;
  if (field === 'openedOn' || field === 'closedOn') return formatUkDate(value);
  return value;
}

/** "Row 3, LCS-1: Team North → South; Closed on (none) → 23 Nov 2026" */
export const changeLine = (c: CaseChange): string =>
  `Row ${c.row}, ${c.reference}: ${c.changes.map((f) => `${CASE_FIELD_LABELS[f.field]} ${changeValue(f.field, f.from)} → ${changeValue(f.field, f.to)}`).join('; ')}`;
