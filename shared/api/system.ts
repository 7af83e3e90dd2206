import { z } from 'zod';
import { op, SIGNED_IN } from './define';

export interface VerifyReport {
  ok: boolean;
  rows: number;
  headHash: string;
  integrity: string;
  brokenAt: { seq: number; id: string; reason: string; where?: 'legacy' | 'chain' | 'replay' } | null;
  /** Every device's chain held here (from version 8). */
  devices?: { deviceId: string; changes: number; headSeq: number; headHash: string; missing: number }[];
  legacy?: { rows: number; headHash: string };
  replay?: { ok: boolean; rows: number };
}

export interface HistoryEntry {
  seq: number;
  at: string;
  actorName: string;
  entity: string;
  entityId: string;
  op: string;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
}

export const systemOps = {
  'system:verify': op<VerifyReport>()(z.object({}), SIGNED_IN),
  'system:history': op<HistoryEntry[]>()(
    z.object({ entity: z.string().min(1).max(40), entityId: z.string().min(1).max(80), limit: z.number().int().min(1).max(1000).default(200) }),
    SIGNED_IN,
  ),
};
