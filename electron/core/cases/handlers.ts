import type { casesOps } from '../../../shared/api/cases';
import type { HandlersFor } from '../handler';

export const casesHandlers = {
  'cases:ping': () => ({ ok: true as const }),
} satisfies HandlersFor<typeof casesOps>;
