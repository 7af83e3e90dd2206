import type { TemplateComparison, TemplateDraftInput, TemplateVersion } from '../../../shared/api/templates';
import { formatUkDate, londonDate } from '../../../shared/domain/dates';
import type { LimitingRule, TemplateDefinition } from '../../../shared/domain/template';
import { validateTemplate } from '../../../shared/domain/templateValidation';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { newId, write } from '../write';
import { compareDefinitions } from './compare';
import { getTemplateRow, nextVersionNumber, rowToSummary, rowToVersion, versionLabel, type TemplateRow } from './queries';

function frozen(row: TemplateRow): AppError {
  const when = row.published_at ? ` on ${formatUkDate(londonDate(new Date(row.published_at)))}` : '';
  return new AppError(
    'READ_ONLY',
    `${versionLabel(row)} was published${when} and is frozen: audits and programmes rely on it. Copy it into a new version to make changes.`,
  );
}

/** Copies a version (draft or published) into a new draft: the next version number of the same template. */
export function copyTemplate(ctx: CoreContext, id: string): TemplateVersion {
  const who = ctx.actor();
  const source = getTemplateRow(ctx.db, id);
  const newIdValue = newId();
  write(ctx, (tx) => {
    const version = nextVersionNumber(tx.db, source.key);
    const definition: TemplateDefinition = { ...(JSON.parse(source.definition) as TemplateDefinition), version };
    tx.insert('templates', {
      id: newIdValue,
      key: source.key,
      version,
      name: source.name,
      status: 'draft',
      definition: JSON.stringify(definition),
      created_at: tx.at,
      published_at: null,
      based_on_id: source.id,
      created_by: who.id,
      published_by: null,
    });
  });
  return rowToVersion(getTemplateRow(ctx.db, newIdValue));
}

function cleanRule(rule: LimitingRule): LimitingRule {
  if (rule.kind === 'worst-plus') return { id: rule.id, kind: rule.kind, steps: rule.steps, description: rule.description };
  const out: LimitingRule = { id: rule.id, kind: rule.kind, sections: rule.sections.filter((s) => s !== ''), grade: rule.grade, cap: rule.cap, description: rule.description };
  if (rule.question && rule.question.key !== '') out.question = rule.question;
  return out;
}

/** Builds the definition to store: key and version always come from the stored row. */
export function definitionFromInput(row: Pick<TemplateRow, 'key' | 'version' | 'definition'>, input: TemplateDraftInput): TemplateDefinition {
  // Audit-level questions left out of the input are kept as stored (an editor that does not show them loses nothing).
  const auditQuestions = input.auditQuestions ?? (JSON.parse(row.definition) as TemplateDefinition).auditQuestions ?? [];
  return {
    key: row.key,
    name: input.name,
    version: row.version,
    sections: input.sections.map((s) => ({
      key: s.key,
      number: s.number,
      title: s.title,
      ...(s.appliesTo ? { appliesTo: s.appliesTo } : {}),
      questions: s.questions.map((q) => ({ key: q.key, text: q.text })),
    })),
    ...(auditQuestions.length ? { auditQuestions: auditQuestions.map((q) => ({ key: q.key, text: q.text })) } : {}),
    limitingRules: input.limitingRules.map((r) => cleanRule(r as LimitingRule)),
    concernWords: input.concernWords.map((w) => w.trim()),
    keyFindingsWordLimit: input.keyFindingsWordLimit,
  };
}

function refuseProblems(row: TemplateRow, problems: string[], doing: string): void {
  if (problems.length === 0) return;
  throw new AppError('VALIDATION', `${versionLabel(row)} cannot be ${doing}: ${problems.join(' ')}`);
}

/** Saves a draft's sections, questions, rules and words; refused with every problem found, or when published. */
export function updateTemplate(ctx: CoreContext, id: string, input: TemplateDraftInput): TemplateVersion {
  write(ctx, (tx) => {
    const row = getTemplateRow(tx.db, id);
    if (row.status === 'published') throw frozen(row);
    const definition = definitionFromInput(row, input);
    refuseProblems(row, validateTemplate(definition), 'saved');
    tx.update('templates', { id }, { name: definition.name, definition: JSON.stringify(definition) });
  });
  return rowToVersion(getTemplateRow(ctx.db, id));
}

/** Publishes a draft: from then on it is frozen and programmes may name it. */
export function publishTemplate(ctx: CoreContext, id: string): TemplateVersion {
  const who = ctx.actor();
  write(ctx, (tx) => {
    const row = getTemplateRow(tx.db, id);
    if (row.status === 'published') throw new AppError('CONFLICT', `${versionLabel(row)} is already published.`);
    refuseProblems(row, validateTemplate(JSON.parse(row.definition) as TemplateDefinition), 'published');
    tx.update('templates', { id }, { status: 'published', published_at: tx.at, published_by: who.id });
  });
  return rowToVersion(getTemplateRow(ctx.db, id));
}

/** Throws away a draft that no audit or programme uses. */
export function discardTemplate(ctx: CoreContext, id: string): { ok: true } {
  write(ctx, (tx) => {
    const row = getTemplateRow(tx.db, id);
    if (row.status === 'published') throw frozen(row);
    if (row.audits > 0 || row.programmes > 0) {
      throw new AppError('CONFLICT', `${versionLabel(row)} is used by ${row.audits} audits and ${row.programmes} programmes, so it cannot be discarded.`);
    }
    tx.remove('templates', { id });
  });
  return { ok: true };
}

export function compareTemplates(ctx: CoreContext, fromId: string, toId: string): TemplateComparison {
  const from = getTemplateRow(ctx.db, fromId);
  const to = getTemplateRow(ctx.db, toId);
  const diff = compareDefinitions(JSON.parse(from.definition) as TemplateDefinition, JSON.parse(to.definition) as TemplateDefinition);
  const total = Object.values(diff).reduce((n, list) => n + list.length, 0);
  return { from: rowToSummary(from), to: rowToSummary(to), ...diff, total };
}
