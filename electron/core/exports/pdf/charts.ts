/** Bar charts drawn as SVG for pdfmake: no browser, text in Roboto, grade colours with labels. */
import type { Content } from 'pdfmake/interfaces';
import type { DistributionRow, GradeCounts } from '../model';
import { CHART_FILL, COLOURS } from './theme';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Grade names short enough for a chart axis (the full label is in the key and the tables). */
const SHORT_NAMES = { 1: 'Outstanding', 2: 'Good', 3: 'Requires improvement', 4: 'Inadequate' } as const;

const SERIES: { key: 0 | 1 | 2 | 3 | 4; label: string }[] = [
  { key: 1, label: '1 Outstanding' },
  { key: 2, label: '2 Good' },
  { key: 3, label: '3 Requires improvement' },
  { key: 4, label: '4 Inadequate' },
  { key: 0, label: 'N/A' },
];

function text(x: number, y: number, s: string, opts: { size?: number; anchor?: string; fill?: string; bold?: boolean } = {}): string {
  return `<text x="${fmt(x)}" y="${fmt(y)}" font-family="Roboto" font-size="${opts.size ?? 7.5}" fill="${opts.fill ?? COLOURS.soft}"${opts.anchor ? ` text-anchor="${opts.anchor}"` : ''}${opts.bold ? ' font-weight="bold"' : ''}>${esc(s)}</text>`;
}

/** The colour key, one line. */
export function legend(width: number, withNa = true): Content {
  let x = 0;
  const parts: string[] = [];
  for (const s of SERIES) {
    if (s.key === 0 && !withNa) continue;
    parts.push(`<rect x="${x}" y="2" width="9" height="9" fill="${CHART_FILL[s.key]}"/>`, text(x + 13, 10, s.label, { size: 7.5, fill: COLOURS.ink }));
    x += 13 + s.label.length * 4.1 + 16;
  }
  return { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="14" viewBox="0 0 ${width} 14">${parts.join('')}</svg>`, width, margin: [0, 2, 0, 6] };
}

/** One stacked bar of grade shares, with counts written inside segments wide enough to hold them. */
function stackedBar(x: number, y: number, w: number, h: number, counts: GradeCounts): string {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${COLOURS.band}"/>` + text(x + 4, y + h - 2.5, 'no grades', { size: 6.5 });
  let cx = x;
  const out: string[] = [];
  for (const s of SERIES) {
    const n = counts[s.key];
    if (!n) continue;
    const sw = (n / total) * w;
    out.push(`<rect x="${fmt(cx)}" y="${y}" width="${fmt(sw)}" height="${h}" fill="${CHART_FILL[s.key]}"/>`);
    if (sw >= 12) out.push(text(cx + sw / 2, y + h - 2.6, String(n), { size: 6.5, anchor: 'middle', fill: s.key === 0 || s.key === 2 || s.key === 3 ? COLOURS.ink : '#ffffff', bold: true }));
    cx += sw;
  }
  return out.join('');
}

/** Per section: the auditors' grades and the agreed grades as two stacked bars. */
export function distributionChart(rows: DistributionRow[], width: number): Content {
  const labelW = 178;
  const seriesW = 44;
  const barW = width - labelW - seriesW;
  const barH = 10;
  const group = 2 * barH + 12;
  const height = rows.length * group + 4;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y = i * group + 2;
    const label = r.label.length > 44 ? `${r.label.slice(0, 42)}…` : r.label;
    parts.push(text(0, y + barH + 4, label, { size: 7.8, fill: COLOURS.ink, bold: r.label === 'Overall grade' }));
    parts.push(text(labelW, y + barH - 2, 'Auditor', { size: 6.8 }), text(labelW, y + 2 * barH - 0.5, 'Agreed', { size: 6.8 }));
    parts.push(stackedBar(labelW + seriesW, y, barW, barH - 1, r.before), stackedBar(labelW + seriesW, y + barH, barW, barH - 1, r.after));
    if (i < rows.length - 1) parts.push(`<line x1="0" y1="${y + group - 5}" x2="${width}" y2="${y + group - 5}" stroke="${COLOURS.line}" stroke-width="0.4"/>`);
  });
  return { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`, width };
}

/** The overall grade before and after moderation: grouped columns per grade, counts on top. */
export function overallChart(before: GradeCounts, after: GradeCounts, width: number): Content {
  const height = 150;
  const axisY = height - 28;
  const top = 14;
  const max = Math.max(1, ...before.slice(1), ...after.slice(1));
  const groupW = (width - 40) / 4;
  const colW = Math.min(34, groupW / 3);
  const parts: string[] = [`<line x1="30" y1="${axisY}" x2="${width}" y2="${axisY}" stroke="${COLOURS.muted}" stroke-width="0.6"/>`];
  for (let g = 1 as 1 | 2 | 3 | 4; g <= 4; g = (g + 1) as 1 | 2 | 3 | 4) {
    const gx = 30 + (g - 1) * groupW + groupW / 2;
    [
      { n: before[g], x: gx - colW - 2, fill: CHART_FILL[g], opacity: 0.45, label: 'Auditor' },
      { n: after[g], x: gx + 2, fill: CHART_FILL[g], opacity: 1, label: 'Agreed' },
    ].forEach((c) => {
      const h = ((axisY - top) * c.n) / max;
      parts.push(`<rect x="${fmt(c.x)}" y="${fmt(axisY - h)}" width="${fmt(colW)}" height="${fmt(h)}" fill="${c.fill}" fill-opacity="${c.opacity}"/>`);
      parts.push(text(c.x + colW / 2, axisY - h - 3, String(c.n), { size: 7.5, anchor: 'middle', fill: COLOURS.ink, bold: true }));
      parts.push(text(c.x + colW / 2, axisY + 9, c.label, { size: 6.5, anchor: 'middle' }));
    });
    parts.push(text(gx, axisY + 21, `${g} ${SHORT_NAMES[g]}`, { size: 8, anchor: 'middle', fill: COLOURS.ink, bold: true }));
  }
  parts.push(text(0, top, 'Audits', { size: 7 }));
  return { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`, width };
}

/** Actions by state as one bar with a key: done, open and on time, overdue, cancelled. */
export function actionsChart(a: { open: number; overdue: number; done: number; cancelled: number }, width: number): Content {
  const parts = [
    { label: 'Done or verified', n: a.done, fill: CHART_FILL[1] },
    { label: 'Open, not yet due', n: Math.max(0, a.open - a.overdue), fill: COLOURS.brand },
    { label: 'Overdue', n: a.overdue, fill: CHART_FILL[4] },
    { label: 'Cancelled', n: a.cancelled, fill: CHART_FILL[0] },
  ];
  const total = parts.reduce((s, p) => s + p.n, 0) || 1;
  let x = 0;
  const out: string[] = [];
  for (const p of parts) {
    const w = (p.n / total) * width;
    if (w > 0) out.push(`<rect x="${fmt(x)}" y="0" width="${fmt(w)}" height="14" fill="${p.fill}"/>`);
    if (w >= 16) out.push(text(x + w / 2, 10, String(p.n), { size: 7.5, anchor: 'middle', fill: p.fill === CHART_FILL[0] ? COLOURS.ink : '#ffffff', bold: true }));
    x += w;
  }
  let lx = 0;
  for (const p of parts) {
    const label = `${p.label} (${p.n})`;
    out.push(`<rect x="${lx}" y="22" width="9" height="9" fill="${p.fill}"/>`, text(lx + 13, 30, label, { size: 7.5, fill: COLOURS.ink }));
    lx += 13 + label.length * 4.1 + 14;
  }
  return { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="34" viewBox="0 0 ${width} 34">${out.join('')}</svg>`, width };
}
