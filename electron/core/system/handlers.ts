import type { HistoryEntry, systemOps } from '../../../shared/api/system';
import type { HandlersFor } from '../handler';
import { verifyHistory } from '../history/verify';
import { prepared } from '../write';
import { AppError } from '../errors';
import { BLIND_HIDDEN_MESSAGE, hiddenByBlindModeration } from '../moderation/access';

interface HistoryRow { seq: number; at: string; actor_name: string; entity: string; entity_id: string; op: string; field: string | null; old_value: string | null; new_value: string | null }

const parse = (v: string | null): unknown => (v === null ? null : JSON.parse(v));

export const systemHandlers = {
  'system:verify': (ctx) => verifyHistory(ctx.db),
  'system:history': (ctx, input): HistoryEntry[] => {
    if (input.entity === 'audit' && hiddenByBlindModeration(ctx.db, input.entityId, ctx.principal?.id ?? null)) {
      throw new AppError('FORBIDDEN', BLIND_HIDDEN_MESSAGE);
    }
    return (
      prepared(ctx.db, 'SELECT * FROM history WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT ?').all(
        input.entity,
        input.entityId,
        input.limit,
      ) as HistoryRow[]
    ).map((r) => ({
      seq: r.seq,
      at: r.at,
      actorName: r.actor_name,
      entity: r.entity,
      entityId: r.entity_id,
      op: r.op,
      field: r.field,
      oldValue: parse(r.old_value),
      newValue: parse(r.new_value),
    }));
  },
} satisfies HandlersFor<typeof systemOps>;
