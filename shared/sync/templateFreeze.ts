/**
 * The merge rule for template versions (docs/decisions.md, "A published template version is frozen
 * by the merge"), shared by the laptop's merge (electron/core/sync/materialize.ts), the replicas
 * the rules read (state.ts) and the write rules (rules.ts), so every device and the team server
 * decide alike, whatever order the changes came in. Pure.
 *
 * - A version's publish time P is the earliest clock time of a change that made it published (an
 *   insert whose row, or a set whose value, has status 'published'). Templates merge as whole
 *   records (every change carries the whole row), so the change at P carries exactly what its
 *   publisher saw and validated.
 * - Before P, last writer wins as everywhere. Changes later than P (an edit, a second publish, a
 *   discard) do not count: the version stays as published.
 * - What lost is listed on the Conflicts page for the QA leads: a change later than P whose name,
 *   definition, key or version differs from the published one ('frozen'), a discard later than P
 *   ('frozen', shown as the status it asked for), and an edit before P that the publisher had not
 *   seen ('concurrent', even when the same person made both on two laptops).
 */

export const TEMPLATES_TABLE = 'templates';

/** What people type into a version: the columns a conflict is listed for once it is published. */
export const TEMPLATE_CONTENT_COLUMNS: ReadonlySet<string> = new Set(['key', 'version', 'name', 'definition']);

/** The status value a discard that lost to the publication is listed with. */
export const DISCARDED = 'discarded';

interface Publishing {
  hlc: string;
  op: 'insert' | 'set' | 'delete' | 'event';
  column: string | null;
  value: unknown;
}

/** Whether a change to a templates row makes it published. */
export function publishes(c: Publishing): boolean {
  if (c.op === 'insert') return !!c.value && typeof c.value === 'object' && (c.value as Record<string, unknown>).status === 'published';
  return c.op === 'set' && c.column === 'status' && c.value === 'published';
}

/** The version's publish time: the earliest change that published it, or null while it is a draft. */
export function publishTime(changes: Iterable<Publishing>): string | null {
  let at: string | null = null;
  for (const c of changes) if (publishes(c) && (at === null || c.hlc < at)) at = c.hlc;
  return at;
}

/** Whether a change counts for a template version published at `publishedAt` (null: a draft). */
export const countsAfterPublish = (hlc: string, publishedAt: string | null): boolean => publishedAt === null || hlc <= publishedAt;

/**
 * Why a push or bundle may not carry this change to a template version published at `publishedAt`,
 * or null. Only a writer that had received the publication is refused: its own laptop refuses
 * that edit, so it was made around Plumbline. Such a writer's `base` (the clock it overwrote) is
 * the publication's own time, since on a laptop that holds it nothing later counts. An edit made
 * on a laptop that had not heard of the publication yet is a race, not a fault: it is taken, and
 * every device lists it as a conflict (refusing it would leave that laptop's sync stuck on a
 * change its person could not have avoided).
 */
export function frozenTemplateProblem(c: Publishing & { base?: string | null }, publishedAt: string | null, label: string): string | null {
  if (publishedAt === null || c.hlc <= publishedAt) return null;
  if (c.op !== 'insert' && c.op !== 'set') return null;
  if (c.base !== publishedAt) return null;
  return `${label} was published before this change was made, on a laptop that had already received the publication: a published template version cannot be changed (copy it into a new version)`;
}
