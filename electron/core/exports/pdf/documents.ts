/** The two PDF documents: one audit's report, and a pack of audits with cover, contents and summary. */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { AuditDoc, PackDoc, ReportDoc, VerificationDoc } from '../model';
import { actionsTable, auditContent } from './audit';
import { serviceFindingsTable } from './serviceFindings';
import { summaryContent } from './summary';
import { chrome, COLOURS, CONTENT_WIDTH, MARKING, ukDateTime } from './theme';

function handlingNotice(): Content {
  return {
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              { text: MARKING, style: 'marking', margin: [0, 0, 0, 3] },
              {
                text: 'This document holds information about children and their families. Children are identified by case reference only; no child is named. Share it only with people who need it for their work, keep it on the council’s secure systems, and destroy it as your authority’s policy for OFFICIAL-SENSITIVE information requires.',
                style: 'small',
              },
            ],
            fillColor: COLOURS.band,
          },
        ],
      ],
    },
    layout: 'panel',
  };
}

function verificationFacts(v: VerificationDoc): Content {
  const row = (label: string, value: Content) => [{ text: label, style: 'cell', bold: true, color: COLOURS.soft }, value];
  return {
    table: {
      widths: [120, '*'],
      body: [
        row('Exported', { text: `${ukDateTime(v.exportedAt)} (UK time)`, style: 'cell' }),
        row('Exported by', { text: v.exportedBy, style: 'cell' }),
        row('Export record', { text: v.exportId, style: 'cell' }),
        row('History entries', { text: `${v.rows}, including the record of this export`, style: 'cell' }),
        row('Head hash', { text: v.headHash, style: 'cell', bold: true, fontSize: 9.4, color: COLOURS.brand }),
      ],
    },
    layout: 'plumbline',
    margin: [0, 6, 0, 10],
  };
}

/** The last page: the history's head hash and the time of export, and how to check them. */
export function verificationContent(v: VerificationDoc, what: 'pack' | 'report', pageBreak: boolean): Content[] {
  return [
    { text: `Verifying this ${what}`, style: what === 'pack' ? 'h1' : 'h2', tocItem: what === 'pack', tocStyle: { bold: true }, pageBreak: pageBreak ? 'before' : undefined, margin: [0, pageBreak ? 0 : 16, 0, 6] },
    {
      text: `Plumbline records every change to its database in a history: who made it, when and what changed, each entry sealed with a SHA-256 hash of the entry before it. The hash of the latest entry, the head hash, changes whenever anything changes, so it names exactly the state of the records this ${what} was made from. Making this ${what} was itself recorded in the history before the hash below was read.`,
      margin: [0, 0, 0, 4],
    },
    verificationFacts(v),
    { text: 'How to check it', style: 'tableTitle', margin: [0, 4, 0, 4] },
    {
      ol: [
        { text: ['On the computer that holds the database, run ', { text: 'plumbline verify --db <database file> --json', bold: true }, '.'] },
        { text: ['"ok": true means the history is intact: no entry has been changed or removed.'] },
        { text: [`"headHash" equals the head hash above when nothing has changed since this ${what} was made. If work has continued since, the export record named above is in the history, followed by the later changes.`] },
      ],
      margin: [0, 0, 0, 8],
    },
    { text: `A copy of this ${what} that has been edited cannot be checked this way: ask the QA team for a fresh export.`, style: 'note' },
  ];
}

function coverContent(p: PackDoc): Content[] {
  const s = p.summary;
  return [
    { canvas: [{ type: 'rect', x: 0, y: 0, w: CONTENT_WIDTH, h: 6, color: COLOURS.brand }], margin: [0, 40, 0, 24] },
    { text: 'AUDIT PACK', style: 'label', fontSize: 10, color: COLOURS.brand, characterSpacing: 0.6 },
    { text: p.title, fontSize: 28, bold: true, color: COLOURS.ink, margin: [0, 6, 0, 10] },
    { text: p.scope.join('\n'), fontSize: 12, color: COLOURS.soft, lineHeight: 1.4 },
    {
      margin: [0, 40, 0, 0],
      columns: [
        { width: '*', stack: [{ text: 'AUDITS', style: 'label' }, { text: String(s.audits), fontSize: 20, bold: true, color: COLOURS.brand }] },
        { width: '*', stack: [{ text: 'MODERATED', style: 'label' }, { text: String(s.moderated), fontSize: 20, bold: true, color: COLOURS.brand }] },
        { width: '*', stack: [{ text: 'ACTIONS', style: 'label' }, { text: String(s.actions.total), fontSize: 20, bold: true, color: COLOURS.brand }] },
        { width: '*', stack: [{ text: 'CASES DRIFTING', style: 'label' }, { text: String(s.drifting.length), fontSize: 20, bold: true, color: s.drifting.length ? COLOURS.danger : COLOURS.brand }] },
      ],
    },
    {
      margin: [0, 40, 0, 0],
      table: {
        widths: [110, '*'],
        body: [
          [{ text: 'Prepared', style: 'label', margin: [0, 2, 0, 0] }, { text: ukDateTime(p.verification.exportedAt) }],
          [{ text: 'Prepared by', style: 'label', margin: [0, 2, 0, 0] }, { text: p.verification.exportedBy }],
          [{ text: 'Checking this pack', style: 'label', margin: [0, 2, 0, 0] }, { text: 'The last page gives the history hash this pack was made from and how to check it.' }],
        ],
      },
      layout: 'grid',
    },
    { text: '', margin: [0, 150, 0, 0] },
    handlingNotice(),
  ];
}

function auditHeading(a: AuditDoc, pack: boolean, pageBreak = pack): Content {
  return {
    text: [{ text: a.caseRef }, { text: `  ·  ${a.team}`, color: COLOURS.soft }],
    style: pack ? 'h2' : 'h1',
    tocItem: pack,
    tocStyle: 'tocAudit',
    tocMargin: [18, 0, 0, 0],
    pageBreak: pageBreak ? 'before' : undefined,
    id: `audit-${a.id}`,
  } as Content;
}

/** The audits, each on a new page; with several teams, a contents line for each team. */
function auditsContent(audits: AuditDoc[]): Content[] {
  const counts = new Map<string, number>();
  for (const a of audits) counts.set(a.team, (counts.get(a.team) ?? 0) + 1);
  const out: Content[] = [];
  let team: string | null = null;
  audits.forEach((a, i) => {
    const first = i === 0;
    if (first) {
      out.push({ text: 'The audits', style: 'h1', tocItem: true, tocStyle: { bold: true }, pageBreak: 'before', margin: [0, 0, 0, 2] });
      out.push({ text: `${audits.length} audit${audits.length === 1 ? '' : 's'}, each starting on a new page, by team and case reference.`, style: 'sub', margin: [0, 0, 0, 14] });
    }
    if (counts.size > 1 && a.team !== team) {
      const n = counts.get(a.team)!;
      out.push({ text: `Team: ${a.team} (${n} audit${n === 1 ? '' : 's'})`, style: 'label', fontSize: 8.5, color: COLOURS.brand, tocItem: true, tocStyle: { bold: true, fontSize: 9.5 }, tocMargin: [6, 6, 0, 1], pageBreak: first ? undefined : 'before', margin: [0, 0, 0, 4] });
      out.push(...auditContent(a, auditHeading(a, true, false)));
    } else {
      out.push(...auditContent(a, auditHeading(a, true, !first)));
    }
    team = a.team;
  });
  return out;
}

export function packDefinition(p: PackDoc): TDocumentDefinitions {
  const actions = p.audits.flatMap((a) => a.actions);
  const order = (x: (typeof actions)[number]) => (x.status === 'Open' ? (x.overdueDays > 0 ? 0 : 1) : 2);
  actions.sort((x, y) => order(x) - order(y) || (x.dueDate ?? '').localeCompare(y.dueDate ?? '') || x.caseRef.localeCompare(y.caseRef));
  const content: Content[] = [
    ...coverContent(p),
    {
      toc: { title: { text: 'Contents', style: 'h1', margin: [0, 0, 0, 10] }, textStyle: 'toc', numberStyle: { fontSize: 9.5, bold: true }, textMargin: [0, 2, 0, 2] },
      pageBreak: 'before',
    },
    ...summaryContent(p.summary),
    ...auditsContent(p.audits),
    { text: 'Action plan', style: 'h1', tocItem: true, tocStyle: { bold: true }, pageBreak: 'before' },
    { text: 'Every action raised by the audits in this pack: overdue actions first, then open actions by due date, then those done or cancelled.', style: 'sub', margin: [0, 0, 0, 4] },
    actionsTable('Actions across all audits', actions, true, 'The audits in this pack raised no actions.'),
    { text: 'Service-level findings', style: 'h1', tocItem: true, tocStyle: { bold: true }, pageBreak: 'before' },
    { text: 'What the service must improve, not one child: findings raised from the audits in this pack or their programmes, owned by a team or the whole service.', style: 'sub', margin: [0, 0, 0, 4] },
    serviceFindingsTable(p.serviceFindings ?? [], 'No service-level findings were raised from these audits or their programmes.'),
    ...verificationContent(p.verification, 'pack', true),
  ];
  return {
    ...chrome(p.title, p.verification.exportedAt, p.verification.demo),
    info: { title: p.title, author: p.verification.exportedBy, subject: `Plumbline audit pack (${MARKING})`, creator: 'Plumbline', producer: 'Plumbline' },
    content,
  };
}

export function reportDefinition(r: ReportDoc): TDocumentDefinitions {
  const a = r.audit;
  const content: Content[] = [
    { text: 'AUDIT REPORT', style: 'label', fontSize: 9, color: COLOURS.brand, characterSpacing: 0.6, margin: [0, 0, 0, 2] },
    ...auditContent(a, auditHeading(a, false)),
    ...(r.serviceFindings?.length ? [serviceFindingsTable(r.serviceFindings, '')] : []),
    ...verificationContent(r.verification, 'report', false),
  ];
  return {
    ...chrome(r.title, r.verification.exportedAt, r.verification.demo),
    info: { title: r.title, author: r.verification.exportedBy, subject: `Plumbline audit report (${MARKING})`, creator: 'Plumbline', producer: 'Plumbline' },
    watermark: a.status === 'Draft' ? { text: 'DRAFT', color: COLOURS.danger, opacity: 0.08, bold: true } : undefined,
    content,
  };
}

