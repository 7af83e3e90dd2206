/**
 * The plain JSON the core gathers for an export and hands to the worker: no database
 * handles, no classes, only what the page shows. Dates are 'YYYY-MM-DD' or ISO instants.
 */
import type { Figures } from '../../../shared/domain/calibration';
import type { GradeOrNA } from '../../../shared/domain/grades';

export interface SectionDoc {
  key: string;
  number: number;
  title: string;
  grade: GradeOrNA | null;
  evidence: string;
  /** Questions answered "no" or "partly" (the gaps), with their answer label. */
  gaps: { text: string; answer: string }[];
}

export interface FeedbackDoc {
  who: string;
  spokenTo: string;
  reason: string;
  said: string;
  view: string;
}

export interface ModerationRowDoc {
  /** Section title with its number, or "Overall grade". */
  label: string;
  auditor: GradeOrNA | null;
  moderator: GradeOrNA | null;
  agreed: GradeOrNA | null;
  rationale: string;
  reasonCode: string;
}

export interface ModerationDoc {
  moderator: string;
  mode: string;
  state: string;
  /** When the grades were agreed, or null while moderation is under way. */
  agreedAt: string | null;
  rows: ModerationRowDoc[];
  note: string;
  /** Written justifications for a moderator's or agreed overall grade that breaks a limiting rule. */
  ruleJustification?: { moderator: string; agreed: string };
  /** "Both agree": when each side agreed, and the auditor's one request to reconsider with the moderator's answer. */
  bothAgree?: {
    moderatorAgreedAt: string | null;
    auditorAgreedAt: string | null;
    reconsider: { reason: string; requestedAt: string; answer: string | null; answerRationale: string; answeredAt: string | null } | null;
  };
}

export interface ActionDoc {
  id: string;
  auditId: string;
  caseRef: string;
  team: string;
  title: string;
  section: string;
  owner: string;
  ownerRole: string;
  dueDate: string | null;
  priority: string;
  status: string;
  doneDate: string | null;
  doneNote: string;
  dueDateMoves: number;
  overdueDays: number;
  drifting: boolean;
}

export interface AuditDoc {
  id: string;
  caseRef: string;
  team: string;
  caseType: string;
  ageBand: string;
  worker: string;
  auditor: string;
  auditorTitle: string;
  status: string;
  template: string;
  programme: string;
  createdAt: string;
  submittedAt: string | null;
  overall: GradeOrNA | null;
  /** The agreed overall grade after moderation, when it differs or is known. */
  agreedOverall: GradeOrNA | null;
  keyFindings: string;
  strengths: string[];
  areas: string[];
  feedback: FeedbackDoc[];
  justification: string;
  sections: SectionDoc[];
  moderation: ModerationDoc | null;
  actions: ActionDoc[];
  /** A follow-up re-audit: the earlier audit's overall grade and date. */
  before: { overall: GradeOrNA | null; date: string | null } | null;
}

/** Counts of grades 1–4 and N/A (index 0 = N/A, 1..4 = grades), for a distribution. */
export type GradeCounts = [number, number, number, number, number];

export interface DistributionRow {
  label: string;
  before: GradeCounts;
  after: GradeCounts;
}

export interface SummaryDoc {
  audits: number;
  moderated: number;
  /** Per section, then the overall grade last: auditor grades (before) and agreed (after). */
  distribution: DistributionRow[];
  figures: Figures;
  bySection: ({ label: string } & Figures)[];
  actions: { total: number; open: number; overdue: number; done: number; cancelled: number; dueDateMoved: number };
  drifting: { caseRef: string; team: string; reasons: string[] }[];
  /** What the moderation and action figures rest on (e.g. "Moderation records are not kept yet"). */
  notes: string[];
}

export interface VerificationDoc {
  headHash: string;
  /** History rows up to and including the record of this export. */
  rows: number;
  exportedAt: string;
  exportedBy: string;
  exportId: string;
  /** Exported from a demo database: every page says DEMO — NOT REAL DATA. */
  demo?: boolean;
}

/** A service-level finding (what the service must improve), as the report and pack print it. */
export interface ServiceFindingDoc {
  /** "Team: Assessment North" or "Whole service". */
  level: string;
  title: string;
  owner: string;
  ownerRole: string;
  dueDate: string;
  priority: string;
  status: string;
  doneDate: string | null;
  /** What was done, or why it was cancelled. */
  doneNote: string;
  overdueDays: number;
  drifting: boolean;
  dueDateMoves: number;
  /** "audit of case X", "programme Y". */
  raisedFrom: string;
}

export interface ReportDoc {
  kind: 'report';
  title: string;
  audit: AuditDoc;
  serviceFindings?: ServiceFindingDoc[];
  verification: VerificationDoc;
}

export interface PackDoc {
  kind: 'pack';
  title: string;
  scope: string[];
  audits: AuditDoc[];
  summary: SummaryDoc;
  serviceFindings?: ServiceFindingDoc[];
  verification: VerificationDoc;
}

export interface SheetDoc {
  /** Sheet name in the workbook, and the CSV file name (lower case, dashes). */
  name: string;
  file: string;
  columns: { header: string; type: 'text' | 'number' | 'date' | 'datetime'; width?: number }[];
  rows: (string | number | null)[][];
}

export interface DataDoc {
  kind: 'data';
  format: 'csv' | 'xlsx';
  sheets: SheetDoc[];
  exportedAt: string;
  /** Exported from a demo database: every file's first row (and the workbook's first sheet) says so. */
  demo?: boolean;
}

export type ExportDoc = ReportDoc | PackDoc | DataDoc;

/** What every page, file and sheet exported from a demo database says. */
export const DEMO_MARK = 'DEMO — NOT REAL DATA';

/** Messages from the worker to the core. */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'done'; pages: number | null }
  | { type: 'error'; message: string };

/** The one message the core sends the worker. */
export interface WorkerJob {
  doc: ExportDoc;
  /** Temporary file (or folder for CSV) in the destination folder. */
  tmpPath: string;
}
