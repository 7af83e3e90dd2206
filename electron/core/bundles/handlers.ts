import fs from 'node:fs';
import path from 'node:path';
import type { BundleExportView, bundlesOps } from '../../../shared/api/bundles';
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import { AppError, notFound } from '../errors';
import { recordFinishedFile } from '../exports/jobs';
import { downloadsAreHandOvers, ensurePrivateFolder, exportsFolder } from '../exports/folder';
import type { HandlersFor } from '../handler';
import { runtimeInfo } from '../session/current';
import { newId } from '../write';
import { exportBundleToFile } from './exportBundle';
import { importBundle } from './importBundle';
import { createInvitation } from './invitation';
import { personById } from './people';
import { bundleStatus } from './status';
import { can } from '../../../shared/api/index';
import type { Role } from '../../../shared/api/session';

/** Where a bundle made in the app goes: the chosen path (desktop app), else the exports folder beside the database. */
function destination(ctx: CoreContext, fileName: string, outPath: string | undefined): string {
  if (outPath) {
    if (runtimeInfo(ctx).transport === 'preview') {
      throw new AppError('FORBIDDEN', 'In the browser preview, bundles are saved in the exports folder beside the database and downloaded.');
    }
    if (!outPath.toLowerCase().endsWith('.plb')) throw new AppError('VALIDATION', 'A bundle file name ends in .plb.');
    if (fs.existsSync(outPath)) throw new AppError('VALIDATION', `${path.basename(outPath)} already exists: choose another name.`);
    return outPath;
  }
  const dir = ensurePrivateFolder(exportsFolder(ctx));
  const base = fileName.replace(/\.plb$/, '');
  for (let i = 1; ; i += 1) {
    const candidate = path.join(dir, `${base}${i > 1 ? `-${i}` : ''}.plb`);
    if (!fs.existsSync(candidate)) return candidate;
  }
}

function exportTo(ctx: CoreContext, recipientId: string, since: string | undefined, outPath: string | undefined): BundleExportView {
  const recipient = personById(ctx.db, recipientId);
  if (!recipient || !recipient.email) throw notFound('Person', recipientId);
  const day = ctx.now().toISOString().slice(0, 10);
  const slug = recipient.name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'recipient';
  const file = destination(ctx, `plumbline-to-${slug}-${day}.plb`, outPath);
  const result = exportBundleToFile(ctx, { toEmail: recipient.email, since }, file);
  const jobId = newId();
  const handOver = !outPath && downloadsAreHandOvers(ctx);
  recordFinishedFile(jobId, 'bundle', file, `Bundle for ${recipient.name}`, { ownerId: ctx.principal?.id ?? null, private: !outPath, handOver });
  return {
    fileName: path.basename(file),
    recipient: { id: recipient.id, name: recipient.name },
    changes: result.changes,
    jobId,
    path: handOver ? null : file,
    cursor: result.cursor,
  };
}

const MODERATION_STATES = new Set(['submitted', 'in-moderation']);

export const bundlesHandlers = {
  'bundles:status': (ctx) => bundleStatus(ctx),
  'bundles:export': (ctx, { toPersonId, since, outPath }) => exportTo(ctx, toPersonId, since, outPath),
  'bundles:sendForModeration': (ctx, { auditId, moderatorId, outPath }) => {
    const audit = prepared(ctx.db, 'SELECT a.status, a.auditor_id, c.reference FROM audits a JOIN cases c ON c.id = a.case_id WHERE a.id = ?').get(auditId) as
      | { status: string; auditor_id: string; reference: string }
      | undefined;
    if (!audit) throw notFound('Audit', auditId);
    if (!MODERATION_STATES.has(audit.status)) {
      throw new AppError('VALIDATION', `The audit of case ${audit.reference} is ${audit.status.replace(/-/g, ' ')}: only a submitted audit is sent for moderation.`);
    }
    const moderator = personById(ctx.db, moderatorId);
    if (!moderator || !can(moderator.role as Role, 'moderation:start')) {
      throw new AppError('VALIDATION', 'Choose a moderator or a QA lead to moderate this audit.');
    }
    if (moderator.id === audit.auditor_id) throw new AppError('VALIDATION', `${moderator.name} wrote this audit and cannot moderate it: choose another moderator.`);
    return exportTo(ctx, moderatorId, undefined, outPath);
  },
  'bundles:import': (ctx, { base64 }) => {
    const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
    const principal = ctx.principal;
    return importBundle(ctx, bytes, principal && principal.kind === 'person' ? { asPersonId: principal.id } : {});
  },
  'bundles:invite': (ctx, { personId, outPath }) => {
    const person = personById(ctx.db, personId);
    if (!person || !person.email) throw notFound('Person', personId);
    const inv = createInvitation(ctx, person.email);
    const file = destination(ctx, inv.fileName, outPath);
    fs.writeFileSync(file, inv.bytes, { mode: 0o600, flag: 'wx' });
    const jobId = newId();
    const handOver = !outPath && downloadsAreHandOvers(ctx);
    recordFinishedFile(jobId, 'bundle', file, `Invitation for ${person.name}`, { ownerId: ctx.principal?.id ?? null, private: !outPath, handOver });
    return {
      fileName: path.basename(file),
      jobId,
      path: handOver ? null : file,
      code: inv.code,
      person: { id: person.id, name: person.name },
      expiresAt: inv.expiresAt,
    };
  },
} satisfies HandlersFor<typeof bundlesOps>;
