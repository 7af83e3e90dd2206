import { z } from 'zod';
import { op } from './define';

/** The cases feature's operations (`cases:verb`). */
export const casesOps = {
  'cases:ping': op<{ ok: true }>()(z.object({})),
};
