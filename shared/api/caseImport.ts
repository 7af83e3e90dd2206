import { z } from 'zod';
import type { CaseField, ImportMapping, ImportRowError } from './cases';

/** How a file's bytes are read: detected, or as the person says (`--encoding`, the preview's choice). */
export const ENCODING_CHOICES = ['auto', 'utf-8', 'windows-1252', 'utf-16'] as const;
export type EncodingChoice = (typeof ENCODING_CHOICES)[number];
export const ENCODING_CHOICE_LABELS: Record<EncodingChoice, string> = {
  auto: 'Detect automatically',
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252 (Excel on Windows)',
  'utf-16': 'UTF-16 (Excel “Unicode text”)',
};

/** The encoding a file was read with. */
export type DetectedEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** "UTF-8 with a byte order mark", "Windows-1252", "UTF-16 little-endian with a byte order mark". */
export function encodingLabel(encoding: DetectedEncoding, bom: boolean): string {
  const name = { 'utf-8': 'UTF-8', 'windows-1252': 'Windows-1252', 'utf-16le': 'UTF-16 little-endian', 'utf-16be': 'UTF-16 big-endian' }[encoding];
  return bom ? `${name} with a byte order mark` : name;
}

/** What the preview shows before anything is saved: the decoded headings and first rows. */
export interface ImportPreview {
  encoding: DetectedEncoding;
  bom: boolean;
  /** e.g. "Windows-1252" */
  encodingLabel: string;
  /** True when the encoding was detected rather than chosen. */
  detected: boolean;
  headers: string[];
  rows: string[][];
  /** Each shown row's number as a spreadsheet shows it (the header is row 1). */
  rowNumbers: number[];
  /** Data rows in the file (blank lines skipped). */
  rowCount: number;
  /** Bytes that could not be decoded with this encoding (each is an error on its row). */
  undecodable: number;
}

/** One field of an existing case that a re-import changes; values as stored (codes, ISO dates, '' or null). */
export interface FieldChange {
  field: CaseField;
  from: string | null;
  to: string | null;
}

export interface CaseChange {
  row: number;
  reference: string;
  changes: FieldChange[];
}

export interface ImportCheck {
  /** Data rows found (blank lines are skipped). */
  rows: number;
  errors: ImportRowError[];
  /** How the file was read (null when it came as text). */
  encoding: DetectedEncoding | null;
  encodingLabel: string | null;
  /** References not yet in the register: added. */
  added: number;
  /** References already there whose details differ: updated. */
  updated: number;
  /** References already there with nothing to change. */
  unchanged: number;
  /** What will change, per case (the first CHANGES_SHOWN). */
  changes: CaseChange[];
}

/** After an import: every row imported and no errors, or errors and nothing imported. */
export interface ImportResult extends ImportCheck {
  /** New cases added (updated ones are counted in `updated`). */
  imported: number;
}

export const CHANGES_SHOWN = 2000;

const MAX_BYTES = 60 * 1024 * 1024;

/** The file, as bytes (base64, as read from disk: decoded by the core) or, from scripts, as text. */
export const importSourceSchema = z
  .object({
    bytes: z.string().max(Math.ceil(MAX_BYTES / 3) * 4 + 4, 'The file is larger than 60 MB; split it into smaller files.').optional(),
    csv: z.string().max(MAX_BYTES, 'The file is larger than 60 MB; split it into smaller files.').optional(),
    encoding: z.enum(ENCODING_CHOICES).default('auto'),
  })
  .refine((s) => (s.bytes === undefined) !== (s.csv === undefined), 'Send the file once: as bytes (base64) or as text.');
export type ImportSource = z.output<typeof importSourceSchema>;

export const importInputSchema = (mapping: z.ZodType<ImportMapping>) =>
  z
    .object({
      bytes: z.string().max(Math.ceil(MAX_BYTES / 3) * 4 + 4, 'The file is larger than 60 MB; split it into smaller files.').optional(),
      csv: z.string().max(MAX_BYTES, 'The file is larger than 60 MB; split it into smaller files.').optional(),
      encoding: z.enum(ENCODING_CHOICES).default('auto'),
      mapping,
      /** The file's name, recorded in the history of an import. */
      fileName: z.string().max(260).optional(),
    })
    .refine((s) => (s.bytes === undefined) !== (s.csv === undefined), 'Send the file once: as bytes (base64) or as text.');
