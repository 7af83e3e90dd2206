import type { TemplateStatus, TemplateVersion, TemplateVersionSummary } from '../../../shared/api/templates';
import type { TemplateDefinition } from '../../../shared/domain/template';
import { validateTemplate } from '../../../shared/domain/templateValidation';
import type { Db } from '../db/open';
import { notFound } from '../errors';
import { prepared } from '../write';
import type { TemplateRow as StoredTemplate } from '../entities/rows';

/** A template version as this feature lists it: the registry's row (SELECT's columns) and its use counts. */
export type TemplateRow = Pick<StoredTemplate, 'id' | 'key' | 'version' | 'name' | 'status' | 'definition' | 'created_at' | 'published_at' | 'based_on_id'> & {
  audits: number;
  programmes: number;
};

const SELECT = `SELECT t.id, t.key, t.version, t.name, t.status, t.definition, t.created_at, t.published_at, t.based_on_id,
  (SELECT count(*) FROM audits a WHERE a.template_id = t.id) AS audits,
  (SELECT count(*) FROM programmes p WHERE p.template_id = t.id) AS programmes
  FROM templates t`;

export function rowToSummary(row: TemplateRow): TemplateVersionSummary {
  const def = JSON.parse(row.definition) as TemplateDefinition;
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    version: row.version,
    status: row.status as TemplateStatus,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    basedOnId: row.based_on_id,
    sections: def.sections.length,
    questions: def.sections.reduce((n, s) => n + s.questions.length, 0),
    audits: row.audits,
    programmes: row.programmes,
  };
}

export function rowToVersion(row: TemplateRow): TemplateVersion {
  const definition = JSON.parse(row.definition) as TemplateDefinition;
  return { ...rowToSummary(row), definition, problems: validateTemplate(definition) };
}

export function listTemplateRows(db: Db, status?: TemplateStatus): TemplateRow[] {
  const where = status ? ' WHERE t.status = ?' : '';
  return prepared(db, `${SELECT}${where} ORDER BY t.key, t.version DESC`).all(...(status ? [status] : [])) as TemplateRow[];
}

export function findTemplateRow(db: Db, id: string): TemplateRow | undefined {
  return prepared(db, `${SELECT} WHERE t.id = ?`).get(id) as TemplateRow | undefined;
}

export function getTemplateRow(db: Db, id: string): TemplateRow {
  const row = findTemplateRow(db, id);
  if (!row) throw notFound('Template version', id);
  return row;
}

export function nextVersionNumber(db: Db, key: string): number {
  const row = prepared(db, 'SELECT max(version) AS v FROM templates WHERE key = ?').get(key) as { v: number | null };
  return (row.v ?? 0) + 1;
}

/** The newest published version of a template family (or of any family when key is omitted). */
export function latestPublishedId(db: Db, key?: string): string | null {
  const row = (key
    ? prepared(db, "SELECT id FROM templates WHERE status = 'published' AND key = ? ORDER BY version DESC LIMIT 1").get(key)
    : prepared(db, "SELECT id FROM templates WHERE status = 'published' ORDER BY published_at DESC, version DESC LIMIT 1").get()) as
    | { id: string }
    | undefined;
  return row?.id ?? null;
}

/** "Children's case file audit (ILACS areas), version 2" — how messages name a version. */
export const versionLabel = (row: { name: string; version: number }): string => `"${row.name}", version ${row.version}`;

/** A stored version's definition (the audit editor freezes this into each audit). */
export function templateDefinition(db: Db, id: string): TemplateDefinition {
  const row = prepared(db, 'SELECT definition FROM templates WHERE id = ?').get(id) as { definition: string } | undefined;
  if (!row) throw notFound('Template version', id);
  return JSON.parse(row.definition) as TemplateDefinition;
}

/** The newest published version of a template family, or null. */
export function latestPublished(db: Db, key: string): { id: string; version: number; name: string } | null {
  const row = prepared(db, "SELECT id, version, name FROM templates WHERE status = 'published' AND key = ? ORDER BY version DESC LIMIT 1").get(key) as
    | { id: string; version: number; name: string }
    | undefined;
  return row ?? null;
}
