import { mayExport, type ExportKind } from '../../../shared/api/exports';
import type { Principal } from '../../../shared/api/session';
import type { CoreContext } from '../context';
import { prepared } from '../write';

/**
 * Ownership and scope rules named in the contract's access declarations (`rule: 'name'`),
 * checked by dispatch after the role, with the parsed input. A rule returns null to allow,
 * or the sentence the caller is refused with (FORBIDDEN). Domain rules ("not your own audit")
 * stay in the services.
 */
export type Rule = (ctx: CoreContext, principal: Principal, input: unknown) => string | null;

export const RULES: Record<string, Rule> = {
  /** Actions on an audit are added by its own auditor, or by a moderator or QA lead. */
  ownAuditOrReviewer: (ctx, who, input) => {
    if (who.role !== 'auditor') return null;
    const auditId = (input as { auditId?: string }).auditId ?? '';
    const audit = prepared(ctx.db, 'SELECT a.auditor_id, c.reference FROM audits a JOIN cases c ON c.id = a.case_id WHERE a.id = ?').get(auditId) as
      | { auditor_id: string; reference: string }
      | undefined;
    if (!audit || audit.auditor_id === who.id) return null; // a missing audit is the service's NOT_FOUND
    return `Only the auditor who wrote the audit of case ${audit.reference}, a moderator or a QA lead can add its actions.`;
  },
  /** Bulk exports carry many children's records: data for QA leads, packs for moderators and QA leads, one report for anyone. */
  exportKind: (_ctx, who, input) => {
    const kind = (input as { kind: ExportKind }).kind;
    if (mayExport(who.role, kind)) return null;
    if (kind === 'data') {
      return `Only a QA lead can export data (CSV or XLSX). You are signed in as ${who.name}; ask your QA lead for the data you need.`;
    }
    return `Only moderators and QA leads can export audit packs. You are signed in as ${who.name}; you can export the report of a single audit.`;
  },
};
