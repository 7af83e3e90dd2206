/**
 * The domain's exceptions to last-writer-wins, as pure functions of the changes held, so every
 * device decides the same whatever order the changes came in:
 * - a submitted audit is frozen for its auditor: the auditor's change to its content made while
 *   the audit stood submitted, in moderation or agreed (by the latest status change before it)
 *   loses, and is listed as a conflict so nothing typed is lost;
 * - both grades of a moderation are kept: they are separate columns (auditor_grade,
 *   moderator_grade), merged per column, so neither can overwrite the other.
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { keyValues, type EntityDef } from '../entities/registry';

export const FROZEN_STATUSES: ReadonlySet<string> = new Set(['submitted', 'in-moderation', 'agreed']);

/** A change as the merge sees it. */
export interface MergeChange {
  hlc: string;
  op: 'insert' | 'set' | 'delete';
  column: string | null;
  value: unknown;
  personId: string | null;
  base: string | null;
  hash: string;
}

interface AuditFacts {
  /** Status changes, oldest first. */
  statuses: { hlc: string; status: string }[];
  auditorId: string | null;
}

/** Reads what the rules need from the log, once per audit per merge or replay. */
export class RuleContext {
  private readonly audits = new Map<string, AuditFacts>();

  constructor(private readonly db: Db) {}

  private facts(auditId: string): AuditFacts {
    let facts = this.audits.get(auditId);
    if (facts) return facts;
    const rows = prepared(
      this.db,
      "SELECT hlc, kind, col, new_value FROM history WHERE format = 2 AND tbl = 'audits' AND row_key = ? AND kind IN ('insert', 'set') ORDER BY hlc",
    ).all(auditId) as { hlc: string; kind: string; col: string | null; new_value: string | null }[];
    facts = { statuses: [], auditorId: null };
    let auditorAt = '';
    for (const r of rows) {
      const value = r.new_value === null ? null : (JSON.parse(r.new_value) as unknown);
      const record = r.kind === 'insert' ? (value as Record<string, unknown>) : { [r.col ?? '']: value };
      if (typeof record.status === 'string') facts.statuses.push({ hlc: r.hlc, status: record.status });
      if ('auditor_id' in record && r.hlc >= auditorAt) {
        facts.auditorId = (record.auditor_id as string | null) ?? null;
        auditorAt = r.hlc;
      }
    }
    this.audits.set(auditId, facts);
    return facts;
  }

  /** Forget what was read (after new changes to these audits were stored). */
  forget(auditId: string): void {
    this.audits.delete(auditId);
  }

  /** Whether a change counts, or loses to the frozen-audit rule. */
  accepts(def: EntityDef<Record<string, unknown>>, key: string, c: MergeChange): boolean {
    const content = def.auditContent;
    if (!content) return true;
    if (c.op === 'insert' && def.table === 'audits') return true;
    if (c.op === 'set' && content.columns !== 'all' && !content.columns.includes(c.column ?? '')) return true;
    const facts = this.facts(content.auditId(keyValues(def, key)));
    if (facts.auditorId === null || c.personId !== facts.auditorId) return true;
    let status: string | null = null;
    for (const s of facts.statuses) {
      if (s.hlc >= c.hlc) break;
      status = s.status;
    }
    return status === null || !FROZEN_STATUSES.has(status);
  }
}
