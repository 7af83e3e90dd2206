import { isGrade, type Grade, type GradeOrNA } from '../../../shared/domain/grades';

/** Grades are stored as text ('1'…'4', 'na'); the contract carries numbers. */
export function gradeFromDb(value: string | null | undefined): GradeOrNA | null {
  if (value === 'na') return 'na';
  const n = Number(value);
  return value !== null && value !== undefined && isGrade(n) ? n : null;
}

/** An overall grade: 1–4, never N/A. */
export const overallFromDb = (value: string | null | undefined): Grade | null => {
  const g = gradeFromDb(value);
  return g === 'na' ? null : g;
};

export const gradeToDb = (value: GradeOrNA | null): string | null => (value === null ? null : String(value));
