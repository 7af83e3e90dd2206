import type { moderationOps } from '../../../shared/api/moderation';
import type { HandlersFor } from '../handler';

export const moderationHandlers = {
  'moderation:ping': () => ({ ok: true as const }),
} satisfies HandlersFor<typeof moderationOps>;
