/** The four-point Ofsted scale. Lower numbers are better. */
export const GRADES = [1, 2, 3, 4] as const;
export type Grade = (typeof GRADES)[number];
/** A grade or "not applicable" (excluded from every figure). */
export type GradeOrNA = Grade | 'na';

export const GRADE_LABELS: Record<Grade, string> = {
  1: 'Outstanding',
  2: 'Good',
  3: 'Requires improvement to be good',
  4: 'Inadequate',
};

export const GRADE_SHORT: Record<Grade, string> = { 1: 'O', 2: 'G', 3: 'RI', 4: 'I' };

export function isGrade(value: unknown): value is Grade {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/** "2 Good", "N/A", or "Not graded" — a grade is never shown without its label. */
export function gradeText(value: GradeOrNA | null | undefined): string {
  if (value === 'na') return 'N/A';
  if (isGrade(value)) return `${value} ${GRADE_LABELS[value]}`;
  return 'Not graded';
}

/** Short form for tight spaces, still with its label: "3 RI". */
export function gradeShortText(value: GradeOrNA | null | undefined): string {
  if (value === 'na') return 'N/A';
  if (isGrade(value)) return `${value} ${GRADE_SHORT[value]}`;
  return '—';
}
