/** The one place the renderer names case types (and age bands). */
import { AGE_BAND_LABELS, CASE_TYPE_LABELS, type AgeBand, type CaseType } from '../../../shared/api/cases';

/** "Child in need (CIN)"; an unknown code is shown as it is. */
export const caseTypeText = (type: string): string => CASE_TYPE_LABELS[type as CaseType] ?? type;

/** Short forms social workers use, for tight table columns (the full label goes in a tooltip). */
const CASE_TYPE_SHORT: Record<CaseType, string> = { 'early-help': 'Early help', cin: 'CIN', cp: 'CP', cla: 'CLA', 'care-leaver': 'Care leaver', 'pre-birth': 'Pre-birth' };
export const caseTypeShort = (type: string): string => CASE_TYPE_SHORT[type as CaseType] ?? type;

/** "5 to 9" */
export const ageBandText = (band: string): string => AGE_BAND_LABELS[band as AgeBand] ?? band;
