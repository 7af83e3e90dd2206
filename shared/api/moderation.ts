import { z } from 'zod';
import { op } from './define';

/** The moderation feature's operations (`moderation:verb`). */
export const moderationOps = {
  'moderation:ping': op<{ ok: true }>()(z.object({})),
};
