import { OVERALL_KEY, type ModerationRecord, type ModerationRow, type ModerationView } from '../../../shared/api/moderation';
import type { Principal } from '../../../shared/api/session';
import { ANSWER_LABELS, type Answer } from '../../../shared/domain/template';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { principalOf } from '../policy/principal';
import { can } from '../../../shared/api/index';
import { ownAuditReason } from './access';
import { answers, getAudit, getTemplate, gradesOf, moderationsOf, pickOf, sectionGrades, toGrade, type AuditRow } from './queries';
import { brokenRules, sideGrades } from './limits';
import { auditWarnings } from './warnings';
import { agreementStage } from './bothAgree';

const STATUS_WHY: Record<string, string> = {
  draft: 'This audit is still a draft: it can be moderated once the auditor submits it.',
  returned: 'This audit was returned to the auditor: it can be moderated again once they resubmit it.',
  agreed: 'This audit has been agreed; its moderation is closed.',
};

/** The moderation shown for an audit: the one in progress, or the agreed one. */
export function currentModeration(audit: AuditRow, all: ModerationRecord[]): ModerationRecord | null {
  const active = all.find((m) => m.finishedAt === null);
  if (active) return active;
  if (audit.status === 'agreed') return [...all].reverse().find((m) => m.status === 'agreed') ?? null;
  return null;
}

/** Blind means blind: nothing of the auditor's goes to the client until the moderator has graded everything. */
export function auditorHidden(user: Principal, audit: AuditRow, current: ModerationRecord | null): boolean {
  if (user.id === audit.auditor_id) return false;
  if (current) return current.mode === 'blind' && current.status === 'grading';
  return audit.status === 'submitted' || audit.status === 'in-moderation';
}

function assertMayView(user: Principal, audit: AuditRow): void {
  if (can(user.role, 'moderation:start')) {
    const own = ownAuditReason(user, audit);
    if (own && (audit.status === 'submitted' || audit.status === 'in-moderation')) throw new AppError('FORBIDDEN', own);
    return;
  }
  if (user.id !== audit.auditor_id) {
    throw new AppError('FORBIDDEN', `Only moderators, QA leads and the auditor can see the moderation of case ${audit.reference}.`);
  }
  if (audit.status === 'in-moderation') {
    throw new AppError('FORBIDDEN', `Your audit of case ${audit.reference} is being moderated. You will see the outcome when it is agreed or returned to you.`);
  }
}

function whyNot(user: Principal, audit: AuditRow, current: ModerationRecord | null): string | null {
  if (!can(user.role, 'moderation:start')) return 'Only moderators and QA leads can moderate audits.';
  const own = ownAuditReason(user, audit);
  if (own) return own;
  if (current && current.finishedAt === null) {
    return current.moderatorId === user.id ? null : `${current.moderatorName} is moderating this audit; only they can change this moderation.`;
  }
  if (audit.status === 'submitted') return null;
  return STATUS_WHY[audit.status] ?? `This audit is ${audit.status}.`;
}

export function buildView(ctx: CoreContext, auditId: string): ModerationView {
  const user = principalOf(ctx);
  const audit = getAudit(ctx.db, auditId);
  assertMayView(user, audit);
  const template = getTemplate(ctx.db, audit.template_id);
  const all = moderationsOf(ctx.db, audit.id);
  const current = currentModeration(audit, all);
  const hidden = auditorHidden(user, audit, current);
  const grades = current ? gradesOf(ctx.db, current.id) : new Map();
  const live = new Map(sectionGrades(ctx.db, audit.id).map((s) => [s.section_key, s]));
  const given = hidden ? {} : answers(ctx.db, audit.id);

  const entries = [
    ...template.sections.map((s) => ({ key: s.key, number: s.number as number | null, title: s.title, questions: s.questions })),
    { key: OVERALL_KEY, number: null, title: "Overall: the child's experience and progress", questions: [] },
  ];
  const rows: ModerationRow[] = entries.map((e) => {
    const g = grades.get(e.key);
    const liveGrade = e.key === OVERALL_KEY ? audit.overall_grade : (live.get(e.key)?.grade ?? null);
    const auditorGrade = hidden ? null : toGrade(g?.auditor_grade ?? liveGrade);
    const moderatorGrade = toGrade(g?.moderator_grade);
    return {
      section: e.key,
      number: e.number,
      title: e.title,
      questions: e.questions.map((q) => q.text),
      auditorGrade,
      auditorEvidence: hidden ? null : e.key === OVERALL_KEY ? null : (live.get(e.key)?.evidence ?? ''),
      answers: hidden || e.key === OVERALL_KEY ? null : e.questions.map((q) => ({ question: q.text, answer: ANSWER_LABELS[given[q.key] as Answer] ?? 'Not answered' })),
      moderatorGrade,
      moderatorRationale: g?.moderator_rationale ?? '',
      moderatorReason: g?.moderator_reason ?? null,
      agreedGrade: toGrade(g?.agreed_grade),
      agreedRationale: g?.agreed_rationale ?? '',
      reasonCode: g?.reason_code ?? null,
      reconciled: g?.reconciled === 1,
      difference: hidden || moderatorGrade === null ? null : moderatorGrade !== auditorGrade,
    };
  });

  const pick = pickOf(ctx.db, audit.id);
  const limits = { moderator: [] as string[], agreed: [] as string[] };
  if (current && grades.size > 0) {
    // Blind means blind: the auditor's answers are not read for the live figure while grading.
    const given = hidden ? {} : answers(ctx.db, audit.id);
    const moderatorOverall = grades.get(OVERALL_KEY)?.moderator_grade;
    if (moderatorOverall) limits.moderator = brokenRules(template, sideGrades('moderator', current.mode, grades), given);
    if (!hidden) limits.agreed = brokenRules(template, sideGrades('agreed', current.mode, grades), given);
  }
  return {
    audit: {
      id: audit.id,
      caseReference: audit.reference,
      team: audit.team,
      caseType: audit.case_type,
      ageBand: audit.age_band,
      worker: audit.worker,
      auditorId: audit.auditor_id,
      auditorName: audit.auditor_name,
      programmeName: audit.programme_name,
      status: audit.status,
      submittedAt: audit.submitted_at,
      templateName: template.displayName,
    },
    auditorHidden: hidden,
    auditor: hidden
      ? null
      : {
          keyFindings: audit.key_findings,
          strengths: parseList(audit.strengths),
          areas: parseList(audit.areas),
          feedback: JSON.parse(audit.feedback || '{}') as unknown,
          justification: audit.justification,
          warnings: auditWarnings(ctx, audit),
        },
    moderation: current,
    previous: hidden ? [] : all.filter((m) => m !== current),
    rows,
    canAct: whyNot(user, audit, current) === null,
    whyNot: whyNot(user, audit, current),
    pick: pick ? { reason: pick.reason, seed: pick.seed } : null,
    limits,
    agreement: agreementOf(user, audit, current),
  };
}

function agreementOf(user: Principal, audit: AuditRow, m: ModerationRecord | null): ModerationView['agreement'] {
  const stage = m && audit.status === 'agreed' ? agreementStage(m) : null;
  if (!m || !stage) return null;
  const auditor = user.id === audit.auditor_id;
  return {
    stage,
    canAcknowledge: auditor && stage === 'awaiting-auditor',
    canReconsider: auditor && stage === 'awaiting-auditor' && m.reconsider === null,
    canAnswer: user.id === m.moderatorId && stage === 'awaiting-moderator',
  };
}

function parseList(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}
