import type { templatesOps } from '../../../shared/api/templates';
import type { HandlersFor } from '../handler';
import { getTemplateRow, latestPublished, listTemplateRows, rowToSummary, rowToVersion, templateDefinition } from './queries';
import { compareTemplates, copyTemplate, discardTemplate, publishTemplate, updateTemplate } from './service';

// Read by the audit editor (electron/core/audits/*): kept here so its imports stay stable.
export { latestPublished, templateDefinition };

export const templatesHandlers = {
  'templates:list': (ctx, input) => {
    return listTemplateRows(ctx.db, input.status).map(rowToSummary);
  },
  'templates:get': (ctx, input) => {
    return rowToVersion(getTemplateRow(ctx.db, input.id));
  },
  'templates:copy': (ctx, input) => copyTemplate(ctx, input.id),
  'templates:update': (ctx, input) => updateTemplate(ctx, input.id, input.definition),
  'templates:publish': (ctx, input) => publishTemplate(ctx, input.id),
  'templates:discard': (ctx, input) => discardTemplate(ctx, input.id),
  'templates:compare': (ctx, input) => {
    return compareTemplates(ctx, input.fromId, input.toId);
  },
} satisfies HandlersFor<typeof templatesOps>;
