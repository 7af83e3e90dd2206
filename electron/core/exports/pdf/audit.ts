/** One audit laid out for a report or a pack: facts, grades with evidence, feedback, findings, moderation, actions. */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { gradeText, type GradeOrNA } from '../../../../shared/domain/grades';
import type { ActionDoc, AuditDoc } from '../model';
import { COLOURS, gradeBadge, gradeCell, th, ukDate, ukDateTime } from './theme';

const dash = (s: string | null | undefined): string => (s && s.trim() ? s : '—');

function fact(label: string, value: string): Content {
  return { stack: [{ text: label.toUpperCase(), style: 'label' }, { text: dash(value), margin: [0, 1, 0, 0] }], margin: [0, 0, 0, 6] };
}

/** A table whose first header row is its title, repeated (as "… continued") on every page it runs onto. */
export function titledTable(title: string, widths: (string | number)[], header: TableCell[], body: TableCell[][], empty: string): Content {
  if (body.length === 0) {
    return { unbreakable: true, stack: [{ text: title, style: 'tableTitle', margin: [0, 12, 0, 4] }, { text: empty, style: 'note' }] };
  }
  const span = widths.length;
  const titleRow: TableCell[] = [{ text: title, style: 'tableTitle', colSpan: span, border: [false, false, false, false], margin: [-5, 8, 0, 2] }, ...Array(span - 1).fill({})];
  return {
    table: { headerRows: 2, keepWithHeaderRows: 1, dontBreakRows: true, widths, body: [titleRow, header, ...body] },
    layout: 'plumbline',
  };
}

function overallBlock(a: AuditDoc): Content {
  const rows: Content[] = [
    { columns: [{ width: 150, text: 'Overall grade (auditor)', bold: true, margin: [0, 3, 0, 0] }, { width: 'auto', stack: [gradeBadge(a.overall, 9.5)] }] },
  ];
  if (a.agreedOverall !== null) {
    const moved = a.agreedOverall !== a.overall;
    rows.push({
      margin: [0, 5, 0, 0],
      columns: [
        { width: 150, text: 'Agreed after moderation', bold: true, margin: [0, 3, 0, 0] },
        { width: 'auto', stack: [gradeBadge(a.agreedOverall, 9.5)] },
        { width: '*', text: moved ? 'changed at moderation' : 'confirmed at moderation', style: 'small', margin: [8, 3, 0, 0] },
      ],
    });
    const why = a.moderation?.ruleJustification?.agreed;
    if (why) rows.push({ text: [{ text: 'Breaks a limiting rule; justification: ', bold: true }, why], style: 'small', color: COLOURS.danger, margin: [150, 3, 0, 0] });
  }
  if (a.before) {
    rows.push({
      margin: [0, 5, 0, 0],
      columns: [
        { width: 150, text: 'Before: earlier audit', bold: true, margin: [0, 3, 0, 0] },
        { width: 'auto', stack: [gradeBadge(a.before.overall, 9.5)] },
        { width: '*', text: `audited ${ukDate(a.before.date)}`, style: 'small', margin: [8, 3, 0, 0] },
      ],
    });
  }
  return { stack: rows, margin: [0, 4, 0, 4] };
}

function sectionsTable(a: AuditDoc): Content {
  const body = a.sections.map((s): TableCell[] => {
    const evidence: Content[] = [{ text: dash(s.evidence) }];
    if (s.gaps.length) {
      evidence.push({ text: [{ text: 'Gaps found: ', bold: true }, s.gaps.map((g) => `${g.text} (${g.answer.toLowerCase()})`).join('; ')], style: 'small', margin: [0, 3, 0, 0] });
    }
    return [{ text: String(s.number), style: 'cell', color: COLOURS.muted }, { text: s.title, style: 'cell', bold: true }, gradeCell(s.grade, true), { stack: evidence, style: 'cell' }];
  });
  return titledTable('Grades and evidence by section', [14, 118, 100, '*'], [th('#'), th('Section'), th('Grade'), th('Evidence')], body, 'No section has been graded.');
}

function feedbackTable(a: AuditDoc): Content {
  const body = a.feedback.map((f): TableCell[] => [
    { text: f.who, style: 'cell', bold: true },
    { text: f.reason ? `${f.spokenTo}: ${f.reason}` : f.spokenTo, style: 'cell' },
    { text: dash(f.said), style: 'cell', italics: !!f.said },
    { text: f.view, style: 'cell' },
  ]);
  return titledTable('Child and family feedback', [90, 90, '*', 62], [th('Who'), th('Spoken to'), th('What they said'), th('View of the help')], body, 'No feedback was recorded.');
}

function bullets(title: string, items: string[]): Content {
  return {
    stack: [
      { text: title, style: 'tableTitle', margin: [0, 0, 0, 4] },
      items.length ? { ul: items, markerColor: COLOURS.brand, style: 'cell' } : { text: 'None recorded.', style: 'note' },
    ],
  };
}

function moderationBlock(a: AuditDoc): Content[] {
  const m = a.moderation;
  if (!m) return [{ text: 'Moderation record', style: 'tableTitle', margin: [0, 12, 0, 3] }, { text: 'This audit has not been moderated.', style: 'note' }];
  const facts = [m.mode && `${m.mode} moderation`, m.moderator && `by ${m.moderator}`, m.state, m.agreedAt && `agreed ${ukDate(m.agreedAt)}`].filter(Boolean).join(' · ');
  const notAgreed = m.agreedAt ? 'Not graded' : 'Not yet agreed';
  const justified: Content[] = [];
  if (m.ruleJustification?.moderator) {
    justified.push({ text: [{ text: 'The moderator’s overall grade breaks a limiting rule; justification: ', bold: true }, m.ruleJustification.moderator], style: 'small', margin: [0, 3, 0, 0] });
  }
  if (m.ruleJustification?.agreed) {
    justified.push({ text: [{ text: 'The agreed overall grade breaks a limiting rule; justification: ', bold: true }, m.ruleJustification.agreed], style: 'small', margin: [0, 3, 0, 0] });
  }
  justified.push(...bothAgreeLines(m));
  const body: TableCell[][] = [];
  for (const r of m.rows) {
    const changed = r.agreed !== null && r.agreed !== r.auditor;
    const fill = changed ? COLOURS.band : undefined;
    body.push([
      { text: r.label, style: 'cell', bold: true, fillColor: fill },
      { stack: [gradeCell(r.auditor, true)], fillColor: fill },
      { stack: [gradeCell(r.moderator, true, 'Not graded')], fillColor: fill },
      { stack: [gradeCell(r.agreed, true, notAgreed)], fillColor: fill },
      { text: [r.reasonCode, changed ? `${r.reasonCode ? '\n' : ''}changed` : ''].filter(Boolean).join(''), style: 'cell', fontSize: 7.8, color: changed ? COLOURS.danger : COLOURS.soft, fillColor: fill },
    ]);
    if (r.rationale) {
      const rationale: TableCell & { continues: boolean } = { continues: true, text: r.rationale, colSpan: 5, fontSize: 7.8, color: COLOURS.soft, margin: [8, -2, 0, 1], fillColor: fill };
      body.push([rationale, {}, {}, {}, {}]);
    }
  }
  return [
    titledTable('Moderation record', ['*', 94, 94, 94, 64], [th('Section'), th('Auditor'), th('Moderator'), th('Agreed'), th('Reason')], body, `${facts}. ${m.note || 'No grade was changed.'}`),
    ...(body.length ? [{ text: [facts, m.note ? `. ${m.note}` : ''].join(''), style: 'small', margin: [0, 3, 0, 0] } as Content] : []),
    ...justified,
  ];
}

/** "Both agree": when each side agreed, and the auditor's one request to reconsider with its answer. */
function bothAgreeLines(m: NonNullable<AuditDoc['moderation']>): Content[] {
  const b = m.bothAgree;
  if (!b) return [];
  const line = (label: string, text: string): Content => ({ text: [{ text: `${label}: `, bold: true }, text], style: 'small', margin: [0, 3, 0, 0] });
  const out: Content[] = [];
  if (b.reconsider) {
    out.push(line('The auditor asked the moderator to reconsider', `${ukDateTime(b.reconsider.requestedAt)}. ${b.reconsider.reason}`));
    if (b.reconsider.answeredAt) {
      const verb = b.reconsider.answer === 'changed' ? 'The moderator changed the agreed grades' : 'The moderator kept the agreed grades';
      out.push(line(verb, `${ukDateTime(b.reconsider.answeredAt)}. ${b.reconsider.answerRationale}`));
    } else out.push(line('The moderator', 'has not answered yet'));
  }
  const moderator = b.moderatorAgreedAt ? ukDateTime(b.moderatorAgreedAt) : 'not yet';
  const auditor = b.auditorAgreedAt ? ukDateTime(b.auditorAgreedAt) : 'not yet acknowledged';
  out.push(line('Both agree', `moderator agreed ${moderator} · auditor acknowledged ${auditor}${b.auditorAgreedAt ? ' (final)' : ''}`));
  return out;
}

export function actionRows(actions: ActionDoc[], withCase: boolean): TableCell[][] {
  return actions.map((x) => {
    const flags = [x.overdueDays > 0 ? `${x.overdueDays} days overdue` : '', x.drifting ? 'drifting' : '', x.dueDateMoves > 0 ? `due date moved ${x.dueDateMoves}×` : '']
      .filter(Boolean)
      .join(' · ');
    const status: Content[] = [{ text: x.status, bold: true }];
    if (flags) status.push({ text: flags, color: x.overdueDays > 0 || x.drifting ? COLOURS.danger : COLOURS.soft, fontSize: 7.5 });
    if (x.doneDate) status.push({ text: `on ${ukDate(x.doneDate)}`, fontSize: 7.5, color: COLOURS.soft });
    const what: Content[] = [{ text: x.title }];
    if (x.doneNote) what.push({ text: [{ text: x.status === 'Cancelled' ? 'Why cancelled: ' : 'What was done: ', bold: true }, x.doneNote], fontSize: 7.5, color: COLOURS.soft, margin: [0, 2, 0, 0] });
    const row: TableCell[] = [
      { stack: what, style: 'cell' },
      { stack: [{ text: x.owner }, { text: x.ownerRole, fontSize: 7.5, color: COLOURS.soft }], style: 'cell' },
      { text: ukDate(x.dueDate), style: 'cell', noWrap: true },
      { text: x.priority, style: 'cell' },
      { stack: status, style: 'cell' },
    ];
    return withCase ? [{ stack: [{ text: x.caseRef, bold: true }, { text: x.team, fontSize: 7.5, color: COLOURS.soft }], style: 'cell' }, ...row] : row;
  });
}

export function actionsTable(title: string, actions: ActionDoc[], withCase: boolean, empty: string): Content {
  const header = [th('Action for the child'), th('Owner'), th('Due'), th('Priority'), th('Status')];
  const widths: (string | number)[] = withCase ? [64, '*', 80, 50, 40, 80] : ['*', 88, 56, 44, 88];
  return titledTable(title, widths, withCase ? [th('Case'), ...header] : header, actionRows(actions, withCase), empty);
}

/** Everything about one audit. `heading` carries the toc entry and page break in a pack. */
export function auditContent(a: AuditDoc, heading: Content): Content[] {
  const subtitle = [a.caseType, a.ageBand && (/^\d/.test(a.ageBand) ? `aged ${a.ageBand}` : a.ageBand)].filter(Boolean).join(' · ');
  const parts: Content[] = [
    heading,
    { text: subtitle, style: 'sub', margin: [0, 0, 0, 10] },
    {
      table: {
        widths: ['*', '*', '*'],
        body: [
          [fact('Auditor', [a.auditor, a.auditorTitle].filter(Boolean).join(', ')), fact('Audit started', ukDate(a.createdAt)), fact('Submitted', ukDate(a.submittedAt))],
          [fact('Status', a.status), fact('Programme', a.programme || 'Not part of a programme'), fact('Allocated worker', a.worker)],
        ],
      },
      layout: 'grid',
    },
    { text: `Template: ${dash(a.template)}`, style: 'small', margin: [0, 0, 0, 6] },
    overallBlock(a),
    {
      unbreakable: true,
      margin: [0, 8, 0, 0],
      table: {
        widths: ['*'],
        body: [[{ stack: [{ text: 'Key findings', style: 'tableTitle', margin: [0, 0, 0, 3] }, { text: dash(a.keyFindings) }], fillColor: COLOURS.band }]],
      },
      layout: 'panel',
    },
    sectionsTable(a),
    feedbackTable(a),
    { columns: [bullets('Strengths', a.strengths), bullets('Areas for improvement', a.areas)], columnGap: 18, margin: [0, 12, 0, 0], unbreakable: true } as Content,
  ];
  if (a.justification.trim()) {
    parts.push({ unbreakable: true, stack: [{ text: 'Auditor’s justification for a submission warning', style: 'tableTitle', margin: [0, 12, 0, 3] }, { text: a.justification }] });
  }
  parts.push(...moderationBlock(a));
  parts.push(actionsTable('Actions', a.actions, false, 'No actions have been raised by this audit.'));
  return parts;
}

/** "DEMO-10001 · 3 Requires improvement to be good", for contents lines. */
export const auditTocText = (a: AuditDoc, grade: GradeOrNA | null): string => `${a.caseRef}  ·  ${a.team}  ·  ${gradeText(grade)}`;
