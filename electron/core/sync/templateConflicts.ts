/**
 * How the Conflicts page words a conflict on a published template version (decision 67): why
 * the other value was not applied, that it cannot be kept on the published version (copy it into
 * a new version instead), and for a definition, what differs, a line each. Reads only.
 */
import type { ConflictEntry } from '../../../shared/api/conflicts';
import type { TemplateDefinition } from '../../../shared/domain/template';
import { TEMPLATES_TABLE } from '../../../shared/sync/templateFreeze';
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { compareDefinitions } from '../templates/compare';

const SHOWN_DIFFERENCES = 20;

const parse = (v: unknown): TemplateDefinition | null => {
  try {
    return typeof v === 'string' ? (JSON.parse(v) as TemplateDefinition) : null;
  } catch {
    return null;
  }
};

/** The lines saying how `other` differs from `current`, at most SHOWN_DIFFERENCES and a count of the rest. */
function differences(current: unknown, other: unknown): string[] | undefined {
  const from = parse(current);
  const to = parse(other);
  if (!from || !to || !Array.isArray(from.sections) || !Array.isArray(to.sections)) return undefined;
  const diff = compareDefinitions(from, to);
  const lines = [...diff.settings, ...diff.sections, ...diff.questions, ...diff.rules, ...diff.concernWords].map((c) =>
    c.kind === 'added' ? `${c.label}: added "${c.after}"` : c.kind === 'removed' ? `${c.label}: removed "${c.before}"` : `${c.label}: "${c.before}" → "${c.after}"`,
  );
  if (lines.length <= SHOWN_DIFFERENCES) return lines;
  return [...lines.slice(0, SHOWN_DIFFERENCES), `and ${lines.length - SHOWN_DIFFERENCES} more differences`];
}

type Extra = Pick<ConflictEntry, 'note' | 'keepOtherRefused' | 'differences'>;

export function templateConflictView(db: Db, r: { tbl: string; row_key: string; kind: string; col: string }, current: unknown, other: unknown): Extra {
  if (r.tbl !== TEMPLATES_TABLE || r.kind === 'duplicate') return {};
  const published = prepared(db, "SELECT 1 FROM templates WHERE id = ? AND status = 'published'").get(r.row_key);
  if (!published) return {};
  const extra: Extra = {
    note:
      r.kind === 'frozen'
        ? r.col === 'status'
          ? 'Discarded on a laptop that had not heard this version was published, so it was kept: audits and programmes may rely on it.'
          : 'Changed on a laptop that had not heard this version was published, so it was not applied: a published version is frozen.'
        : 'Changed before this version was published, on a laptop the publisher had not heard from: the version was published as its publisher saw it.',
    keepOtherRefused: 'A published version cannot take this value: copy the version into a new one and make the change there.',
  };
  if (r.col === 'definition') extra.differences = differences(current, other);
  return extra;
}
