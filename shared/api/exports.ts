import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import type { GradeOrNA } from '../domain/grades';
import { op, seeing, SIGNED_IN } from './define';
import type { Role } from './session';

/** What an export makes: one audit's report, a pack of audits, the data as CSV or XLSX, or an exchange bundle. */
export const EXPORT_KINDS = ['report', 'pack', 'data', 'bundle'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/**
 * What each role may export (the contract's 'exportKind' rule, and what the Reports page offers):
 * bulk exports carry many children's records, so data exports are for QA leads and audit packs
 * for moderators and QA leads; anyone may export one audit's report.
 */
export const EXPORT_KINDS_BY_ROLE: Record<Role, readonly ExportKind[]> = { auditor: ['report'], moderator: ['report', 'pack'], 'qa-lead': ['report', 'pack', 'data'] };
export const mayExport = (role: Role | null | undefined, kind: ExportKind): boolean => !!role && EXPORT_KINDS_BY_ROLE[role].includes(kind);
export type DataFormat = 'csv' | 'xlsx';

export type ExportState = 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportFile {
  /** The file (or, for CSV, folder) name, without any folder. */
  name: string;
  /**
   * Where it was written on this computer (desktop app and command line). Null in the browser
   * preview, which hands the file over by download (by job id and name) and then deletes it.
   */
  path: string | null;
  bytes: number;
  /** Pages of a PDF; null for data exports. */
  pages: number | null;
  /** For a folder (CSV): the files inside it, each downloadable on its own in the preview. */
  parts: string[];
}

export interface ExportProgress {
  jobId: string;
  kind: ExportKind;
  state: ExportState;
  /** Work done and to do, in steps (percent while laying out pages). */
  done: number;
  total: number;
  message: string;
  /** The finished file, once state is 'done'. */
  file: ExportFile | null;
  /** Why it failed, in words a person can act on. */
  error: string | null;
  /** The history head hash printed in the PDF (null for data exports and until recorded). */
  headHash: string | null;
}

export interface ExportOptions {
  teams: string[];
  programmes: { id: string; name: string }[];
  /** Earliest and latest audit date, to prefill a period. */
  firstDate: string | null;
  lastDate: string | null;
  /** Audits a pack can include (submitted, in moderation or agreed). */
  packAudits: number;
  /** Where exports are saved when no file is chosen (desktop app); null in the browser preview, which downloads them. */
  folder: string | null;
  /** The audit asked about (for "Export report"), or null. */
  audit: { id: string; caseRef: string; team: string; status: string; overall: GradeOrNA | null } | null;
  /** Desktop app or browser preview: the preview downloads files instead of showing where they are. */
  transport: 'electron' | 'preview';
}

const isoDate = z.string().refine(isIsoDate, 'Use a date written YYYY-MM-DD.');
const id = z.string().trim().min(1).max(100);
/** An absolute file path chosen by the person (never used by the browser preview). */
const outPath = z.string().trim().min(1).max(4000).optional();

/** Which audits a pack holds: any combination of programme, team and period (dates inclusive). */
export interface PackScope {
  programmeId?: string;
  team?: string;
  from?: string;
  to?: string;
}

export const startExportSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('report'), auditId: id, outPath }),
  z.object({
    kind: z.literal('pack'),
    programmeId: id.optional(),
    team: z.string().trim().min(1).max(80).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    outPath,
  }),
  z.object({ kind: z.literal('data'), format: z.enum(['csv', 'xlsx']), outPath }),
]);
export type StartExportInput = z.infer<typeof startExportSchema>;

/** The exports feature's operations (`exports:verb`). */
export const exportsOps = {
  'exports:options': op<ExportOptions>()(z.object({ auditId: id.optional() }), seeing(SIGNED_IN, { auditId: 'audits' })),
  'exports:start': op<{ jobId: string }>()(startExportSchema, seeing({ roles: 'signed-in', rule: 'exportKind' }, { auditId: 'audits', programmeId: 'programmes' })),
  'exports:progress': op<ExportProgress>()(z.object({ jobId: id }), SIGNED_IN),
  'exports:cancel': op<ExportProgress>()(z.object({ jobId: id }), SIGNED_IN),
  /** Desktop app only: show the finished file in the system's file manager. */
  'exports:reveal': op<{ ok: true }>()(z.object({ jobId: id }), SIGNED_IN),
};

/** Where the browser preview serves a finished export (GET, with the bearer token). */
export const EXPORT_DOWNLOAD_PREFIX = '/exports/download/';
