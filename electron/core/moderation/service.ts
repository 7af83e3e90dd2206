import { OVERALL_KEY, REASON_LABELS, type ModerationMode, type ModerationRecord, type ReasonCode } from '../../../shared/api/moderation';
import type { Principal } from '../../../shared/api/session';
import { londonDate } from '../../../shared/domain/dates';
import { gradeText, type GradeOrNA } from '../../../shared/domain/grades';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { newId, write, type Tx } from '../write';
import { principalOf } from '../policy/principal';
import { assertNotOwn } from './access';
import { brokenRules, defaultAgreed, requireJustification, sideGrades } from './limits';
import { answers, fromGrade, getAudit, getTemplate, gradesOf, moderationsOf, sectionGrades, toGrade, type AuditRow } from './queries';

const MIN_RATIONALE = 5;

interface Active {
  user: Principal;
  audit: AuditRow;
  moderation: ModerationRecord;
}

const modTarget = (id: string, section?: string) => ({ entity: 'moderation', entityId: id, fieldPrefix: section ? `${section}.` : undefined });
const auditTarget = (id: string) => ({ entity: 'audit', entityId: id });

function sectionKeys(ctx: CoreContext, audit: AuditRow): string[] {
  return [...getTemplate(ctx.db, audit.template_id).sections.map((s) => s.key), OVERALL_KEY];
}

function sectionName(ctx: CoreContext, audit: AuditRow, key: string): string {
  if (key === OVERALL_KEY) return 'the overall grade';
  const s = getTemplate(ctx.db, audit.template_id).sections.find((x) => x.key === key);
  return s ? `section ${s.number} (${s.title})` : key;
}

function checkSection(ctx: CoreContext, audit: AuditRow, section: string, grade: GradeOrNA | null): void {
  if (!sectionKeys(ctx, audit).includes(section)) {
    throw new AppError('VALIDATION', `This audit's template has no section "${section}". Reload the page and try again.`);
  }
  if (section === OVERALL_KEY && grade === 'na') throw new AppError('VALIDATION', 'The overall grade cannot be N/A: choose a grade from 1 to 4.');
}

/** The auditor's grades as submitted: every section and the overall grade. */
function auditorGrades(ctx: CoreContext, audit: AuditRow): Map<string, string | null> {
  const live = new Map(sectionGrades(ctx.db, audit.id).map((s) => [s.section_key, s.grade]));
  return new Map(sectionKeys(ctx, audit).map((k) => [k, k === OVERALL_KEY ? audit.overall_grade : (live.get(k) ?? null)]));
}

/** Copies the auditor's grades into the moderation record (at the start when open, after blind grading when blind). */
function snapshotAuditor(ctx: CoreContext, tx: Tx, audit: AuditRow, moderationId: string): void {
  for (const [key, grade] of auditorGrades(ctx, audit)) {
    tx.upsert('moderation_grades', { moderation_id: moderationId, section_key: key }, { auditor_grade: grade }, modTarget(moderationId, key));
  }
}

function requireActive(ctx: CoreContext, auditId: string): Active {
  const user = principalOf(ctx);
  const audit = getAudit(ctx.db, auditId);
  assertNotOwn(user, audit);
  // Two moderations started apart may both be active (a duplicate on the Conflicts page): each moderator works on their own.
  const active = moderationsOf(ctx.db, auditId).filter((m) => m.finishedAt === null);
  const moderation = active.find((m) => m.moderatorId === user.id) ?? active[0];
  if (!moderation) {
    throw new AppError('CONFLICT', `Case ${audit.reference}'s audit is not being moderated (it is ${audit.status}). Start moderating it from the moderation queue first.`);
  }
  if (moderation.moderatorId !== user.id) {
    throw new AppError('FORBIDDEN', `${moderation.moderatorName} is moderating case ${audit.reference}'s audit; only they can change this moderation.`);
  }
  return { user, audit, moderation };
}

export function startModeration(ctx: CoreContext, auditId: string, mode: ModerationMode): void {
  const user = principalOf(ctx);
  const audit = getAudit(ctx.db, auditId);
  assertNotOwn(user, audit);
  if (audit.status === 'in-moderation') {
    const active = moderationsOf(ctx.db, auditId).find((m) => m.finishedAt === null);
    throw new AppError('CONFLICT', `Case ${audit.reference}'s audit is already being moderated${active ? ` by ${active.moderatorName}` : ''}.`);
  }
  if (audit.status !== 'submitted') {
    throw new AppError('CONFLICT', `Case ${audit.reference}'s audit is ${audit.status}, not submitted: only submitted audits can be moderated.`);
  }
  write(ctx, (tx) => {
    const id = newId();
    tx.insert(
      'moderations',
      { id, audit_id: audit.id, audit_revision: audit.revision, mode, moderator_id: user.id, status: 'grading', started_at: tx.at, return_reasons: '[]' },
      modTarget(id),
    );
    for (const key of sectionKeys(ctx, audit)) tx.insert('moderation_grades', { moderation_id: id, section_key: key }, modTarget(id, key));
    if (mode === 'open') snapshotAuditor(ctx, tx, audit, id);
    tx.update('audits', { id: audit.id }, { status: 'in-moderation', updated_at: tx.at }, auditTarget(audit.id));
    tx.event(auditTarget(audit.id), 'moderation-started', { moderationId: id, mode, moderator: user.name });
  });
}

function needText(text: string, what: string): void {
  if (text.trim().length < MIN_RATIONALE) throw new AppError('VALIDATION', `Write a rationale for ${what} (at least ${MIN_RATIONALE} characters).`);
}

export function gradeSection(ctx: CoreContext, input: { auditId: string; section: string; grade: GradeOrNA | null; rationale: string; reasonCode: ReasonCode | null }): void {
  const { audit, moderation } = requireActive(ctx, input.auditId);
  checkSection(ctx, audit, input.section, input.grade);
  if (moderation.mode === 'blind' && moderation.status !== 'grading') {
    throw new AppError('CONFLICT', 'Your blind grades are locked now that you can see the auditor\'s grades. Set the agreed grade in the reconciliation instead.');
  }
  const where = sectionName(ctx, audit, input.section);
  let reason = input.reasonCode;
  if (moderation.mode === 'open' && input.grade !== null) {
    const auditor = toGrade(auditorGrades(ctx, audit).get(input.section));
    if (input.grade !== auditor) {
      needText(input.rationale, `your grade of ${where}`);
      if (!reason) throw new AppError('VALIDATION', `Choose a reason code for changing ${where} (${Object.values(REASON_LABELS).join(', ').toLowerCase()}).`);
    } else reason = null;
  }
  write(ctx, (tx) =>
    tx.upsert(
      'moderation_grades',
      { moderation_id: moderation.id, section_key: input.section },
      { moderator_grade: fromGrade(input.grade), moderator_rationale: input.rationale.trim(), moderator_reason: reason },
      modTarget(moderation.id, input.section),
    ),
  );
}

export function finishBlindGrading(ctx: CoreContext, auditId: string, justification?: string): void {
  const { audit, moderation } = requireActive(ctx, auditId);
  if (moderation.mode !== 'blind' || moderation.status !== 'grading') {
    throw new AppError('CONFLICT', 'Only a blind moderation still being graded can be finished; open the reconciliation instead.');
  }
  const grades = gradesOf(ctx.db, moderation.id);
  const missing = sectionKeys(ctx, audit).filter((k) => !grades.get(k)?.moderator_grade);
  if (missing.length > 0) {
    throw new AppError('VALIDATION', `Grade the whole file before you see the auditor's grades: ${missing.map((k) => sectionName(ctx, audit, k)).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not graded yet.`);
  }
  // The limiting rules bind the moderator's overall grade as they bind the auditor's.
  const mine = sideGrades('moderator', 'blind', grades);
  const why = requireJustification('moderator', mine, brokenRules(getTemplate(ctx.db, audit.template_id), mine, answers(ctx.db, audit.id)), moderation.ruleJustification.moderator, justification);
  write(ctx, (tx) => {
    snapshotAuditor(ctx, tx, audit, moderation.id);
    tx.update('moderations', { id: moderation.id }, { status: 'reconciling', graded_at: tx.at, moderator_rule_justification: why }, modTarget(moderation.id));
  });
}

export function reconcileSection(ctx: CoreContext, input: { auditId: string; section: string; agreedGrade: GradeOrNA; rationale: string; reasonCode: ReasonCode | null }): void {
  const { audit, moderation } = requireActive(ctx, input.auditId);
  checkSection(ctx, audit, input.section, input.agreedGrade);
  if (moderation.mode === 'blind' && moderation.status === 'grading') {
    throw new AppError('CONFLICT', 'Finish grading the whole file blind before reconciling with the auditor\'s grades.');
  }
  const where = sectionName(ctx, audit, input.section);
  needText(input.rationale, `the agreed grade of ${where}`);
  const row = gradesOf(ctx.db, moderation.id).get(input.section);
  const auditor = toGrade(row?.auditor_grade);
  // A reason code says why a grade changed: needed only where the agreed grade is not the auditor's.
  const changed = input.agreedGrade !== auditor;
  if (changed && !input.reasonCode) {
    throw new AppError('VALIDATION', `Choose a reason code for ${where}: the auditor gave ${gradeText(auditor)} and the agreed grade is ${gradeText(input.agreedGrade)}.`);
  }
  write(ctx, (tx) =>
    tx.upsert(
      'moderation_grades',
      { moderation_id: moderation.id, section_key: input.section },
      { agreed_grade: fromGrade(input.agreedGrade), agreed_rationale: input.rationale.trim(), reason_code: changed ? input.reasonCode : null, reconciled: 1 },
      modTarget(moderation.id, input.section),
    ),
  );
}

export function agreeModeration(ctx: CoreContext, auditId: string, justification?: string): void {
  const { audit, moderation } = requireActive(ctx, auditId);
  if (moderation.mode === 'blind' && moderation.status === 'grading') {
    throw new AppError('CONFLICT', 'Finish grading the whole file blind, then reconcile the differences, before agreeing.');
  }
  const rows = gradesOf(ctx.db, moderation.id);
  const keys = sectionKeys(ctx, audit);
  if (moderation.mode === 'blind') {
    const open = keys.filter((k) => {
      const r = rows.get(k);
      return r && r.moderator_grade !== r.auditor_grade && !r.reconciled;
    });
    if (open.length > 0) {
      throw new AppError('VALIDATION', `Agree a grade, with a rationale (and a reason code where it is not the auditor's grade), for every difference first: ${open.map((k) => sectionName(ctx, audit, k)).join(', ')}.`);
    }
  }
  const summary = keys.map((k) => {
    const r = rows.get(k)!;
    const agreed = defaultAgreed(moderation.mode, r);
    return { section: k, r, agreed };
  });
  const overall = summary.find((s) => s.section === OVERALL_KEY)?.agreed.agreed_grade;
  if (!overall || overall === 'na') throw new AppError('VALIDATION', 'The agreed overall grade must be 1 to 4. Set it in the reconciliation.');
  // The limiting rules bind the moderator's overall grade (where they gave one) and the agreed one.
  const template = getTemplate(ctx.db, audit.template_id);
  const given = answers(ctx.db, audit.id);
  const mine = sideGrades('moderator', moderation.mode, rows);
  const moderatorWhy = rows.get(OVERALL_KEY)?.moderator_grade
    ? requireJustification('moderator', mine, brokenRules(template, mine, given), moderation.ruleJustification.moderator, justification)
    : '';
  const agreed = sideGrades('agreed', moderation.mode, rows);
  const agreedWhy = requireJustification('agreed', agreed, brokenRules(template, agreed, given), moderation.ruleJustification.agreed, justification);
  write(ctx, (tx) => {
    for (const s of summary) {
      tx.update('moderation_grades', { moderation_id: moderation.id, section_key: s.section }, { ...s.agreed }, modTarget(moderation.id, s.section));
    }
    tx.update(
      'moderations',
      { id: moderation.id },
      { status: 'agreed', finished_at: tx.at, finished_on: londonDate(new Date(tx.at)), moderator_agreed_at: tx.at, moderator_rule_justification: moderatorWhy, agreed_rule_justification: agreedWhy },
      modTarget(moderation.id),
    );
    tx.update('audits', { id: audit.id }, { status: 'agreed', updated_at: tx.at }, auditTarget(audit.id));
    tx.event(auditTarget(audit.id), 'moderation-agreed', {
      moderationId: moderation.id,
      mode: moderation.mode,
      grades: summary.map((s) => ({
        section: s.section,
        auditor: s.r.auditor_grade,
        moderator: s.r.moderator_grade,
        moderatorRationale: s.r.moderator_rationale,
        agreed: s.agreed.agreed_grade,
        agreedRationale: s.agreed.agreed_rationale,
        reasonCode: s.agreed.reason_code,
      })),
    });
  });
}

export function returnToAuditor(ctx: CoreContext, auditId: string, reasons: string[]): void {
  const { audit, moderation } = requireActive(ctx, auditId);
  write(ctx, (tx) => {
    tx.update('moderations', { id: moderation.id }, { status: 'returned', finished_at: tx.at, finished_on: londonDate(new Date(tx.at)), return_reasons: JSON.stringify(reasons) }, modTarget(moderation.id));
    tx.update('audits', { id: audit.id }, { status: 'returned', returned_reason: reasons.join('\n'), updated_at: tx.at }, auditTarget(audit.id));
    tx.event(auditTarget(audit.id), 'moderation-returned', { moderationId: moderation.id, reasons });
  });
}
