import type { syncOps } from '../../../shared/api/sync';
import type { HandlersFor } from '../handler';
import { autoSyncOf } from './auto';
import { assertMayJoinFromApp, joinTeam } from './join';
import { syncNow, syncStatus } from './sync';
import { withholdRefused } from './withhold';

export const syncHandlers = {
  'sync:status': (ctx) => syncStatus(ctx),
  'sync:now': async (ctx) => {
    const report = await (autoSyncOf(ctx)?.now() ?? syncNow(ctx));
    return { ...report, status: syncStatus(ctx) };
  },
  'sync:join': (ctx, input) => {
    assertMayJoinFromApp(ctx);
    return joinTeam(ctx, input);
  },
  'sync:withhold': (ctx, input) => withholdRefused(ctx, input.deviceSeq),
} satisfies HandlersFor<typeof syncOps>;
