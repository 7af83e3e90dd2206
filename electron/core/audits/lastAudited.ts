import { toLondonDate } from '../../../shared/domain/dates';
import type { Db } from '../db/open';
import { prepared } from '../write';

/**
 * What "audited" means, once for the case register and the sampler: an audit that was submitted
 * (it may since have been moderated, agreed or returned for changes). Drafts never count, so a
 * started and abandoned draft keeps no case out of a sample. SQL over an `audits` row aliased `alias`.
 */
export const countsAsAudited = (alias: string): string => `(${alias}.status <> 'draft' AND ${alias}.submitted_at IS NOT NULL)`;

/** When each case was last audited: the London calendar date of its latest submitted audit. */
export function lastAuditedByCase(db: Db): Map<string, string> {
  const rows = prepared(db, `SELECT a.case_id, max(a.submitted_at) AS at FROM audits a WHERE ${countsAsAudited('a')} GROUP BY a.case_id`).all() as { case_id: string; at: string }[];
  return new Map(rows.map((r) => [r.case_id, toLondonDate(r.at)]));
}

/** A stored submission instant as the "last audited" London date (null stays null). */
export const lastAuditedDate = (submittedAt: string | null): string | null => (submittedAt ? toLondonDate(submittedAt) : null);
