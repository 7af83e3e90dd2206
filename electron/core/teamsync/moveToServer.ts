/**
 * Moving a standalone database onto a new team server (decision 66). What the server needs from
 * the standalone file before its QA lead's laptop can join: that QA lead's people row exactly as
 * the file's change log holds it (the original changes, with their device, sequence and hash, so
 * it is the same person everywhere and is never stored twice), their passphrase hash, and the
 * file's device and how far its log reached. Everything else the file holds goes up once, by the
 * ordinary handover when that laptop joins (decision 56). Only reads the file.
 */
import type { StandaloneMove } from '../../../shared/sync/standaloneMove';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { prepared } from '../db/prepared';
import { deviceHead, rowToChange, type ChangeRow } from '../sync/log';
import { readSyncMeta } from './state';

interface LeadRow {
  id: string;
  name: string;
  email: string | null;
  passphrase_hash: string | null;
  must_change_passphrase: number;
}

/** Reads what the move needs; refuses a file that cannot move, saying why (one line each). */
export function readStandaloneMove(ctx: CoreContext, file: string, options: { email?: string } = {}): StandaloneMove {
  const meta = readSyncMeta(ctx);
  if (meta.server) throw new AppError('CONFLICT', `${file} already belongs to the team server at ${meta.server}: only a standalone database can start a team server.`);
  if (prepared(ctx.db, "SELECT value FROM meta WHERE key = 'demo'").get()) throw new AppError('CONFLICT', `${file} is a demo database: only a standalone database can start a team server.`);
  const leads = prepared(ctx.db, "SELECT id, name, email, passphrase_hash, must_change_passphrase FROM users WHERE role = 'qa-lead' AND active = 1 ORDER BY created_at, id").all() as LeadRow[];
  if (leads.length === 0) throw new AppError('NOT_FOUND', `${file} has no active QA lead to become the team server's first: start it in Plumbline first ("Start a standalone database").`);
  let lead: LeadRow | undefined;
  if (options.email) {
    const wanted = options.email.trim().toLowerCase();
    lead = leads.find((l) => (l.email ?? '').toLowerCase() === wanted);
    if (!lead) throw new AppError('NOT_FOUND', `${options.email} is not an active QA lead in ${file} (its active QA leads: ${leads.map((l) => l.email).join(', ')}).`);
  } else if (leads.length > 1) {
    throw new AppError('VALIDATION', `${file} has ${leads.length} active QA leads (${leads.map((l) => l.email).join(', ')}): say whose laptop this is with --admin-email.`);
  } else {
    lead = leads[0];
  }
  if (!lead.passphrase_hash) throw new AppError('VALIDATION', `${lead.name} has no passphrase in ${file}: sign in there once and set one first.`);
  const rows = prepared(ctx.db, "SELECT * FROM history WHERE format = 2 AND tbl = 'users' AND row_key = ? ORDER BY seq").all(lead.id) as ChangeRow[];
  if (!rows.some((r) => r.kind === 'insert')) {
    throw new AppError('VALIDATION', `${file} does not hold the change that created ${lead.name}: run "plumbline verify --db ${file}" and keep a backup before moving it.`);
  }
  return {
    deviceId: ctx.deviceId,
    upTo: deviceHead(ctx.db, ctx.deviceId).seq,
    lead: { id: lead.id, name: lead.name, email: lead.email ?? '' },
    leadChanges: rows.map(rowToChange),
    passphraseHash: lead.passphrase_hash,
    mustChange: lead.must_change_passphrase === 1,
  };
}
