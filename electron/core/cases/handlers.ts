import type { casesOps } from '../../../shared/api/cases';
import type { HandlersFor } from '../handler';
import { importCases, importCheck, importPreview } from './import';
import { listTeams } from './queries';
import { create, detail, getMapping, list, setMapping, update } from './service';

export const casesHandlers = {
  'cases:list': (ctx, input) => list(ctx, input),
  'cases:get': (ctx, input) => detail(ctx, input.id),
  'cases:create': (ctx, input) => create(ctx, input),
  'cases:update': (ctx, input) => update(ctx, input.id, input.fields),
  'cases:teams': (ctx) => listTeams(ctx.db),
  'cases:importPreview': (_ctx, input) => importPreview(input),
  'cases:importCheck': (ctx, input) => importCheck(ctx, input, input.mapping),
  'cases:import': (ctx, input) => importCases(ctx, input, input.mapping, input.fileName),
  'cases:importMapping:get': (ctx) => getMapping(ctx),
  'cases:importMapping:set': (ctx, input) => setMapping(ctx, input.mapping),
} satisfies HandlersFor<typeof casesOps>;
