import type { peopleOps } from '../../../shared/api/people';
import { AppError } from '../errors';
import type { HandlersFor } from '../handler';

const notYet = (): never => {
  throw new AppError('NOT_IMPLEMENTED', 'Managing people is not available in this build yet.');
};

export const peopleHandlers = {
  'people:list': notYet,
  'people:add': notYet,
  'people:update': notYet,
  'people:deactivate': notYet,
  'people:setOneTimePassphrase': notYet,
  'people:import': notYet,
} satisfies HandlersFor<typeof peopleOps>;
