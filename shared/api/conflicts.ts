import { z } from 'zod';
import { op, SIGNED_IN } from './define';

/** One side of a conflict: a value someone typed, who and when. */
export interface ConflictSide {
  value: unknown;
  personName: string;
  at: string | null;
}

/** Two people changed one field while apart: the later value is on screen, the other is kept here. */
export interface ConflictEntry {
  id: string;
  /**
   * 'concurrent': two people's edits crossed; 'frozen': the auditor edited an audit already submitted,
   * or someone changed or discarded a template version already published (decision 67);
   * 'duplicate': two records made apart share what must be one per team (a case reference, an email…):
   * both are kept, `current` names the first, `other` this one, and `field` the shared value's name.
   */
  kind: 'concurrent' | 'frozen' | 'duplicate';
  table: string;
  /** The field as the history names it (e.g. "worker", "section.s3.evidence"). */
  field: string;
  entity: string;
  entityId: string;
  /** The record in words: "Case AB-123", "Audit of case AB-123", "Action: …". */
  record: string;
  current: ConflictSide;
  other: ConflictSide;
  /** Why the other value was not applied, in words, where the page's own wording for `kind` does not fit (a published template version). */
  note?: string;
  /** Present when the other value cannot be kept here (a published template version is frozen): why, and what to do instead. */
  keepOtherRefused?: string;
  /** A template definition: how the other one differs from the one on screen, a line each ("Question s1.q1: before → after"). */
  differences?: string[];
  resolvedAt: string | null;
  resolvedBy: string | null;
}

export const conflictsOps = {
  'conflicts:list': op<ConflictEntry[]>()(z.object({ includeResolved: z.boolean().default(false) }), SIGNED_IN),
  /** Keep the value on screen, or the other one (written as an ordinary new change). For a duplicate both records stay: either marks it seen. */
  'conflicts:resolve': op<{ id: string; kept: 'current' | 'other' }>()(z.object({ id: z.string().min(1).max(300), keep: z.enum(['current', 'other']) }), SIGNED_IN),
};
