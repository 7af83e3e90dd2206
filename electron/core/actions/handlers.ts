import type { actionsOps } from '../../../shared/api/actions';
import type { HandlersFor } from '../handler';

export const actionsHandlers = {
  'actions:ping': () => ({ ok: true as const }),
} satisfies HandlersFor<typeof actionsOps>;
