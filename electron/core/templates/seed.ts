import { BUILTIN_TEMPLATE } from '../../../shared/domain/builtinTemplate';
import type { CoreContext } from '../context';
import { v5 as uuidv5 } from 'uuid';
import { prepared, write } from '../write';

/** Fixed namespace: the built-in template's id and dates are the same on every laptop, so their seeds merge as one row. */
const BUILTIN_NAMESPACE = '6f1d2c3a-8e4b-5f60-9a7b-0c1d2e3f4a5b';
const BUILTIN_AT = '2026-01-01T00:00:00.000Z';

/** Stores the built-in template as a published, versioned record the first time a database opens. */
export function seedBuiltinTemplates(ctx: CoreContext): void {
  const exists = prepared(ctx.db, 'SELECT 1 FROM templates WHERE key = ? AND version = ?').get(BUILTIN_TEMPLATE.key, BUILTIN_TEMPLATE.version);
  if (exists) return;
  write(ctx, (tx) =>
    tx.insert('templates', {
      id: uuidv5(`builtin:${BUILTIN_TEMPLATE.key}:${BUILTIN_TEMPLATE.version}`, BUILTIN_NAMESPACE),
      key: BUILTIN_TEMPLATE.key,
      version: BUILTIN_TEMPLATE.version,
      name: BUILTIN_TEMPLATE.name,
      status: 'published',
      definition: JSON.stringify(BUILTIN_TEMPLATE),
      created_at: BUILTIN_AT,
      published_at: BUILTIN_AT,
    }),
  );
}
