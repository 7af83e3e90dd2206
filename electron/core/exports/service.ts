/**
 * Starting exports: checks the request, gathers the data as JSON, records the export in the
 * history, reads the head hash (so the PDF prints the hash that includes its own record)
 * and hands the layout to a worker.
 */
import { logHeadHash } from '../history/head';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportOptions, ExportProgress, PackScope, StartExportInput } from '../../../shared/api/exports';
import { formatUkDate, londonDate } from '../../../shared/domain/dates';
import type { CoreContext } from '../context';
import { AppError, notFound } from '../errors';
import { newId, prepared, write } from '../write';
import { dataSheets, londonDateTime } from './dataSheets';
import { gatherAudits } from './gather';
import { downloadsAreHandOvers, ensurePrivateFolder, exportsFolder } from './folder';
import { serviceFindingsFor } from './serviceFindings';
import { launch, sweepStale, type Job } from './jobs';
import { AUDIT_STATUS_LABELS, ROLE_LABELS, labelOf } from './labels';
import { toGrade } from './sources';
import { runtimeInfo } from '../session/current';
import { BLIND_HIDDEN_MESSAGE } from '../moderation/access';
import { isDemoDatabase } from '../session/handlers';
import { blindHiddenAuditIds, hiddenByBlindModeration } from '../policy/visibility';
import type { ExportDoc, VerificationDoc } from './model';
import { auditDateRange, getAuditRow, packAuditRows, programmes, teams } from './queries';
import { buildSummary } from './summary';

export { exportsFolder } from './folder';

export interface StartOptions {
  /** The CLI may replace an existing file; the app never does. */
  overwrite?: boolean;
  onProgress?: (progress: ExportProgress) => void;
}

const safe = (s: string): string => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'export';

function defaultName(ctx: CoreContext, base: string, ext: string): string {
  const dir = ensurePrivateFolder(exportsFolder(ctx));
  sweepStale(dir);
  const stamp = (londonDateTime(ctx.now().toISOString()) ?? '').replace(/[: ]/g, '-').slice(0, 16);
  for (let i = 1; ; i += 1) {
    const candidate = path.join(dir, `${safe(base)}-${stamp}${i > 1 ? `-${i}` : ''}${ext}`);
    if (!fs.existsSync(candidate)) return candidate;
  }
}

/** Checks a chosen destination: the right kind of name, a folder that exists and can be written. */
function checkOutPath(outPath: string, ext: string | null, overwrite: boolean): string {
  const file = path.resolve(outPath);
  if (ext && path.extname(file).toLowerCase() !== ext) throw new AppError('VALIDATION', `The file name must end in ${ext}: ${file}`);
  const dir = path.dirname(file);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new AppError('VALIDATION', `Cannot write ${file}: the folder ${dir} does not exist. Create it or choose another place.`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new AppError('VALIDATION', `Cannot write ${file}: the folder ${dir} is not writable. Choose another place.`);
  }
  if (fs.existsSync(file)) {
    const isDir = fs.statSync(file).isDirectory();
    if (ext === null && !isDir) throw new AppError('VALIDATION', `Cannot write CSV files into ${file}: it is a file, not a folder.`);
    if (ext !== null && isDir) throw new AppError('VALIDATION', `Cannot write ${file}: it is a folder.`);
    if (ext !== null && !overwrite) throw new AppError('CONFLICT', `${file} already exists. Choose another name; nothing was overwritten.`);
    if (isDir) {
      try {
        fs.accessSync(file, fs.constants.W_OK);
      } catch {
        throw new AppError('VALIDATION', `Cannot write into ${file}: the folder is not writable.`);
      }
    }
  }
  return file;
}

function scopeText(ctx: CoreContext, scope: PackScope): { title: string; lines: string[] } {
  const lines: string[] = [];
  let title = 'Audit pack: all teams';
  if (scope.programmeId) {
    const programme = programmes(ctx.db).find((p) => p.id === scope.programmeId);
    if (!programme) throw notFound('Programme', scope.programmeId);
    title = `Audit pack: ${programme.name}`;
    lines.push(`Programme: ${programme.name}`);
  }
  if (scope.team) {
    const team = teams(ctx.db).find((t) => t.toLowerCase() === scope.team!.toLowerCase());
    if (!team) throw new AppError('NOT_FOUND', `There is no team called "${scope.team}". Check the spelling against the teams on the Cases page.`);
    if (!scope.programmeId) title = `Audit pack: ${team}`;
    lines.push(`Team: ${team}`);
  } else lines.push('All teams');
  const period =
    scope.from && scope.to ? `${formatUkDate(scope.from)} to ${formatUkDate(scope.to)}` : scope.from ? `from ${formatUkDate(scope.from)}` : scope.to ? `up to ${formatUkDate(scope.to)}` : '';
  if (period) {
    lines.push(`Audits dated ${period}`);
    if (!scope.programmeId && !scope.team) title = `Audit pack: ${period}`;
  }
  lines.push('Audits submitted, in moderation or agreed');
  return { title, lines };
}

/** Records the export in the history, then reads the head hash that now includes that record. */
function recordExport(ctx: CoreContext, jobId: string, kind: string, data: Record<string, unknown>): VerificationDoc {
  let at = '';
  write(ctx, (tx) => {
    tx.event({ entity: 'export', entityId: jobId }, `export.${kind}`, data);
    at = tx.at;
  });
  const head = { hash: logHeadHash(ctx.db) };
  const rows = (prepared(ctx.db, 'SELECT count(*) AS n FROM history').get() as { n: number }).n;
  const actor = ctx.actor();
  return { headHash: head.hash, rows, exportedAt: at, exportedBy: `${actor.name}${actor.role !== 'system' ? `, ${ROLE_LABELS[actor.role]}` : ''}`, exportId: jobId, demo: isDemoDatabase(ctx.db) };
}

export function startExport(ctx: CoreContext, input: StartExportInput, options: StartOptions = {}): Job {
  const today = londonDate(ctx.now());
  const jobId = newId();
  // During blind grading nothing of the auditor's may reach anyone but the auditor (moderation/access.ts).
  const hidden = blindHiddenAuditIds(ctx.db, ctx.principal);
  let doc: ExportDoc;
  let finalPath: string;
  let record: Record<string, unknown>;
  if (input.kind === 'report') {
    const row = getAuditRow(ctx.db, input.auditId);
    if (!row) throw new AppError('NOT_FOUND', `There is no audit with the ID ${input.auditId}. Check the ID: it is in the audit's address in the app (#/audits/ID) and in audits.csv of a data export.`);
    if (hidden.has(row.id)) throw new AppError('FORBIDDEN', `${BLIND_HIDDEN_MESSAGE} It can be exported once the moderator has graded it.`);
    finalPath = input.outPath ? checkOutPath(input.outPath, '.pdf', !!options.overwrite) : defaultName(ctx, `audit-report-${row.case_ref}`, '.pdf');
    const g = gatherAudits(ctx.db, [row], today);
    record = { kind: 'report', auditId: row.id, caseReference: row.case_ref, file: path.basename(finalPath) };
    const verification = recordExport(ctx, jobId, 'report', record);
    const serviceFindings = serviceFindingsFor(ctx.db, today, [row.id], []);
    doc = { kind: 'report', title: `Audit report: ${row.case_ref}`, audit: g.audits[0], serviceFindings, verification };
  } else if (input.kind === 'pack') {
    const scope: PackScope = { programmeId: input.programmeId, team: input.team, from: input.from, to: input.to };
    if (scope.from && scope.to && scope.from > scope.to) throw new AppError('VALIDATION', 'The period must end on or after the day it starts.');
    const { title, lines } = scopeText(ctx, scope);
    const inScope = packAuditRows(ctx.db, scope);
    const rows = inScope.filter((r) => !hidden.has(r.id));
    const withheld = inScope.filter((r) => hidden.has(r.id)).map((r) => r.case_ref);
    if (rows.length === 0 && withheld.length) throw new AppError('VALIDATION', `Every audit in this pack is being moderated blind (${withheld.join(', ')}); export it once the moderator has graded them.`);
    if (rows.length === 0) throw new AppError('VALIDATION', `No submitted, moderated or agreed audits match this pack (${lines.slice(0, -1).join('; ')}). Choose a wider period or another team.`);
    finalPath = input.outPath ? checkOutPath(input.outPath, '.pdf', !!options.overwrite) : defaultName(ctx, `audit-pack-${scope.team ?? (scope.programmeId ? 'programme' : 'all-teams')}`, '.pdf');
    const g = gatherAudits(ctx.db, rows, today);
    const summary = buildSummary(g, today);
    if (withheld.length) summary.notes.push(`Left out while they are moderated blind (their grades stay hidden until the moderator has graded them): ${withheld.join(', ')}.`);
    record = { kind: 'pack', scope, audits: rows.length, file: path.basename(finalPath) };
    const verification = recordExport(ctx, jobId, 'pack', record);
    const programmeIds = [...new Set([scope.programmeId, ...rows.map((r) => r.programme_id)].filter((x): x is string => !!x))];
    const serviceFindings = serviceFindingsFor(ctx.db, today, rows.map((r) => r.id), programmeIds);
    doc = { kind: 'pack', title, scope: lines, audits: g.audits, summary, serviceFindings, verification };
  } else {
    const ext = input.format === 'xlsx' ? '.xlsx' : null;
    finalPath = input.outPath ? checkOutPath(input.outPath, ext, true) : defaultName(ctx, 'plumbline-data', ext ?? '');
    const sheets = dataSheets(ctx.db, today, hidden);
    record = { kind: 'data', format: input.format, rows: Object.fromEntries(sheets.map((s) => [s.name, s.rows.length])), file: path.basename(finalPath) };
    const verification = recordExport(ctx, jobId, 'data', record);
    doc = { kind: 'data', format: input.format, sheets, exportedAt: verification.exportedAt, demo: verification.demo };
  }
  return launch({
    id: jobId,
    kind: input.kind,
    doc,
    finalPath,
    headHash: doc.kind === 'data' ? null : doc.verification.headHash,
    ownerId: ctx.principal?.id ?? null,
    private: !input.outPath,
    handOver: !input.outPath && downloadsAreHandOvers(ctx),
    onProgress: options.onProgress,
    onEnd: (state, error) => {
      try {
        write(ctx, (tx) => tx.event({ entity: 'export', entityId: jobId }, `export.${state}`, { ...record, error }));
      } catch {
        /* the database was closed (the app is quitting): the started record stands */
      }
    },
  });
}

export function exportOptions(ctx: CoreContext, auditId?: string): ExportOptions {
  const range = auditDateRange(ctx.db);
  const row = auditId ? getAuditRow(ctx.db, auditId) : undefined;
  if (auditId && !row) throw new AppError('NOT_FOUND', `There is no audit with the ID ${auditId}. Open the audit again from its case.`);
  return {
    teams: teams(ctx.db),
    programmes: programmes(ctx.db).map((p) => ({ id: p.id, name: p.name })),
    firstDate: range.first,
    lastDate: range.last,
    packAudits: range.count,
    folder: downloadsAreHandOvers(ctx) ? null : exportsFolder(ctx),
    audit: row
      ? { id: row.id, caseRef: row.case_ref, team: row.team, status: labelOf(AUDIT_STATUS_LABELS, row.status), overall: hiddenByBlindModeration(ctx.db, row.id, ctx.principal) ? null : toGrade(row.overall_grade) }
      : null,
    transport: runtimeInfo(ctx).transport,
  };
}
