import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import { textProblemMessage } from '../domain/text';
import { importInputSchema, importSourceSchema, type ImportCheck, type ImportPreview, type ImportResult } from './caseImport';
import { op, QA_LEAD, seeing, SIGNED_IN } from './define';

export type { CaseChange, DetectedEncoding, EncodingChoice, FieldChange, ImportCheck, ImportPreview, ImportResult } from './caseImport';

/** Case types, as stored (see migration 002), with the labels people use. */
export const CASE_TYPES = ['early-help', 'cin', 'cp', 'cla', 'care-leaver', 'pre-birth'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
export const CASE_TYPE_LABELS: Record<CaseType, string> = {
  'early-help': 'Early help',
  cin: 'Child in need (CIN)',
  cp: 'Child protection (CP)',
  cla: 'Child in care (CLA)',
  'care-leaver': 'Care leaver',
  'pre-birth': 'Pre-birth',
};

export const AGE_BANDS = ['unborn', '0-4', '5-9', '10-15', '16-17', '18+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  unborn: 'Unborn',
  '0-4': '0 to 4',
  '5-9': '5 to 9',
  '10-15': '10 to 15',
  '16-17': '16 to 17',
  '18+': '18 and over',
};

/** The fields a CSV column can be mapped to, in the order the import screen shows them. */
export const CASE_FIELDS = ['reference', 'team', 'worker', 'caseType', 'ageBand', 'dateOfBirth', 'openedOn', 'closedOn'] as const;
export type CaseField = (typeof CASE_FIELDS)[number];
export const CASE_FIELD_LABELS: Record<CaseField, string> = {
  reference: 'Case reference',
  team: 'Team',
  worker: 'Allocated worker',
  caseType: 'Case type',
  ageBand: 'Age band',
  dateOfBirth: 'Date of birth',
  openedOn: 'Opened on',
  closedOn: 'Closed on',
};
/**
 * A CSV must supply these; the rest may be left out. The age band may come instead from a date
 * of birth (worked out on the day of import; the date of birth itself is never stored).
 */
export const REQUIRED_IMPORT_FIELDS: readonly CaseField[] = ['reference', 'team', 'caseType', 'ageBand'];

/** The needed fields a mapping leaves out (an age band is not needed when a date of birth is mapped). */
export const missingImportFields = (mapping: ImportMapping): CaseField[] =>
  REQUIRED_IMPORT_FIELDS.filter((f) => !mapping[f] && !(f === 'ageBand' && mapping.dateOfBirth));

/** Other headings case management systems use for each field (compared without case, spaces or punctuation). */
const HEADER_ALIASES: Record<CaseField, string[]> = {
  reference: ['reference', 'case reference', 'case ref', 'ref', 'case id', 'case number', 'case no', 'child id', 'person id', 'lcs id', 'id'],
  team: ['team', 'team name', 'allocated team', 'service'],
  worker: ['worker', 'allocated worker', 'social worker', 'key worker', 'practitioner', 'worker name'],
  caseType: ['case type', 'type', 'category', 'case category', 'legal status'],
  ageBand: ['age band', 'age', 'age group', 'age range'],
  dateOfBirth: ['date of birth', 'dob', 'birth date', 'birthdate', 'd o b', 'child dob', 'person dob'],
  openedOn: ['opened on', 'opened', 'open date', 'date opened', 'start date', 'case start date', 'referral date'],
  closedOn: ['closed on', 'closed', 'close date', 'date closed', 'end date', 'case end date', 'closure date'],
};

export const headerKey = (header: string): string => header.toLowerCase().replace(/[^a-z0-9+]/g, '');

/** Which column holds each field: a header of the file, matched by name or a usual alias. */
export type ImportMapping = Partial<Record<CaseField, string>>;

/** A first guess at the mapping from a file's headers (case, spaces and punctuation ignored). */
export function defaultMapping(headers: readonly string[]): ImportMapping {
  const byKey = new Map<string, string>();
  for (const h of headers) if (!byKey.has(headerKey(h))) byKey.set(headerKey(h), h);
  const mapping: ImportMapping = {};
  const used = new Set<string>();
  for (const field of CASE_FIELDS) {
    for (const alias of [field, CASE_FIELD_LABELS[field], ...HEADER_ALIASES[field]]) {
      const header = byKey.get(headerKey(alias));
      if (header !== undefined && !used.has(header)) {
        mapping[field] = header;
        used.add(header);
        break;
      }
    }
  }
  return mapping;
}

export type SortKey = 'reference' | 'team' | 'worker' | 'caseType' | 'ageBand' | 'lastAudited';

/** One line of the register. */
export interface CaseRow {
  id: string;
  reference: string;
  team: string;
  worker: string;
  caseType: CaseType;
  ageBand: AgeBand;
  openedOn: string | null;
  closedOn: string | null;
  auditCount: number;
  /** When the latest audit was submitted (ISO instant), or null when none has been. */
  /** London date (YYYY-MM-DD) of the latest submitted audit; drafts never count (same as the sampler). */
  lastAuditedAt: string | null;
  /** The overall grade of that latest submitted audit. */
  latestOverall: 1 | 2 | 3 | 4 | null;
}

export interface CaseList {
  total: number;
  rows: CaseRow[];
  /** Every team in the register, for the filter. */
  teams: string[];
}

export interface CaseAudit {
  id: string;
  status: 'draft' | 'submitted' | 'in-moderation' | 'agreed' | 'returned';
  auditorName: string;
  overall: 1 | 2 | 3 | 4 | null;
  createdAt: string;
  submittedAt: string | null;
  templateName: string;
}

export interface CaseRecord {
  id: string;
  reference: string;
  team: string;
  worker: string;
  caseType: CaseType;
  ageBand: AgeBand;
  openedOn: string | null;
  closedOn: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CaseDetail {
  case: CaseRecord;
  audits: CaseAudit[];
}

/** One problem in a CSV: the row as a spreadsheet shows it (the header is row 1). */
export interface ImportRowError {
  row: number;
  column: string;
  value: string;
  reason: string;
}


const isoDate = z
  .string()
  .refine(isIsoDate, 'Enter a real date, for example 23/11/2026.')
  .nullable()
  .default(null);

/** Refuses control characters, line breaks and bidirectional overrides (shared/domain/text.ts). */
const clean = (what: string) => (value: string, ctx: z.RefinementCtx) => {
  const message = textProblemMessage(what, value);
  if (message) ctx.addIssue({ code: 'custom', message });
};

/** What a person enters for a case (dates already turned into YYYY-MM-DD). */
export const caseFieldsSchema = z
  .object({
    reference: z
      .string()
      .trim()
      .min(1, 'Enter the case reference.')
      .max(64, 'The case reference is too long (64 characters at most).')
      .superRefine(clean('The case reference')),
    team: z.string().trim().min(1, 'Enter the team.').max(80, 'The team name is too long (80 characters at most).').superRefine(clean('The team name')),
    worker: z.string().trim().max(80, 'The worker name is too long (80 characters at most).').superRefine(clean('The worker name')).default(''),
    caseType: z.enum(CASE_TYPES, { message: 'Choose a case type.' }),
    ageBand: z.enum(AGE_BANDS, { message: 'Choose an age band.' }),
    openedOn: isoDate,
    closedOn: isoDate,
  })
  .refine((c) => !c.openedOn || !c.closedOn || c.closedOn >= c.openedOn, {
    message: 'The closing date cannot be before the opening date.',
    path: ['closedOn'],
  });
export type CaseFields = z.output<typeof caseFieldsSchema>;

const mappingSchema = z.partialRecord(z.enum(CASE_FIELDS), z.string().max(200));
const importInput = importInputSchema(mappingSchema);

export const listInput = z.object({
  search: z.string().trim().max(100).default(''),
  team: z.string().max(80).optional(),
  caseType: z.enum(CASE_TYPES).optional(),
  ageBand: z.enum(AGE_BANDS).optional(),
  audited: z.enum(['yes', 'no']).optional(),
  sort: z.enum(['reference', 'team', 'worker', 'caseType', 'ageBand', 'lastAudited']).default('reference'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
});
export type CaseListQuery = z.output<typeof listInput>;

/** The cases feature's operations (`cases:verb`). */
export const casesOps = {
  'cases:list': op<CaseList>()(listInput, SIGNED_IN),
  'cases:get': op<CaseDetail>()(z.object({ id: z.string().min(1).max(80) }), seeing(SIGNED_IN, { id: 'cases' })),
  // Cases are the QA lead's (as the team server's write rules say): an auditor's case would be refused at sync.
  'cases:create': op<CaseRecord>()(caseFieldsSchema, QA_LEAD),
  'cases:update': op<CaseRecord>()(z.object({ id: z.string().min(1).max(80), fields: caseFieldsSchema }), QA_LEAD),
  'cases:teams': op<string[]>()(z.object({}), SIGNED_IN),
  'cases:importPreview': op<ImportPreview>()(importSourceSchema, QA_LEAD),
  'cases:importCheck': op<ImportCheck>()(importInput, QA_LEAD),
  'cases:import': op<ImportResult>()(importInput, QA_LEAD),
  'cases:importMapping:get': op<ImportMapping | null>()(z.object({}), QA_LEAD),
  'cases:importMapping:set': op<ImportMapping>()(z.object({ mapping: mappingSchema }), QA_LEAD),
};
