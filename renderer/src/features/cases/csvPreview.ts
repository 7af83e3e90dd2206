import type { ImportRowError } from '../../../../shared/api/cases';

/** A value that a spreadsheet would run as a formula is written as text. */
const safeCell = (value: string): string => {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The errors as a CSV a person can open next to their file. */
export function errorsCsv(errors: ImportRowError[]): string {
  const lines = ['Row,Column,Value,Problem'];
  for (const e of errors) lines.push([String(e.row), e.column, e.value, e.reason].map(safeCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Saves text as a file through the browser's download (Blob + object URL). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
