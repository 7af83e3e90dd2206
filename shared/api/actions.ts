import { z } from 'zod';
import { op } from './define';

/** The actions feature's operations (`actions:verb`). */
export const actionsOps = {
  'actions:ping': op<{ ok: true }>()(z.object({})),
};
