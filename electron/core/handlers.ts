import type { OpName } from '../../shared/api/index';
import type { Handler } from './handler';
import { actionsHandlers } from './actions/handlers';
import { serviceActionsHandlers } from './serviceActions/handlers';
import { auditsHandlers } from './audits/handlers';
import { bundlesHandlers } from './bundles/handlers';
import { casesHandlers } from './cases/handlers';
import { exportsHandlers } from './exports/handlers';
import { moderationHandlers } from './moderation/handlers';
import { programmesHandlers } from './programmes/handlers';
import { peopleHandlers } from './people/handlers';
import { sessionHandlers } from './session/handlers';
import { systemHandlers } from './system/handlers';
import { templatesHandlers } from './templates/handlers';
import { syncHandlers } from './teamsync/handlers';
import { conflictsHandlers } from './sync/conflicts';

/** The composition root of the contract: every operation's service function. */
export const handlers: { [N in OpName]: Handler<N> } = {
  ...sessionHandlers,
  ...peopleHandlers,
  ...systemHandlers,
  ...casesHandlers,
  ...templatesHandlers,
  ...auditsHandlers,
  ...moderationHandlers,
  ...actionsHandlers,
  ...serviceActionsHandlers,
  ...programmesHandlers,
  ...exportsHandlers,
  ...syncHandlers,
  ...conflictsHandlers,
  ...bundlesHandlers,
};
