import { parse } from 'csv-parse/browser/esm/sync';
import type { ImportRowError } from '../../../../shared/api/cases';

export interface CsvPreview {
  headers: string[];
  /** The first data rows, as read, with their row numbers as a spreadsheet shows them. */
  rows: string[][];
  rowNumbers: number[];
}

/** The separator of the heading row: comma unless semicolons or tabs clearly dominate (as the core decides). */
function delimiterOf(firstLine: string): string {
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const [commas, semis, tabs] = [count(','), count(';'), count('\t')];
  if (semis > commas && semis >= tabs) return ';';
  if (tabs > commas) return '\t';
  return ',';
}

/**
 * The headings and first rows of a CSV, for mapping and preview; reads only the start of a large
 * file (the core reads and checks all of it).
 */
export function previewCsv(text: string, rows = 5): CsvPreview {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const options = { delimiter: delimiterOf(clean.slice(0, clean.search(/\r?\n|\r|$/))), relax_column_count: true, relax_quotes: true, skip_empty_lines: false, to: rows + 21 };
  let records: string[][];
  try {
    records = parse(clean.slice(0, 256 * 1024), options) as string[][];
  } catch {
    records = parse(clean, options) as string[][];
  }
  const [headers = [], ...data] = records;
  const kept = data.map((values, i) => ({ values, row: i + 2 })).filter((r) => r.values.some((v) => v.trim() !== '')).slice(0, rows);
  return { headers: headers.map((h) => h.trim()), rows: kept.map((r) => r.values), rowNumbers: kept.map((r) => r.row) };
}

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
