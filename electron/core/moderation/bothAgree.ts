/**
 * "Both agree" (issue 12, item 7): once the moderator has agreed the reconciled grades, the
 * audit's own auditor acknowledges them, or asks the moderator to reconsider (once, with a
 * reason). The moderator answers the request: keep the grades, or change some, with a rationale.
 * The audit is final when the auditor has acknowledged the grades as they stand.
 *
 * The domain rules live here: only the audit's own auditor acknowledges or asks; only the
 * moderator who agreed the grades answers; one request per moderation; nothing is overwritten
 * (the history keeps every grade before a change, and the event names the grades replaced).
 */
import { OVERALL_KEY, REASON_LABELS, type AgreementStage, type BothAgreeInbox, type ModerationRecord, type ReasonCode } from '../../../shared/api/moderation';
import type { Principal } from '../../../shared/api/session';
import { formatUkDate, toLondonDate } from '../../../shared/domain/dates';
import { gradeText, type GradeOrNA } from '../../../shared/domain/grades';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { principalOf } from '../policy/principal';
import { write } from '../write';
import { brokenRules, requireJustification } from './limits';
import { answers, fromGrade, getAudit, getTemplate, gradesOf, moderationsOf, toGrade, type AuditRow } from './queries';

const MIN_TEXT = 10;
const modTarget = (id: string, section?: string) => ({ entity: 'moderation', entityId: id, fieldPrefix: section ? `${section}.` : undefined });
const auditTarget = (id: string) => ({ entity: 'audit', entityId: id });

/** Where "both agree" stands for one agreed moderation. */
export function agreementStage(m: ModerationRecord): AgreementStage | null {
  if (m.status !== 'agreed') return null;
  if (m.auditorAgreedAt) return 'final';
  if (m.reconsider && !m.reconsider.answeredAt) return 'awaiting-moderator';
  return 'awaiting-auditor';
}

/** The agreed moderation of an agreed audit (the latest), or a clear refusal. */
function agreedModeration(ctx: CoreContext, auditId: string): { audit: AuditRow; moderation: ModerationRecord } {
  const audit = getAudit(ctx.db, auditId);
  const moderation = audit.status === 'agreed' ? [...moderationsOf(ctx.db, auditId)].reverse().find((m) => m.status === 'agreed') : undefined;
  if (!moderation) {
    const why = audit.status === 'agreed' ? 'it was agreed without moderation, so there are no moderated grades to acknowledge' : `it is ${audit.status}, not agreed after moderation`;
    throw new AppError('CONFLICT', `Case ${audit.reference}'s audit has no agreed moderation: ${why}.`);
  }
  return { audit, moderation };
}

function assertOwnAuditor(user: Principal, audit: AuditRow, what: string): void {
  if (audit.auditor_id !== user.id) {
    throw new AppError('FORBIDDEN', `Only ${audit.auditor_name}, who wrote the audit of case ${audit.reference}, can ${what}.`);
  }
}

function needText(text: string, what: string): string {
  const t = text.trim();
  if (t.length < MIN_TEXT) throw new AppError('VALIDATION', `Write ${what} (at least ${MIN_TEXT} characters).`);
  return t;
}

/** The auditor acknowledges the agreed grades as they stand: the audit is final. */
export function acknowledgeGrades(ctx: CoreContext, auditId: string): void {
  const user = principalOf(ctx);
  const { audit, moderation } = agreedModeration(ctx, auditId);
  assertOwnAuditor(user, audit, 'acknowledge its agreed grades');
  const stage = agreementStage(moderation);
  if (stage === 'final') throw new AppError('CONFLICT', `You already acknowledged the agreed grades of case ${audit.reference}'s audit.`);
  if (stage === 'awaiting-moderator') {
    throw new AppError('CONFLICT', `You asked ${moderation.moderatorName} to reconsider; acknowledge the grades once they have answered.`);
  }
  write(ctx, (tx) => {
    tx.update('moderations', { id: moderation.id }, { auditor_agreed_at: tx.at }, modTarget(moderation.id));
    tx.event(auditTarget(audit.id), 'moderation-acknowledged', { moderationId: moderation.id, auditor: user.name });
  });
}

/** The auditor asks the moderator to reconsider, once per moderation, with a reason. */
export function requestReconsider(ctx: CoreContext, auditId: string, reason: string): void {
  const user = principalOf(ctx);
  const { audit, moderation } = agreedModeration(ctx, auditId);
  assertOwnAuditor(user, audit, 'ask the moderator to reconsider its grades');
  if (moderation.auditorAgreedAt) throw new AppError('CONFLICT', `You already acknowledged the agreed grades of case ${audit.reference}'s audit; they are final.`);
  if (moderation.reconsider) {
    throw new AppError('CONFLICT', `You can ask the moderator to reconsider once: you asked on ${formatUkDate(toLondonDate(moderation.reconsider.requestedAt))}. Acknowledge the grades as they stand.`);
  }
  const why = needText(reason, 'why the moderator should reconsider');
  write(ctx, (tx) => {
    tx.update('moderations', { id: moderation.id }, { reconsider_reason: why, reconsider_requested_at: tx.at }, modTarget(moderation.id));
    tx.event(auditTarget(audit.id), 'moderation-reconsider-requested', { moderationId: moderation.id, reason: why });
  });
}

export interface ReconsiderAnswer {
  auditId: string;
  decision: 'keep' | 'change';
  rationale: string;
  /** For 'change': the sections whose agreed grade changes (at least one). */
  changes: { section: string; agreedGrade: GradeOrNA; reasonCode: ReasonCode | null }[];
  justification?: string;
}

/** The moderator who agreed the grades answers the request: keep them, or change some, with a rationale. */
export function answerReconsider(ctx: CoreContext, input: ReconsiderAnswer): void {
  const user = principalOf(ctx);
  const { audit, moderation } = agreedModeration(ctx, input.auditId);
  if (moderation.moderatorId !== user.id) {
    throw new AppError('FORBIDDEN', `${moderation.moderatorName} agreed these grades; only they can answer the request to reconsider.`);
  }
  if (!moderation.reconsider) throw new AppError('CONFLICT', `${audit.auditor_name} has not asked you to reconsider case ${audit.reference}'s grades.`);
  if (moderation.reconsider.answeredAt) throw new AppError('CONFLICT', `You already answered the request to reconsider case ${audit.reference}'s grades.`);
  const rationale = needText(input.rationale, input.decision === 'keep' ? 'why the agreed grades stand' : 'why the grades change');
  const rows = gradesOf(ctx.db, moderation.id);
  const template = getTemplate(ctx.db, audit.template_id);
  const nameOf = (key: string) => {
    if (key === OVERALL_KEY) return 'the overall grade';
    const s = template.sections.find((x) => x.key === key);
    return s ? `section ${s.number} (${s.title})` : key;
  };

  const changed: { section: string; before: GradeOrNA | null; after: GradeOrNA; reasonCode: ReasonCode | null }[] = [];
  if (input.decision === 'change') {
    for (const c of input.changes) {
      const row = rows.get(c.section);
      if (!row) throw new AppError('VALIDATION', `This audit's template has no section "${c.section}". Reload the page and try again.`);
      if (c.section === OVERALL_KEY && c.agreedGrade === 'na') throw new AppError('VALIDATION', 'The overall grade cannot be N/A: choose a grade from 1 to 4.');
      const before = toGrade(row.agreed_grade);
      if (c.agreedGrade === before) continue;
      const auditor = toGrade(row.auditor_grade);
      const differs = c.agreedGrade !== auditor;
      if (differs && !c.reasonCode) {
        throw new AppError('VALIDATION', `Choose a reason code for ${nameOf(c.section)}: the auditor gave ${gradeText(auditor)} and the agreed grade becomes ${gradeText(c.agreedGrade)} (${Object.values(REASON_LABELS).join(', ').toLowerCase()}).`);
      }
      changed.push({ section: c.section, before, after: c.agreedGrade, reasonCode: differs ? c.reasonCode : null });
    }
    if (changed.length === 0) throw new AppError('VALIDATION', 'Change at least one agreed grade, or keep the grades as they are.');
  }

  // The limiting rules bind the agreed overall grade after the change, as at agreement.
  const agreed = new Map<string, GradeOrNA | null>([...rows].map(([k, r]) => [k, toGrade(r.agreed_grade)]));
  for (const c of changed) agreed.set(c.section, c.after);
  const why = requireJustification('agreed', agreed, brokenRules(template, agreed, answers(ctx.db, audit.id)), moderation.ruleJustification.agreed, input.justification);

  write(ctx, (tx) => {
    for (const c of changed) {
      tx.update(
        'moderation_grades',
        { moderation_id: moderation.id, section_key: c.section },
        { agreed_grade: fromGrade(c.after), agreed_rationale: rationale, reason_code: c.reasonCode, reconciled: 1 },
        modTarget(moderation.id, c.section),
      );
    }
    tx.update(
      'moderations',
      { id: moderation.id },
      {
        reconsider_answer: input.decision === 'keep' ? 'kept' : 'changed',
        reconsider_answer_rationale: rationale,
        reconsider_answered_at: tx.at,
        moderator_agreed_at: tx.at,
        agreed_rule_justification: why,
      },
      modTarget(moderation.id),
    );
    tx.event(auditTarget(audit.id), 'moderation-reconsidered', {
      moderationId: moderation.id,
      decision: input.decision,
      rationale,
      changes: changed.map((c) => ({ section: c.section, before: c.before, after: c.after, reasonCode: c.reasonCode })),
    });
  });
}

/** What "both agree" waits on from the signed-in person (the dashboard card). */
export function bothAgreeInbox(ctx: CoreContext): BothAgreeInbox {
  const user = principalOf(ctx);
  const latest = `m.status = 'agreed' AND a.status = 'agreed' AND m.auditor_agreed_at IS NULL
    AND m.started_at = (SELECT max(m2.started_at) FROM moderations m2 WHERE m2.audit_id = m.audit_id)`;
  const toAcknowledge = ctx.db
    .prepare(
      `SELECT a.id AS auditId, c.reference AS caseReference, c.team, u.name AS moderatorName, coalesce(m.moderator_agreed_at, m.finished_at) AS moderatorAgreedAt,
              (SELECT count(*) FROM moderation_grades g WHERE g.moderation_id = m.id AND g.agreed_grade IS NOT g.auditor_grade) AS changed
       FROM moderations m JOIN audits a ON a.id = m.audit_id JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = m.moderator_id
       WHERE ${latest} AND a.auditor_id = ? AND (m.reconsider_requested_at IS NULL OR m.reconsider_answered_at IS NOT NULL)
       ORDER BY m.moderator_agreed_at`,
    )
    .all(user.id) as BothAgreeInbox['toAcknowledge'];
  const toAnswer = ctx.db
    .prepare(
      `SELECT a.id AS auditId, c.reference AS caseReference, c.team, u.name AS auditorName, m.reconsider_requested_at AS requestedAt, m.reconsider_reason AS reason
       FROM moderations m JOIN audits a ON a.id = m.audit_id JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = a.auditor_id
       WHERE ${latest} AND m.moderator_id = ? AND m.reconsider_requested_at IS NOT NULL AND m.reconsider_answered_at IS NULL
       ORDER BY m.reconsider_requested_at`,
    )
    .all(user.id) as BothAgreeInbox['toAnswer'];
  return { toAcknowledge, toAnswer };
}
