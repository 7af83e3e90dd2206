import type { Access, SeenAs } from '../../../shared/api/define';
import type { Principal } from '../../../shared/api/session';
import type { CoreContext } from '../context';
import { notFound } from '../errors';
import { prepared } from '../write';
import { visibleTo } from './visibility';

/**
 * The scope half of an operation's access: every input field the contract declares with `sees`
 * (shared/api/define.ts) names an entity the caller must be able to see through `visibleTo`.
 * Checked by dispatch after the role and before the ownership rule and the handler, so a write on
 * a case, audit or action out of the caller's scope is refused in one place, with the same
 * NOT_FOUND a missing one gets: the refusal does not reveal that it exists.
 */

/** How a missing entity of each kind is named (the services' own NOT_FOUND words). */
const LABEL: Record<Exclude<SeenAs, 'case-reference'>, string> = {
  cases: 'Case',
  audits: 'Audit',
  actions: 'Action',
  programmes: 'Programme',
  templates: 'Template version',
  moderation_flags: 'Flag',
};

/** The words a case reference that names no case gets (audits/service.ts findCase): the same for one out of scope. */
export const noCaseWithReference = (reference: string): string =>
  `There is no case with the reference "${reference}" that you can see. Check the reference: the QA lead adds cases to the register and allocates them to auditors.`;

export interface ScopeRefusal {
  code: 'NOT_FOUND';
  message: string;
}

function caseIdByReference(ctx: CoreContext, reference: string): string | null {
  const row = prepared(ctx.db, 'SELECT id FROM cases WHERE reference = ?').get(reference.trim()) as { id: string } | undefined;
  return row?.id ?? null;
}

/** Null when the caller may see every entity the input names; else the NOT_FOUND they get. */
export function checkSeen(ctx: CoreContext, access: Access, principal: Principal | null, input: unknown): ScopeRefusal | null {
  if ('public' in access || !access.sees || !principal || !input || typeof input !== 'object') return null;
  const visible = visibleTo(ctx.db, principal);
  if (visible.everything) return null;
  const fields = input as Record<string, unknown>;
  for (const [field, as] of Object.entries(access.sees)) {
    const raw = fields[field];
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && v !== '');
    for (const value of values) {
      if (as === 'case-reference') {
        const caseId = caseIdByReference(ctx, value);
        // A reference that names no case is the service's own NOT_FOUND (the same words).
        if (caseId && !visible.cases(caseId)) return { code: 'NOT_FOUND', message: noCaseWithReference(value) };
        continue;
      }
      if (!visible.see(as, value)) return { code: 'NOT_FOUND', message: notFound(LABEL[as], value).message };
    }
  }
  return null;
}
