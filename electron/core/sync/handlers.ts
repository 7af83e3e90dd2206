import type { syncOps } from '../../../shared/api/sync';
import { AppError } from '../errors';
import type { HandlersFor } from '../handler';

const notYet = (): never => {
  throw new AppError('NOT_IMPLEMENTED', 'Syncing with a team server is not available in this build yet.');
};

export const syncHandlers = {
  'sync:status': notYet,
  'sync:now': notYet,
  'sync:join': notYet,
} satisfies HandlersFor<typeof syncOps>;
