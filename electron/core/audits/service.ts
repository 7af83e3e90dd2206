import { keyFindingsLimit, type AuditFeedback, type Change } from '../../../shared/api/audits';
import type { Principal } from '../../../shared/api/session';
import { BUILTIN_TEMPLATE } from '../../../shared/domain/builtinTemplate';
import { formatUkDateTime, londonDate } from '../../../shared/domain/dates';
import { wordCount } from '../../../shared/domain/grading';
import { allQuestions, type TemplateDefinition } from '../../../shared/domain/template';
import type { CoreContext } from '../context';
import { AppError, notFound } from '../errors';
import { noCaseWithReference } from '../policy/inputScope';
import { principalOf } from '../policy/principal';
import { auditTemplate, latestPublishedTemplateId } from './template';
import { newId, prepared, write, type Tx } from '../write';
import { auditTarget, getAuditRow, gradeToDb, lastChange, parseFeedback, readOnlyReason, type AuditRow } from './queries';

export const emptyFeedback = (): AuditFeedback => ({
  child: { spokenTo: null, reason: '', said: '', view: null },
  parent: { spokenTo: null, reason: '', said: '', view: null },
});


function findCase(ctx: CoreContext, input: { caseId?: string; caseReference?: string }): { id: string; reference: string } {
  if (input.caseId) {
    const row = prepared(ctx.db, 'SELECT id, reference FROM cases WHERE id = ?').get(input.caseId) as { id: string; reference: string } | undefined;
    if (!row) throw notFound('Case', input.caseId);
    return row;
  }
  const ref = input.caseReference ?? '';
  const row = prepared(ctx.db, 'SELECT id, reference FROM cases WHERE reference = ?').get(ref) as { id: string; reference: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', noCaseWithReference(ref));
  return row;
}

function templateForStart(ctx: CoreContext, programmeId: string | undefined): string {
  if (programmeId) {
    const programme = prepared(ctx.db, 'SELECT template_id FROM programmes WHERE id = ?').get(programmeId) as { template_id: string } | undefined;
    if (!programme) throw notFound('Programme', programmeId);
    return programme.template_id;
  }
  const published = latestPublishedTemplateId(ctx.db, BUILTIN_TEMPLATE.key);
  if (!published) throw new AppError('NOT_FOUND', 'No published audit template was found. Ask your QA lead to publish one, then start the audit again.');
  return published;
}

/**
 * Starts an audit of a case by the current user, freezing the template version into it, with an
 * empty row per section. Reopens the user's own unfinished audit of the case instead of starting another.
 */
export function startAudit(ctx: CoreContext, input: { caseId?: string; caseReference?: string; programmeId?: string }): { id: string; existing: boolean } {
  const user = principalOf(ctx);
  const found = findCase(ctx, input);
  const open = prepared(
    ctx.db,
    `SELECT id FROM audits WHERE case_id = ? AND auditor_id = ? AND status IN ('draft', 'returned') AND programme_id IS ?
      ORDER BY created_at DESC LIMIT 1`,
  ).get(found.id, user.id, input.programmeId ?? null) as { id: string } | undefined;
  if (open) return { id: open.id, existing: true };
  const templateId = templateForStart(ctx, input.programmeId);
  const template = auditTemplate(ctx.db, templateId);
  const id = newId();
  write(ctx, (tx) => {
    tx.insert(
      'audits',
      {
        id,
        case_id: found.id,
        template_id: templateId,
        programme_id: input.programmeId ?? null,
        auditor_id: user.id,
        status: 'draft',
        revision: 0,
        overall_grade: null,
        key_findings: '',
        strengths: '[]',
        areas: '[]',
        feedback: JSON.stringify(emptyFeedback()),
        created_at: tx.at,
        updated_at: tx.at,
      },
      auditTarget(id),
    );
    for (const section of template.sections) {
      tx.insert('audit_sections', { audit_id: id, section_key: section.key, grade: null, evidence: '' }, auditTarget(id, `section.${section.key}.`));
    }
  });
  return { id, existing: false };
}

/** Refuses a change by anyone but the auditor, or to an audit that is not draft or returned. */
export function assertEditable(ctx: CoreContext, row: AuditRow, user: Principal): void {
  const auditor = prepared(ctx.db, 'SELECT name FROM users WHERE id = ?').get(row.auditor_id) as { name: string } | undefined;
  const reason = readOnlyReason(row, auditor?.name ?? 'someone else', user);
  if (reason === null) return;
  throw new AppError(user.id === row.auditor_id ? 'READ_ONLY' : 'FORBIDDEN', reason);
}

/** Refuses a change made from an out-of-date copy, naming who changed it and when (from the history). */
export function assertRevision(ctx: CoreContext, row: AuditRow, revision: number, user: Principal): void {
  if (row.revision === revision) return;
  const last = lastChange(ctx.db, row.id);
  const who = !last ? 'someone else' : last.name === user.name ? `you (${last.name})` : last.name;
  let when = '';
  if (last) {
    const at = new Date(last.at);
    const sameDay = londonDate(at) === londonDate(ctx.now());
    when = ` at ${sameDay ? formatUkDateTime(at).slice(-5) : formatUkDateTime(at)}`;
  }
  throw new AppError(
    'CONFLICT',
    `This audit was changed in another window or on another device by ${who}${when}, after you opened it. Reload to see the latest; your change was not saved.`,
  );
}

/** Moves the audit's bookkeeping on (revision, updated time, last batch id). Its content changes are recorded field by field. */
export function bumpRevision(tx: Tx, row: AuditRow, saveId: string | null): number {
  const next = row.revision + 1;
  prepared(tx.db, 'UPDATE audits SET revision = ?, updated_at = ?, last_save_id = ? WHERE id = ?').run(next, tx.at, saveId, row.id);
  return next;
}

function sectionKnown(template: TemplateDefinition, key: string): void {
  if (!template.sections.some((s) => s.key === key)) throw new AppError('VALIDATION', `This audit's template has no section "${key}". Reload the audit and try again.`);
}

const questionKeys = new WeakMap<TemplateDefinition, Set<string>>();
function questionKnown(template: TemplateDefinition, key: string): void {
  let keys = questionKeys.get(template);
  if (!keys) questionKeys.set(template, (keys = new Set(allQuestions(template).map((q) => q.key))));
  if (!keys.has(key)) throw new AppError('VALIDATION', `This audit's template has no question "${key}". Reload the audit and try again.`);
}

/** Applies one batch of editor changes in one transaction, with a history row per changed field. */
export function saveAudit(
  ctx: CoreContext,
  input: { id: string; revision: number; saveId?: string; changes: Change[] },
): { revision: number; savedAt: string } {
  const user = principalOf(ctx);
  return write(ctx, (tx) => {
    const row = getAuditRow(tx.db, input.id);
    // A retry of a batch already applied (its reply was lost): answer as the first time.
    if (input.saveId && row.last_save_id === input.saveId && row.revision === input.revision + 1) {
      return { revision: row.revision, savedAt: row.updated_at };
    }
    assertEditable(ctx, row, user);
    assertRevision(ctx, row, input.revision, user);
    const template = auditTemplate(tx.db, row.template_id);
    const patch: Record<string, string | null> = {};
    let feedback: AuditFeedback | null = null;
    for (const change of input.changes) {
      switch (change.kind) {
        case 'section-grade':
          sectionKnown(template, change.section);
          tx.upsert('audit_sections', { audit_id: row.id, section_key: change.section }, { grade: gradeToDb(change.grade) }, auditTarget(row.id, `section.${change.section}.`));
          break;
        case 'section-evidence':
          sectionKnown(template, change.section);
          tx.upsert('audit_sections', { audit_id: row.id, section_key: change.section }, { evidence: change.text }, auditTarget(row.id, `section.${change.section}.`));
          break;
        case 'answer': {
          questionKnown(template, change.question);
          const where = { audit_id: row.id, question_key: change.question };
          const target = auditTarget(row.id, `answer.${change.question}.`);
          if (change.answer === null) tx.remove('audit_answers', where, target);
          else tx.upsert('audit_answers', where, { answer: change.answer }, target);
          break;
        }
        case 'feedback-spoken':
        case 'feedback-view':
        case 'feedback-text': {
          feedback ??= parseFeedback(row.feedback);
          const person = feedback[change.who];
          if (change.kind === 'feedback-spoken') person.spokenTo = change.value;
          else if (change.kind === 'feedback-view') person.view = change.value;
          else person[change.field] = change.text;
          patch.feedback = JSON.stringify(feedback);
          break;
        }
        case 'key-findings': {
          const limit = keyFindingsLimit(template);
          const words = wordCount(change.text);
          if (words > limit) throw new AppError('VALIDATION', `Key findings are ${words} words; the limit is ${limit}. Shorten them and they will be saved.`);
          patch.key_findings = change.text;
          break;
        }
        case 'strengths':
          patch.strengths = JSON.stringify(change.items);
          break;
        case 'areas':
          patch.areas = JSON.stringify(change.items);
          break;
        case 'overall':
          patch.overall_grade = gradeToDb(change.grade);
          break;
      }
    }
    if (Object.keys(patch).length > 0) tx.update('audits', { id: row.id }, patch, auditTarget(row.id));
    const revision = bumpRevision(tx, row, input.saveId ?? null);
    return { revision, savedAt: tx.at };
  });
}
