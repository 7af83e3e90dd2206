/**
 * Writes data exports (runs inside the export worker): a folder of CSV files, or one XLSX
 * workbook with a sheet each. Text that a spreadsheet would run as a formula is guarded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { DEMO_MARK, type DataDoc, type SheetDoc } from './model';

/** Cells beginning with =, +, -, @, tab or carriage return are prefixed with a single quote. */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

type Cell = string | number | null;

function textOf(value: Cell): string {
  if (value === null) return '';
  return typeof value === 'number' ? String(value) : guardCell(value);
}

export async function writeCsvFolder(doc: DataDoc, dir: string, onSheet: (index: number, name: string) => void): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  doc.sheets.forEach((sheet, i) => {
    onSheet(i, sheet.name);
    const rows = [sheet.columns.map((c) => c.header), ...sheet.rows.map((r) => r.map(textOf))];
    if (doc.demo) rows.unshift([DEMO_MARK]);
    const text = stringify(rows, { bom: true, record_delimiter: 'windows' });
    fs.writeFileSync(path.join(dir, `${sheet.file}.csv`), text);
  });
  fs.writeFileSync(path.join(dir, 'README.txt'), README(doc));
}

const README = (doc: DataDoc): string =>
  [
    ...(doc.demo ? [DEMO_MARK, ''] : []),
    'OFFICIAL-SENSITIVE',
    '',
    `Plumbline data export, ${doc.exportedAt}.`,
    'These files describe children and families by case reference only. Share them only with people who need them',
    'for their work and keep them on the council\'s secure systems.',
    '',
    'Files: ' + doc.sheets.map((s) => `${s.file}.csv (${s.rows.length} rows)`).join(', ') + '.',
    'Dates are written YYYY-MM-DD; times are UK time. Grades are numbers 1-4 with their label in the next column (N/A is blank).',
    "Text that would start with =, +, - or @ is prefixed with a single quote so that spreadsheets do not run it as a formula.",
    '',
  ].join('\r\n');

/** A 'YYYY-MM-DD' date, or a London wall-clock 'YYYY-MM-DD HH:MM', as the Date Excel shows. */
function excelDate(value: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(value);
  if (!m) return guardCell(value);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0)));
}

function addSheet(book: ExcelJS.Workbook, sheet: SheetDoc, demo: boolean): void {
  const ws = book.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = sheet.columns.map((c) => ({
    header: c.header,
    width: c.width ?? (c.type === 'date' ? 13 : c.type === 'datetime' ? 17 : c.type === 'number' ? 10 : 22),
    style: c.type === 'date' ? { numFmt: 'dd mmm yyyy' } : c.type === 'datetime' ? { numFmt: 'dd mmm yyyy hh:mm' } : c.type === 'text' ? { alignment: { wrapText: false, vertical: 'top' } } : {},
  }));
  for (const row of sheet.rows) {
    ws.addRow(
      row.map((value, i) => {
        if (value === null || value === '') return null;
        const type = sheet.columns[i]?.type ?? 'text';
        if ((type === 'date' || type === 'datetime') && typeof value === 'string') return excelDate(value);
        if (type === 'number' && typeof value === 'number') return value;
        return textOf(value);
      }),
    );
  }
  const marking = demo ? `${DEMO_MARK} · OFFICIAL-SENSITIVE` : 'OFFICIAL-SENSITIVE';
  ws.headerFooter = { oddHeader: `&C&"Arial,Bold"${marking}`, oddFooter: `&C&"Arial,Bold"${marking}&R&P of &N` };
  const header = ws.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 30;
  if (sheet.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
}

export async function writeWorkbook(doc: DataDoc, file: string, onSheet: (index: number, name: string) => void): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Plumbline';
  book.created = new Date(doc.exportedAt);
  book.title = doc.demo ? `Plumbline data export (${DEMO_MARK})` : 'Plumbline data export (OFFICIAL-SENSITIVE)';
  if (doc.demo) {
    const note = book.addWorksheet('DEMO');
    note.getCell('A1').value = DEMO_MARK;
    note.getCell('A1').font = { bold: true, size: 16, color: { argb: 'FFB00020' } };
    note.getCell('A2').value = 'Exported from the Plumbline demo database: fictitious people and cases.';
    note.getColumn(1).width = 80;
  }
  doc.sheets.forEach((sheet, i) => {
    onSheet(i, sheet.name);
    addSheet(book, sheet, !!doc.demo);
  });
  await book.xlsx.writeFile(file);
}
