import { z } from 'zod';
import { op } from './define';

/** The templates feature's operations (`templates:verb`). */
export const templatesOps = {
  'templates:ping': op<{ ok: true }>()(z.object({})),
};
