import { z } from 'zod';
import { op } from './define';

/** The programmes feature's operations (`programmes:verb`). */
export const programmesOps = {
  'programmes:ping': op<{ ok: true }>()(z.object({})),
};
