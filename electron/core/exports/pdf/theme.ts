/**
 * The look of Plumbline's PDFs: A4, Roboto, the app's navy and grade colours, the
 * OFFICIAL-SENSITIVE marking at the top and bottom of every page and "Page N of M".
 */
import type { Content, CustomTableLayout, StyleDictionary, TDocumentDefinitions } from 'pdfmake/interfaces';
import { gradeText, isGrade, type GradeOrNA } from '../../../../shared/domain/grades';
import { formatUkDate, formatUkDateTime, isIsoDate } from '../../../../shared/domain/dates';
import { DEMO_MARK } from '../model';

export const MARKING = 'OFFICIAL-SENSITIVE';
// Every page exported from a demo database says DEMO_MARK beside the marking (see chrome).

export const COLOURS = {
  ink: '#1d2433',
  soft: '#4a5468',
  muted: '#6b7587',
  line: '#d8dde6',
  band: '#f2f5f9',
  brand: '#1f4e79',
  brandSoft: '#e7eef6',
  danger: '#a4262c',
  warn: '#8a5300',
  marking: '#1d2433',
};

/** Badge fills: the app's grade colours (white text). */
export const GRADE_FILL: Record<1 | 2 | 3 | 4, string> = { 1: '#0b6b3a', 2: '#2f7d32', 3: '#b06a00', 4: '#a4262c' };
/** Chart fills: the same hues, spread further apart so neighbouring bars read apart. */
export const CHART_FILL: Record<0 | 1 | 2 | 3 | 4, string> = { 0: '#c4cad3', 1: '#0b6b3a', 2: '#6aaa4f', 3: '#e39b2d', 4: '#a4262c' };

export const PAGE_MARGINS: [number, number, number, number] = [54, 72, 54, 66];
export const CONTENT_WIDTH = 595.28 - PAGE_MARGINS[0] - PAGE_MARGINS[2];

export const STYLES: StyleDictionary = {
  h1: { fontSize: 22, bold: true, color: COLOURS.brand, margin: [0, 0, 0, 6] },
  h2: { fontSize: 15, bold: true, color: COLOURS.brand, margin: [0, 0, 0, 4] },
  h3: { fontSize: 11, bold: true, color: COLOURS.ink, margin: [0, 12, 0, 5] },
  sub: { fontSize: 10, color: COLOURS.soft },
  label: { fontSize: 7.5, color: COLOURS.muted, bold: true, characterSpacing: 0.3 },
  small: { fontSize: 8, color: COLOURS.soft },
  th: { fontSize: 8, bold: true, color: '#ffffff' },
  tableTitle: { fontSize: 10.5, bold: true, color: COLOURS.brand },
  cell: { fontSize: 8.8 },
  note: { fontSize: 8, italics: true, color: COLOURS.soft },
  toc: { fontSize: 10 },
  tocAudit: { fontSize: 9, color: COLOURS.ink },
  marking: { fontSize: 9, bold: true, color: COLOURS.marking },
};

export const TABLE_LAYOUTS: Record<string, CustomTableLayout> = {
  plumbline: {
    // No rule above a row that continues the one before it (a rationale under its grades).
    hLineWidth: (i, node) => (i === 0 || i === node.table.body.length || (node.table.body[i]?.[0] as { continues?: boolean } | undefined)?.continues ? 0 : 0.5),
    vLineWidth: () => 0,
    hLineColor: () => COLOURS.line,
    paddingLeft: () => 5,
    paddingRight: () => 5,
    paddingTop: () => 4,
    paddingBottom: () => 4,
  },
  grid: {
    hLineWidth: () => 0,
    vLineWidth: () => 0,
    paddingLeft: (i) => (i === 0 ? 0 : 8),
    paddingRight: () => 0,
    paddingTop: () => 2,
    paddingBottom: () => 2,
  },
  badge: {
    hLineWidth: () => 0,
    vLineWidth: () => 0,
    paddingLeft: () => 6,
    paddingRight: () => 6,
    paddingTop: () => 2.5,
    paddingBottom: () => 2,
  },
  panel: {
    hLineWidth: () => 0,
    vLineWidth: (i) => (i === 0 ? 3 : 0),
    vLineColor: () => COLOURS.brand,
    paddingLeft: () => 10,
    paddingRight: () => 10,
    paddingTop: () => 8,
    paddingBottom: () => 8,
  },
};

const SHORT_LABEL: Record<1 | 2 | 3 | 4, string> = { 1: 'Outstanding', 2: 'Good', 3: 'Requires improvement', 4: 'Inadequate' };

/** A grade as a coloured badge with its label (the full label, or the short one for narrow columns). */
export function gradeBadge(grade: GradeOrNA | null | undefined, fontSize = 8.5, short = false, empty = 'Not graded'): Content {
  if (!isGrade(grade)) return { text: grade === 'na' ? 'N/A' : empty, fontSize, color: COLOURS.muted, margin: [0, fontSize > 9 ? 3 : 0, 0, 0] };
  const text = short ? `${grade} ${SHORT_LABEL[grade]}` : gradeText(grade);
  return { table: { body: [[{ text, bold: true, fontSize, color: '#ffffff', fillColor: GRADE_FILL[grade], noWrap: short }]] }, layout: 'badge' };
}

/** A table cell holding a grade badge. */
export const gradeCell = (grade: GradeOrNA | null | undefined, short = false, empty = 'Not graded'): Content => {
  if (!isGrade(grade)) return gradeBadge(grade, 7.8, short, empty);
  return { text: `\u00a0${grade} ${short ? SHORT_LABEL[grade] : gradeText(grade).slice(2)}\u00a0`, bold: true, fontSize: 8, color: '#ffffff', background: GRADE_FILL[grade], noWrap: true };
};

/** A header row of a data table. */
export const th = (text: string, align: 'left' | 'right' | 'center' = 'left'): Content => ({ text, style: 'th', fillColor: COLOURS.brand, alignment: align });

/** 'YYYY-MM-DD' or an ISO instant as "23 Nov 2026" ("—" when missing). */
export function ukDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (isIsoDate(value)) return formatUkDate(value);
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : formatUkDateTime(d).split(',')[0];
}

export const ukDateTime = (iso: string): string => formatUkDateTime(new Date(iso));

/** Page chrome: the marking top and bottom of every page, the document title and "Page N of M". */
export function chrome(title: string, exportedAt: string, demo = false): Pick<TDocumentDefinitions, 'header' | 'footer' | 'pageMargins' | 'pageSize' | 'styles' | 'defaultStyle'> {
  const marking = demo ? `${DEMO_MARK} · ${MARKING}` : MARKING;
  return {
    pageSize: 'A4',
    pageMargins: PAGE_MARGINS,
    styles: STYLES,
    defaultStyle: { font: 'Roboto', fontSize: 9.5, lineHeight: 1.22, color: COLOURS.ink },
    header: (page) => ({
      margin: [PAGE_MARGINS[0], 26, PAGE_MARGINS[2], 0],
      stack: [
        {
          columns: [
            { width: '*', text: page === 1 ? '' : title, style: 'small' },
            { width: 'auto', text: marking, style: 'marking' },
            { width: '*', text: page === 1 ? '' : 'Plumbline', style: 'small', alignment: 'right' },
          ],
        },
        { canvas: [{ type: 'line', x1: 0, y1: 6, x2: CONTENT_WIDTH, y2: 6, lineWidth: 0.5, lineColor: COLOURS.line }] },
      ],
    }),
    footer: (page, pages) => ({
      margin: [PAGE_MARGINS[0], 14, PAGE_MARGINS[2], 0],
      stack: [
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 0.5, lineColor: COLOURS.line }] },
        {
          margin: [0, 6, 0, 0],
          columns: [
            { width: '*', text: `Produced ${ukDateTime(exportedAt)}`, style: 'small' },
            { width: 'auto', text: marking, style: 'marking' },
            { width: '*', text: `Page ${page} of ${pages}`, style: 'small', alignment: 'right' },
          ],
        },
      ],
    }),
  };
}
