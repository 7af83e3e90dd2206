import type { TemplateDefinition } from '../../../shared/domain/template';
import type { Db } from '../db/open';
import { notFound } from '../errors';
import { prepared } from '../write';

/** Published versions never change (a trigger refuses it), so their parsed definitions are kept per database. */
const cache = new WeakMap<Db, Map<string, TemplateDefinition>>();

/** The definition of the template version frozen into an audit. */
export function auditTemplate(db: Db, templateId: string): TemplateDefinition {
  let byId = cache.get(db);
  if (!byId) cache.set(db, (byId = new Map()));
  const hit = byId.get(templateId);
  if (hit) return hit;
  const row = prepared(db, 'SELECT status, definition FROM templates WHERE id = ?').get(templateId) as { status: string; definition: string } | undefined;
  if (!row) throw notFound('Template version', templateId);
  const definition = JSON.parse(row.definition) as TemplateDefinition;
  if (row.status === 'published') byId.set(templateId, definition);
  return definition;
}

/** The newest published version of a template family. */
export function latestPublishedTemplateId(db: Db, key: string): string | null {
  const row = prepared(db, "SELECT id FROM templates WHERE key = ? AND status = 'published' ORDER BY version DESC LIMIT 1").get(key) as { id: string } | undefined;
  return row?.id ?? null;
}
