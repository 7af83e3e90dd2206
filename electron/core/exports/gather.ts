/**
 * Gathers audits, with their moderation record and actions, as plain JSON for the worker.
 * Synchronous SQLite reads: a few milliseconds even for a 300-page pack.
 */
import { daysOverdue, driftingCases } from '../../../shared/domain/drift';
import { ANSWER_LABELS, type Answer, type TemplateDefinition } from '../../../shared/domain/template';
import type { Db } from '../db/open';
import { ACTION_STATUS_LABELS, AGE_BAND_LABELS, AUDIT_STATUS_LABELS, CASE_TYPE_LABELS, PRIORITY_LABELS, SPOKEN_LABELS, VIEW_LABELS, labelOf, reasonLabel } from './labels';
import type { ActionDoc, AuditDoc, FeedbackDoc, ModerationDoc, SectionDoc } from './model';
import { answersOf, getAuditRow, programmes, sectionsOf, templateOf, type AuditRow } from './queries';
import { OVERALL_KEY, readActions, readModeration, toGrade, type ActionRow, type ModerationData } from './sources';

export interface Gathered {
  audits: AuditDoc[];
  rows: AuditRow[];
  moderation: ModerationData;
  actions: ActionRow[];
  actionsAvailable: boolean;
  drift: ReturnType<typeof driftingCases>;
}

function parseList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return value.map((v) => String(typeof v === 'object' && v && 'text' in v ? (v as { text: unknown }).text : v)).filter((v) => v.trim());
    return typeof value === 'string' && value.trim() ? [value] : [];
  } catch {
    return text.trim() ? [text] : [];
  }
}

const WHO: Record<string, string> = { child: 'Child or young person', parent: 'Parent or carer', carer: 'Carer' };

function parseFeedback(text: string): FeedbackDoc[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!value || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String((v as { who?: string }).who ?? i), v] as const) : Object.entries(value);
  return entries
    .filter(([, v]) => v && typeof v === 'object')
    .map(([who, raw]) => {
      const v = raw as Record<string, unknown>;
      const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
      return {
        who: WHO[who] ?? labelOf({}, who),
        spokenTo: labelOf(SPOKEN_LABELS, str('spokenTo')) || 'Not recorded',
        reason: str('spokenTo') === 'no' ? str('reason') : '',
        said: str('said'),
        view: labelOf(VIEW_LABELS, str('view')) || 'Not given',
      };
    });
}

function sectionDocs(template: TemplateDefinition | null, sections: { section_key: string; grade: string | null; evidence: string }[], answers: Map<string, string>): SectionDoc[] {
  const byKey = new Map(sections.map((s) => [s.section_key, s]));
  const defs = template?.sections ?? sections.map((s, i) => ({ key: s.section_key, number: i + 1, title: s.section_key, questions: [] }));
  return defs.map((def) => {
    const row = byKey.get(def.key);
    const gaps = def.questions
      .map((q) => ({ q, a: answers.get(q.key) }))
      .filter(({ q, a }) => (a === 'no' || a === 'partly') && !q.key.endsWith('left_at_risk'))
      .map(({ q, a }) => ({ text: q.text, answer: ANSWER_LABELS[a as Answer] }));
    // "Child left at significant risk" is a gap when the answer is yes (asked per section before migration 009).
    for (const q of def.questions) if (q.key.endsWith('left_at_risk') && answers.get(q.key) === 'yes') gaps.push({ text: q.text, answer: 'Yes' });
    for (const q of riskQuestionsFor(template, def.key, byKey)) if (answers.get(q.key) === 'yes') gaps.push({ text: q.text, answer: 'Yes' });
    return { key: def.key, number: def.number, title: def.title, grade: toGrade(row?.grade), evidence: row?.evidence ?? '', gaps };
  });
}

/**
 * Audit-level questions a limiting rule reads (asked once per audit) shown as a gap in the section the
 * rule applies to: each of the rule's sections at the rule's grade, else the first section it names.
 */
function riskQuestionsFor(template: TemplateDefinition | null, sectionKey: string, graded: Map<string, { grade: string | null }>): { key: string; text: string }[] {
  if (!template?.auditQuestions?.length) return [];
  return template.auditQuestions.filter((q) =>
    template.limitingRules.some((r) => {
      if (r.kind !== 'section-grade' || r.question?.key !== q.key) return false;
      const atGrade = r.sections.filter((k) => graded.get(k)?.grade === String(r.grade));
      return atGrade.length > 0 ? atGrade.includes(sectionKey) : r.sections[0] === sectionKey;
    }),
  );
}

function moderationDoc(auditId: string, template: TemplateDefinition | null, data: ModerationData): ModerationDoc | null {
  const m = data.latest.get(auditId);
  if (!m) {
    if (!data.unmoderated.has(auditId)) return null;
    const why = data.belowShare.get(auditId);
    const note = why
      ? `This audit was agreed without moderation below the moderation share; the QA lead recorded why: ${why}`
      : 'This audit was not in the moderation sample; the auditor’s grades stand.';
    return { moderator: '', mode: '', state: 'Agreed without moderation', agreedAt: null, rows: [], note };
  }
  const grades = data.grades.get(m.id) ?? new Map();
  const hidden = m.mode === 'blind' && m.status === 'grading';
  const rows = hidden
    ? []
    : [...(template?.sections ?? []).map((s) => ({ key: s.key, label: `${s.number}. ${s.title}` })), { key: OVERALL_KEY, label: 'Overall grade' }]
        .filter((s) => grades.has(s.key))
        .map(({ key, label }) => {
          const g = grades.get(key)!;
          const rationale = [g.moderator_rationale && `Moderator: ${g.moderator_rationale}`, g.agreed_rationale && `Agreed: ${g.agreed_rationale}`].filter(Boolean).join('\n');
          return {
            label,
            auditor: toGrade(g.auditor_grade),
            moderator: toGrade(g.moderator_grade),
            agreed: toGrade(g.agreed_grade),
            rationale,
            reasonCode: reasonLabel(toGrade(g.auditor_grade), toGrade(g.agreed_grade), g.reason_code, g.moderator_reason),
          };
        });
  const states: Record<string, string> = { grading: 'Moderator grading', reconciling: 'Reconciling differences', agreed: 'Agreed', returned: 'Returned to the auditor' };
  let note = hidden ? 'Blind moderation under way: the moderator’s grades are shown once both sides reconcile.' : '';
  if (m.status === 'returned') note = `Returned to the auditor: ${parseList(m.return_reasons).join('; ') || 'no reason recorded'}.`;
  return {
    moderator: m.moderator_name ?? 'Unknown moderator',
    mode: m.mode === 'blind' ? 'Blind' : 'Open',
    state: states[m.status] ?? labelOf({}, m.status),
    agreedAt: m.status === 'agreed' ? m.finished_at : null,
    rows,
    note,
    ruleJustification: { moderator: m.moderator_rule_justification, agreed: m.agreed_rule_justification },
    bothAgree:
      m.status === 'agreed'
        ? {
            moderatorAgreedAt: m.moderator_agreed_at ?? m.finished_at,
            auditorAgreedAt: m.auditor_agreed_at,
            reconsider: m.reconsider_requested_at
              ? { reason: m.reconsider_reason, requestedAt: m.reconsider_requested_at, answer: m.reconsider_answer, answerRationale: m.reconsider_answer_rationale, answeredAt: m.reconsider_answered_at }
              : null,
          }
        : undefined,
  };
}

function actionDoc(a: ActionRow, today: string, drifting: Set<string>): ActionDoc {
  return {
    id: a.id,
    auditId: a.audit_id,
    caseRef: a.case_ref,
    team: a.team,
    title: a.title,
    section: a.section_key ?? '',
    owner: a.owner_name,
    ownerRole: a.owner_role,
    dueDate: a.due_date,
    priority: labelOf(PRIORITY_LABELS, a.priority),
    status: labelOf(ACTION_STATUS_LABELS, a.status),
    doneDate: a.done_on,
    doneNote: a.status === 'cancelled' ? a.cancel_reason : a.done_note,
    dueDateMoves: a.due_moves,
    overdueDays: a.status === 'open' ? daysOverdue({ status: 'open', dueDate: a.due_date }, today) : 0,
    drifting: drifting.has(a.id),
  };
}

/** Builds the export documents of these audits (in the order given). */
export function gatherAudits(db: Db, rows: AuditRow[], today: string): Gathered {
  const ids = rows.map((r) => r.id);
  const sections = sectionsOf(db, ids);
  const answers = answersOf(db, ids);
  const moderation = readModeration(db, ids);
  const { rows: actions, available: actionsAvailable } = readActions(db, ids);
  const drift = driftingCases({
    today,
    actions: actions.map((a) => ({
      id: a.id, caseId: a.case_id, auditId: a.audit_id, title: a.title, owner: a.owner_name, team: a.team,
      status: a.status as 'open', dueDate: a.due_date, doneDate: a.done_on, dueDateMoves: a.due_moves, priority: a.priority as 'high',
    })),
    audits: rows.filter((r) => r.submitted_at).map((r) => ({ id: r.id, caseId: r.case_id, overall: toGrade(r.overall_grade), programmeId: r.programme_id, submittedAt: r.submitted_at! })),
    programmes: programmes(db).filter((p) => p.startDate).map((p) => ({ id: p.id, startDate: p.startDate! })),
  });
  const driftingActions = new Set(drift.flatMap((d) => d.reasons.map((r) => r.actionId).filter((x): x is string => !!x)));
  const actionsByAudit = new Map<string, ActionDoc[]>();
  for (const a of actions) {
    const list = actionsByAudit.get(a.audit_id) ?? [];
    list.push(actionDoc(a, today, driftingActions));
    actionsByAudit.set(a.audit_id, list);
  }
  const programmeNames = new Map(programmes(db).map((p) => [p.id, p.name]));
  const audits = rows.map((r): AuditDoc => {
    const template = templateOf(db, r.template_id);
    const answerMap = new Map((answers.get(r.id) ?? []).map((a) => [a.question_key, a.answer]));
    const mod = moderationDoc(r.id, template, moderation);
    const m = moderation.latest.get(r.id);
    const agreedOverall = m?.status === 'agreed' ? toGrade(moderation.grades.get(m.id)?.get(OVERALL_KEY)?.agreed_grade) : null;
    const earlier = r.follows_audit_id ? getAuditRow(db, r.follows_audit_id) : undefined;
    return {
      id: r.id,
      caseRef: r.case_ref,
      team: r.team,
      caseType: labelOf(CASE_TYPE_LABELS, r.case_type),
      ageBand: labelOf(AGE_BAND_LABELS, r.age_band),
      worker: r.worker,
      auditor: r.auditor_name ?? 'Unknown auditor',
      auditorTitle: r.auditor_title ?? '',
      status: labelOf(AUDIT_STATUS_LABELS, r.status),
      template: template ? `${template.name} (version ${template.version})` : '',
      programme: r.programme_id ? (programmeNames.get(r.programme_id) ?? '') : '',
      createdAt: r.created_at,
      submittedAt: r.submitted_at,
      overall: toGrade(r.overall_grade),
      agreedOverall,
      keyFindings: r.key_findings,
      strengths: parseList(r.strengths),
      areas: parseList(r.areas),
      feedback: parseFeedback(r.feedback),
      justification: r.justification,
      sections: sectionDocs(template, sections.get(r.id) ?? [], answerMap),
      moderation: mod,
      actions: actionsByAudit.get(r.id) ?? [],
      before: earlier ? { overall: toGrade(earlier.overall_grade), date: earlier.submitted_at ?? earlier.created_at } : null,
    };
  });
  return { audits, rows, moderation, actions, actionsAvailable, drift };
}
