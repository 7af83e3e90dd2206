import type { programmesOps } from '../../../shared/api/programmes';
import type { HandlersFor } from '../handler';

export const programmesHandlers = {
  'programmes:ping': () => ({ ok: true as const }),
} satisfies HandlersFor<typeof programmesOps>;
