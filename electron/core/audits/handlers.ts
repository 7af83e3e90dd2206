import type { auditsOps } from '../../../shared/api/audits';
import type { HandlersFor } from '../handler';

export const auditsHandlers = {
  'audits:ping': () => ({ ok: true as const }),
} satisfies HandlersFor<typeof auditsOps>;
