import { REASON_LABELS } from '../../../shared/api/moderation';
/** Words people read in exports, for the codes the database stores. */

export const CASE_TYPE_LABELS: Record<string, string> = {
  'early-help': 'Early help',
  cin: 'Child in need',
  cp: 'Child protection',
  cla: 'Child in care',
  'care-leaver': 'Care leaver',
  'pre-birth': 'Pre-birth',
};

export const AGE_BAND_LABELS: Record<string, string> = {
  unborn: 'Unborn',
  '0-4': '0–4 years',
  '5-9': '5–9 years',
  '10-15': '10–15 years',
  '16-17': '16–17 years',
  '18+': '18 and over',
};

export const AUDIT_STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  'in-moderation': 'In moderation',
  agreed: 'Agreed',
  returned: 'Returned to auditor',
};

export const ACTION_STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  done: 'Done',
  cancelled: 'Cancelled',
  verified: 'Verified',
};

export const PRIORITY_LABELS: Record<string, string> = { high: 'High', medium: 'Medium', low: 'Low' };

export const REASON_CODE_LABELS: Record<string, string> = REASON_LABELS;

export const SPOKEN_LABELS: Record<string, string> = { yes: 'Yes', no: 'No' };
export const VIEW_LABELS: Record<string, string> = {
  helpful: 'Helpful',
  mixed: 'Mixed',
  'not-helpful': 'Not helpful',
  'not-given': 'Not given',
};

export const ROLE_LABELS: Record<string, string> = {
  auditor: 'Auditor',
  moderator: 'Moderator',
  'qa-lead': 'QA lead',
  system: 'System',
};

/** A code's label, or the code made readable ("in-moderation" → "In moderation") when unknown. */
export function labelOf(map: Record<string, string>, code: string | null | undefined): string {
  if (!code) return '';
  const known = map[code] ?? map[code.replace(/_/g, '-')];
  if (known) return known;
  const words = code.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The reason code printed beside a grade: the agreed one (else the moderator's, while still
 * reconciling), and none where the agreed grade is the auditor's: a reason explains a change, and
 * a grade agreed back to the auditor's is no change (the moderator's view stays in their rationale).
 */
export function reasonLabel(auditor: unknown, agreed: unknown, reasonCode: string | null | undefined, moderatorReason: string | null | undefined): string {
  if (agreed !== null && agreed !== undefined && agreed === auditor) return '';
  return labelOf(REASON_CODE_LABELS, reasonCode ?? moderatorReason ?? null);
}
