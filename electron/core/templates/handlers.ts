import type { templatesOps } from '../../../shared/api/templates';
import type { HandlersFor } from '../handler';

export const templatesHandlers = {
  'templates:ping': () => ({ ok: true as const }),
} satisfies HandlersFor<typeof templatesOps>;
