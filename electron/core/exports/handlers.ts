import type { exportsOps } from '../../../shared/api/exports';
import type { HandlersFor } from '../handler';

export const exportsHandlers = {
  'exports:ping': () => ({ ok: true as const }),
} satisfies HandlersFor<typeof exportsOps>;
