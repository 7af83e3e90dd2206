import { z } from 'zod';
import { op } from './define';

/** The audits feature's operations (`audits:verb`). */
export const auditsOps = {
  'audits:ping': op<{ ok: true }>()(z.object({})),
};
