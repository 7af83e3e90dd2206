/** Service-level findings in the report and pack: what the service must improve, apart from actions for one child. */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { ServiceFindingDoc } from '../model';
import { titledTable } from './audit';
import { COLOURS, th, ukDate } from './theme';

function rows(findings: ServiceFindingDoc[]): TableCell[][] {
  return findings.map((f) => {
    const flags = [f.overdueDays > 0 ? `${f.overdueDays} days overdue` : '', f.drifting ? 'drifting' : '', f.dueDateMoves > 0 ? `due date moved ${f.dueDateMoves}×` : ''].filter(Boolean).join(' · ');
    const status: Content[] = [{ text: f.status, bold: true }];
    if (flags) status.push({ text: flags, color: f.overdueDays > 0 || f.drifting ? COLOURS.danger : COLOURS.soft, fontSize: 7.5 });
    if (f.doneDate) status.push({ text: `on ${ukDate(f.doneDate)}`, fontSize: 7.5, color: COLOURS.soft });
    const what: Content[] = [{ text: f.title }, { text: `Raised from the ${f.raisedFrom}`, fontSize: 7.5, color: COLOURS.soft, margin: [0, 2, 0, 0] }];
    if (f.doneNote) what.push({ text: [{ text: f.status === 'Cancelled' ? 'Why cancelled: ' : 'What was done: ', bold: true }, f.doneNote], fontSize: 7.5, color: COLOURS.soft, margin: [0, 2, 0, 0] });
    return [
      { text: f.level, style: 'cell', bold: true },
      { stack: what, style: 'cell' },
      { stack: [{ text: f.owner }, { text: f.ownerRole, fontSize: 7.5, color: COLOURS.soft }], style: 'cell' },
      { text: ukDate(f.dueDate), style: 'cell', noWrap: true },
      { text: f.priority, style: 'cell' },
      { stack: status, style: 'cell' },
    ];
  });
}

export function serviceFindingsTable(findings: ServiceFindingDoc[], empty: string): Content {
  return titledTable(
    'Service-level findings',
    [72, '*', 80, 52, 40, 66],
    [th('Owned by'), th('What the service must improve'), th('Owner'), th('Due'), th('Priority'), th('Status')],
    rows(findings),
    empty,
  );
}
