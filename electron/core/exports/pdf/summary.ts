/** The pack's summary: key figures, grades before and after moderation, agreement, actions and drift. */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { Figures } from '../../../../shared/domain/calibration';
import type { SummaryDoc } from '../model';
import { actionsChart, distributionChart, legend, overallChart } from './charts';
import { titledTable } from './audit';
import { CHART_FILL, COLOURS, CONTENT_WIDTH, th } from './theme';

const pct = (v: number | null): string => (v === null ? '—' : `${v.toFixed(1)}%`);
const signed = (v: number | null): string => (v === null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(2)}`);

function tile(value: string, label: string, tone: string = COLOURS.brand): TableCell {
  return {
    stack: [
      { text: value, fontSize: 17, bold: true, color: tone },
      { text: label, fontSize: 7.8, color: COLOURS.soft, margin: [0, 1, 0, 0] },
    ],
    fillColor: COLOURS.band,
    margin: [4, 4, 4, 4],
  };
}

function tiles(s: SummaryDoc): Content {
  const f = s.figures;
  const shiftTone = f.meanShift !== null && f.meanShift >= 0.5 ? COLOURS.danger : COLOURS.brand;
  return {
    table: {
      widths: ['*', '*', '*', '*'],
      body: [
        [
          tile(String(s.audits), 'audits in this pack'),
          tile(`${s.moderated}`, `moderated and agreed (${s.audits ? Math.round((100 * s.moderated) / s.audits) : 0}%)`),
          tile(pct(f.exactAgreement), 'exact agreement, auditor and agreed grades'),
          tile(signed(f.meanShift), 'mean shift (positive: auditors too generous)', shiftTone),
        ],
        [
          tile(String(s.actions.total), 'actions raised'),
          tile(String(s.actions.open), 'actions still open'),
          tile(String(s.actions.overdue), 'actions overdue', s.actions.overdue ? COLOURS.danger : COLOURS.brand),
          tile(String(s.drifting.length), 'cases drifting', s.drifting.length ? COLOURS.danger : COLOURS.brand),
        ],
      ],
    },
    layout: { hLineWidth: () => 4, vLineWidth: () => 4, hLineColor: () => '#ffffff', vLineColor: () => '#ffffff', paddingLeft: () => 6, paddingRight: () => 6, paddingTop: () => 4, paddingBottom: () => 4 },
    margin: [-4, 4, -4, 8],
  };
}

function countsCell(before: number, after: number, grade: 0 | 1 | 2 | 3 | 4): TableCell {
  const moved = before !== after;
  return {
    text: moved ? [{ text: `${before} » `, color: COLOURS.soft }, { text: String(after), bold: true }] : String(before),
    style: 'cell',
    alignment: 'center',
    color: moved ? COLOURS.ink : COLOURS.soft,
    fillColor: moved ? (grade === 0 ? COLOURS.band : CHART_FILL[grade]) : undefined,
    fillOpacity: moved && grade !== 0 ? 0.16 : 1,
  };
}

function distributionTable(s: SummaryDoc): Content {
  const gradeHead = (g: 1 | 2 | 3 | 4, text: string): TableCell => ({ text, style: 'th', fillColor: CHART_FILL[g], alignment: 'center' });
  const body = s.distribution.map((r): TableCell[] => [
    { text: r.label, style: 'cell', bold: r.label === 'Overall grade' },
    ...([1, 2, 3, 4, 0] as const).map((g) => countsCell(r.before[g], r.after[g], g)),
  ]);
  return titledTable(
    'Grades by section: auditor’s grades » agreed grades',
    ['*', 56, 56, 56, 56, 40],
    [th('Section'), gradeHead(1, '1 Outstanding'), gradeHead(2, '2 Good'), gradeHead(3, '3 Req. improvement'), gradeHead(4, '4 Inadequate'), th('N/A', 'center')],
    body,
    'No audits.',
  );
}

function figureRow(label: string, f: Figures): TableCell[] {
  return [
    { text: label, style: 'cell', bold: label === 'All sections and overall' || label === 'Overall grade' },
    { text: String(f.n), style: 'cell', alignment: 'right' },
    { text: pct(f.exactAgreement), style: 'cell', alignment: 'right' },
    { text: pct(f.withinOne), style: 'cell', alignment: 'right' },
    { text: signed(f.meanShift), style: 'cell', alignment: 'right', color: f.meanShift !== null && f.meanShift >= 0.5 ? COLOURS.danger : COLOURS.ink },
    { text: f.kappaQuadratic === null ? '—' : f.kappaQuadratic.toFixed(3), style: 'cell', alignment: 'right', color: f.reliable ? COLOURS.ink : COLOURS.muted },
  ];
}

function agreementTable(s: SummaryDoc): Content {
  const body = [...s.bySection.map((f) => figureRow(f.label, f)), figureRow('All sections and overall', s.figures)];
  return titledTable(
    'Agreement between auditors and agreed grades',
    ['*', 40, 62, 62, 56, 56],
    [th('Section'), th('Pairs', 'right'), th('Exact agreement', 'right'), th('Within one grade', 'right'), th('Mean shift', 'right'), th('Kappa (quadratic)', 'right')],
    s.bySection.length ? body : [],
    'No audit in this pack has completed moderation, so there are no agreement figures yet.',
  );
}

function driftTable(s: SummaryDoc): Content {
  const body = s.drifting.map((d): TableCell[] => [
    { stack: [{ text: d.caseRef, bold: true }, { text: d.team, fontSize: 7.5, color: COLOURS.soft }], style: 'cell' },
    { ul: d.reasons, style: 'cell', markerColor: COLOURS.danger },
  ]);
  return titledTable('Cases drifting', [90, '*'], [th('Case'), th('Why it is drifting')], body, 'No case in this pack is drifting.');
}

/** The few sentences a director reads first. */
function headlines(s: SummaryDoc): string[] {
  const out: string[] = [];
  const f = s.figures;
  out.push(`${s.audits} audit${s.audits === 1 ? '' : 's'} in this pack; ${s.moderated} (${s.audits ? Math.round((100 * s.moderated) / s.audits) : 0}%) moderated and agreed.`);
  if (f.movedDown !== null) out.push(`In ${f.movedDown.toFixed(0)}% of moderated audits the agreed overall grade was worse than the auditor’s.`);
  if (f.meanShift !== null) {
    const m = f.meanShift;
    const how = m >= 0.5 ? 'markedly more generous than moderation found: review calibration' : m > 0 ? 'slightly more generous than moderation found' : m < 0 ? 'slightly harsher than moderation found' : 'in line with moderation';
    out.push(`Mean shift ${signed(m)} across ${f.n} graded pairs: auditors were ${how}.`);
  }
  const overall = s.distribution[s.distribution.length - 1];
  if (overall) {
    const graded = overall.after[1] + overall.after[2] + overall.after[3] + overall.after[4];
    if (graded) {
      const good = overall.after[1] + overall.after[2];
      out.push(`After moderation, ${good} of ${graded} audits (${Math.round((100 * good) / graded)}%) are Good or Outstanding overall and ${overall.after[4]} Inadequate.`);
    }
  }
  out.push(`${s.actions.overdue} of ${s.actions.open} open action${s.actions.open === 1 ? ' is' : 's are'} overdue; ${s.drifting.length} case${s.drifting.length === 1 ? ' is' : 's are'} drifting.`);
  return out;
}

export function summaryContent(s: SummaryDoc): Content[] {
  const modNote = s.figures.n > 0 && !s.figures.reliable ? [{ text: s.figures.note ?? '', style: 'note', margin: [0, 3, 0, 0] } as Content] : [];
  const overall = s.distribution[s.distribution.length - 1];
  return [
    { text: 'Summary', style: 'h1', tocItem: true, tocStyle: { bold: true }, pageBreak: 'before', id: 'summary' },
    { ul: headlines(s), fontSize: 10.5, lineHeight: 1.3, markerColor: COLOURS.brand, margin: [0, 2, 0, 10] },
    tiles(s),
    ...s.notes.map((n): Content => ({ text: n, style: 'note', margin: [0, 0, 0, 4] })),
    { text: 'Overall grade before and after moderation', style: 'tableTitle', margin: [0, 8, 0, 6] },
    overall ? overallChart(overall.before, overall.after, CONTENT_WIDTH) : '',
    { text: 'Actions raised by these audits', style: 'tableTitle', margin: [0, 12, 0, 6], unbreakable: true },
    actionsChart(s.actions, CONTENT_WIDTH),
    {
      text: s.actions.dueDateMoved ? `${s.actions.dueDateMoved} open action${s.actions.dueDateMoved === 1 ? ' has' : 's have'} had the due date moved twice or more.` : '',
      style: 'small',
      margin: [0, 4, 0, 0],
    },
    { text: 'Grades by section, before (auditor) and after (agreed) moderation', style: 'tableTitle', margin: [0, 0, 0, 4], pageBreak: 'before' },
    legend(CONTENT_WIDTH),
    distributionChart(s.distribution, CONTENT_WIDTH),
    distributionTable(s),
    agreementTable(s),
    ...modNote,
    driftTable(s),
    {
      unbreakable: true,
      margin: [0, 14, 0, 0],
      stack: [
        { text: 'How to read these figures', style: 'tableTitle', margin: [0, 0, 0, 3] },
        {
          text: 'Grades are the auditors’ unless moderation agreed a different grade. Exact agreement is the share of section and overall grades where the auditor’s grade equals the agreed grade; mean shift is the agreed grade minus the auditor’s, averaged, so a positive figure means auditors were more generous than moderation found. Kappa (quadratic weights) measures agreement beyond chance; below 10 pairs it is unreliable. An action is overdue when its due date has passed and it is not done; a case drifts when an action is more than 28 days overdue, when an action’s due date has moved twice or more, or when an audit graded 3 or 4 still has all its actions open when the next programme starts.',
          style: 'small',
        },
      ],
    },
  ];
}
