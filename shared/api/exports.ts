import { z } from 'zod';
import { op } from './define';

/** The exports feature's operations (`exports:verb`). */
export const exportsOps = {
  'exports:ping': op<{ ok: true }>()(z.object({})),
};
