import type { peopleOps } from '../../../shared/api/people';
import type { HandlersFor } from '../handler';
import { importPeople } from './import';
import { listPeople } from './queries';
import { addPerson, setActive, setOneTimePassphrase, updatePerson } from './service';

/** People are managed by the QA lead (declared in the contract); the services keep the domain rules. */
export const peopleHandlers = {
  'people:list': (ctx) => listPeople(ctx.db),
  'people:add': (ctx, input) => addPerson(ctx, input),
  'people:update': (ctx, input) => updatePerson(ctx, input),
  'people:deactivate': (ctx, input) => setActive(ctx, input.id, input.active),
  'people:setOneTimePassphrase': (ctx, input) => setOneTimePassphrase(ctx, input.id, input.passphrase),
  'people:import': (ctx, input) => importPeople(ctx, input),
} satisfies HandlersFor<typeof peopleOps>;
