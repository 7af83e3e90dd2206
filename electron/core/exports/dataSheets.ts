/**
 * The data export's tables (cases, audits, grades, actions, moderation) as plain rows with
 * headers people understand. Dates are 'YYYY-MM-DD'; times 'YYYY-MM-DD HH:MM' in UK time.
 */
import { daysOverdue } from '../../../shared/domain/drift';
import { toLondonDate } from '../../../shared/domain/dates';
import { gradeText, isGrade, type GradeOrNA } from '../../../shared/domain/grades';
import type { Db } from '../db/open';
import { ACTION_STATUS_LABELS, AGE_BAND_LABELS, AUDIT_STATUS_LABELS, CASE_TYPE_LABELS, PRIORITY_LABELS, labelOf, reasonLabel } from './labels';
import type { SheetDoc } from './model';
import { answerSheets } from './dataAnswers';
import { serviceFindingsSheet } from './dataService';
import { allAuditRows, programmes, sectionsOf, templateOf } from './queries';
import { OVERALL_KEY, readActions, readModeration, toGrade, type ModerationGradeRow } from './sources';

const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An ISO instant as 'YYYY-MM-DD HH:MM' on the UK wall clock. */
export function londonDateTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = Object.fromEntries(LONDON.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const day = (v: string | null | undefined): string | null => (v ? toLondonDate(v) : null);
const gradeNumber = (g: GradeOrNA | null): number | null => (isGrade(g) ? g : null);
const gradeLabel = (g: GradeOrNA | null): string | null => (g === null ? null : gradeText(g));
const list = (text: string): string => {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.map(String).join('\n') : String(v);
  } catch {
    return text;
  }
};

type Col = SheetDoc['columns'][number];
const t = (header: string, width?: number): Col => ({ header, type: 'text', width });
const n = (header: string): Col => ({ header, type: 'number' });
const d = (header: string): Col => ({ header, type: 'date' });
const dt = (header: string): Col => ({ header, type: 'datetime' });

/** `hidden`: audits being moderated blind, whose auditor's side (grades, findings, actions) this user may not see yet. */
export function dataSheets(db: Db, today: string, hidden: ReadonlySet<string> = new Set()): SheetDoc[] {
  const audits = allAuditRows(db).filter((a) => !hidden.has(a.id));
  const ids = audits.map((a) => a.id);
  const sections = sectionsOf(db, ids);
  const moderation = readModeration(db, ids);
  const actions = readActions(db, null).rows.filter((x) => !hidden.has(x.audit_id));
  const programmeNames = new Map(programmes(db).map((p) => [p.id, p.name]));
  const auditsPerCase = new Map<string, number>();
  for (const a of audits) auditsPerCase.set(a.case_id, (auditsPerCase.get(a.case_id) ?? 0) + 1);

  const caseRows = db.prepare('SELECT * FROM cases ORDER BY reference COLLATE NOCASE').all() as {
    id: string; reference: string; team: string; worker: string; case_type: string; age_band: string; opened_on: string | null; closed_on: string | null;
  }[];
  const cases: SheetDoc = {
    name: 'Cases',
    file: 'cases',
    columns: [t('Case reference', 16), t('Team'), t('Allocated worker'), t('Case type', 16), t('Age band', 12), d('Opened'), d('Closed'), n('Audits')],
    rows: caseRows.map((c) => [c.reference, c.team, c.worker, labelOf(CASE_TYPE_LABELS, c.case_type), labelOf(AGE_BAND_LABELS, c.age_band), day(c.opened_on), day(c.closed_on), auditsPerCase.get(c.id) ?? 0]),
  };

  const agreedOf = (auditId: string): Map<string, ModerationGradeRow> | undefined => {
    const m = moderation.latest.get(auditId);
    return m && m.status === 'agreed' ? moderation.grades.get(m.id) : undefined;
  };

  const auditSheet: SheetDoc = {
    name: 'Audits',
    file: 'audits',
    columns: [
      t('Audit ID', 38), t('Case reference', 16), t('Team'), t('Auditor'), t('Status', 14), t('Template', 30), t('Programme'), dt('Started'), dt('Submitted'),
      n('Overall grade (auditor)'), t('Overall grade label (auditor)', 28), n('Agreed overall grade'), t('Agreed overall grade label', 28), t('Moderated', 12),
      t('Key findings', 60), t('Strengths', 40), t('Areas for improvement', 40),
    ],
    rows: audits.map((a) => {
      const agreed = agreedOf(a.id);
      const agreedOverall = agreed ? toGrade(agreed.get(OVERALL_KEY)?.agreed_grade) : null;
      const status = moderation.latest.get(a.id)?.status;
      const moderated = status === 'agreed' ? 'Yes' : moderation.unmoderated.has(a.id) ? 'No (not sampled)' : status ? 'In progress' : 'No';
      const tpl = templateOf(db, a.template_id);
      return [
        a.id, a.case_ref, a.team, a.auditor_name ?? '', labelOf(AUDIT_STATUS_LABELS, a.status), tpl ? `${tpl.name} v${tpl.version}` : '', a.programme_id ? (programmeNames.get(a.programme_id) ?? '') : '',
        londonDateTime(a.created_at), londonDateTime(a.submitted_at), gradeNumber(toGrade(a.overall_grade)), gradeLabel(toGrade(a.overall_grade)),
        gradeNumber(agreedOverall), gradeLabel(agreedOverall), moderated, a.key_findings, list(a.strengths), list(a.areas),
      ];
    }),
  };

  const gradeRows: SheetDoc['rows'] = [];
  for (const a of audits) {
    const tpl = templateOf(db, a.template_id);
    const m = moderation.latest.get(a.id);
    const grades = m && (m.status !== 'grading' || m.mode === 'open') ? moderation.grades.get(m.id) : undefined;
    const own = new Map((sections.get(a.id) ?? []).map((s) => [s.section_key, s]));
    const keys = [...(tpl?.sections ?? []).map((s) => ({ key: s.key, num: s.number as number | null, title: s.title })), { key: OVERALL_KEY, num: null, title: 'Overall grade' }];
    for (const k of keys) {
      const auditor = k.key === OVERALL_KEY ? toGrade(a.overall_grade) : toGrade(own.get(k.key)?.grade);
      const g = grades?.get(k.key);
      const moderator = toGrade(g?.moderator_grade);
      const agreed = toGrade(g?.agreed_grade);
      if (auditor === null && !g) continue;
      gradeRows.push([
        a.id, a.case_ref, a.team, k.num, k.title, gradeNumber(auditor), gradeLabel(auditor), gradeNumber(moderator), gradeLabel(moderator),
        gradeNumber(agreed), gradeLabel(agreed), reasonLabel(auditor, agreed, g?.reason_code, g?.moderator_reason) || null,
        k.key === OVERALL_KEY ? null : (own.get(k.key)?.evidence ?? null),
      ]);
    }
  }
  const grades: SheetDoc = {
    name: 'Grades',
    file: 'grades',
    columns: [
      t('Audit ID', 38), t('Case reference', 16), t('Team'), n('Section number'), t('Section', 36), n('Auditor grade'), t('Auditor grade label', 28), n('Moderator grade'),
      t('Moderator grade label', 28), n('Agreed grade'), t('Agreed grade label', 28), t('Reason code', 18), t('Evidence', 60),
    ],
    rows: gradeRows,
  };

  const actionSheet: SheetDoc = {
    name: 'Actions',
    file: 'actions',
    columns: [
      t('Action ID', 38), t('Case reference', 16), t('Team'), t('Audit ID', 38), t('Section', 10), t('Action', 50), t('Owner'), t('Owner role'), t('Priority', 10), t('Status', 12),
      d('Due date'), n('Due date moves'), d('Done on'), t('What was done, or why cancelled', 40), n('Days overdue'), dt('Raised'),
    ],
    rows: actions.map((x) => [
      x.id, x.case_ref, x.team, x.audit_id, x.section_key, x.title, x.owner_name, x.owner_role, labelOf(PRIORITY_LABELS, x.priority), labelOf(ACTION_STATUS_LABELS, x.status),
      x.due_date, x.due_moves, day(x.done_on), x.status === 'cancelled' ? x.cancel_reason : x.done_note, daysOverdue({ status: x.status as 'open', dueDate: x.due_date }, today),
      londonDateTime(x.created_at),
    ]),
  };

  const templateOfAudit = new Map(audits.map((a) => [a.id, a.template_id]));
  const sectionTitle = (auditId: string, key: string): string => {
    if (key === OVERALL_KEY) return 'Overall grade';
    const s = templateOf(db, templateOfAudit.get(auditId) ?? '')?.sections.find((x) => x.key === key);
    return s ? `${s.number}. ${s.title}` : key;
  };
  const modRows: SheetDoc['rows'] = [];
  if (moderation.available) {
    const all = db
      .prepare(
        `SELECT m.id, m.audit_id, m.mode, m.status, m.started_at, m.finished_at, m.moderator_agreed_at, m.auditor_agreed_at, m.reconsider_reason,
                m.reconsider_answer, m.reconsider_answer_rationale, u.name AS moderator_name, c.reference AS case_ref, g.*
         FROM moderations m JOIN audits a ON a.id = m.audit_id JOIN cases c ON c.id = a.case_id LEFT JOIN users u ON u.id = m.moderator_id
         JOIN moderation_grades g ON g.moderation_id = m.id ORDER BY c.reference COLLATE NOCASE, m.started_at, g.section_key`,
      )
      .all() as (ModerationGradeRow & {
        id: string; audit_id: string; mode: string; status: string; started_at: string; finished_at: string | null; moderator_name: string | null; case_ref: string;
        moderator_agreed_at: string | null; auditor_agreed_at: string | null; reconsider_reason: string; reconsider_answer: string | null; reconsider_answer_rationale: string;
      })[];
    for (const r of all) {
      if (hidden.has(r.audit_id) || (r.mode === 'blind' && r.status === 'grading')) continue;
      const [au, mo, ag] = [toGrade(r.auditor_grade), toGrade(r.moderator_grade), toGrade(r.agreed_grade)];
      modRows.push([
        r.id, r.audit_id, r.case_ref, r.moderator_name ?? '', r.mode === 'blind' ? 'Blind' : 'Open', labelOf({}, r.status), londonDateTime(r.started_at), londonDateTime(r.finished_at),
        sectionTitle(r.audit_id, r.section_key), gradeNumber(au), gradeLabel(au), gradeNumber(mo), gradeLabel(mo), r.moderator_rationale || null,
        gradeNumber(ag), gradeLabel(ag), r.agreed_rationale || null, reasonLabel(au, ag, r.reason_code, r.moderator_reason) || null,
        londonDateTime(r.moderator_agreed_at), londonDateTime(r.auditor_agreed_at), r.reconsider_reason || null,
        r.reconsider_answer === 'kept' ? 'Kept' : r.reconsider_answer === 'changed' ? 'Changed' : null, r.reconsider_answer_rationale || null,
      ]);
    }
  }
  const moderationSheet: SheetDoc = {
    name: 'Moderation',
    file: 'moderation',
    columns: [
      t('Moderation ID', 38), t('Audit ID', 38), t('Case reference', 16), t('Moderator'), t('Mode', 8), t('State', 12), dt('Started'), dt('Finished'), t('Section', 36),
      n('Auditor grade'), t('Auditor grade label', 28), n('Moderator grade'), t('Moderator grade label', 28), t('Moderator rationale', 40), n('Agreed grade'),
      t('Agreed grade label', 28), t('Agreed rationale', 40), t('Reason code', 18),
      dt('Moderator agreed'), dt('Auditor acknowledged'), t('Auditor asked to reconsider, because', 40), t('Moderator answer', 10), t('Moderator answer rationale', 40),
    ],
    rows: modRows,
  };
  return [cases, auditSheet, grades, ...answerSheets(db, audits), actionSheet, serviceFindingsSheet(db, today, londonDateTime), moderationSheet];
}
