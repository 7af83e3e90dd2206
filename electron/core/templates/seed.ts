import { BUILTIN_TEMPLATE } from '../../../shared/domain/builtinTemplate';
import type { CoreContext } from '../context';
import { newId, prepared, write } from '../write';

/** Stores the built-in template as a published, versioned record the first time a database opens. */
export function seedBuiltinTemplates(ctx: CoreContext): void {
  const exists = prepared(ctx.db, 'SELECT 1 FROM templates WHERE key = ? AND version = ?').get(BUILTIN_TEMPLATE.key, BUILTIN_TEMPLATE.version);
  if (exists) return;
  write(ctx, (tx) =>
    tx.insert('templates', {
      id: newId(),
      key: BUILTIN_TEMPLATE.key,
      version: BUILTIN_TEMPLATE.version,
      name: BUILTIN_TEMPLATE.name,
      status: 'published',
      definition: JSON.stringify(BUILTIN_TEMPLATE),
      created_at: tx.at,
      published_at: tx.at,
    }),
  );
}
