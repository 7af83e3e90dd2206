/**
 * Exporting a bundle: the changes a person may see (the same `canSee` as the team server's pull)
 * that they are not known to hold, sealed to them and signed by this device. What they hold is
 * remembered per person (`bundle_holds`: what was sent to them and what came from them), so the
 * next bundle carries everything else, including what became visible to them since (an audit
 * submitted after an earlier bundle). `--since CURSOR` replaces that memory with a cursor, e.g.
 * after a bundle was lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Change } from '../../../shared/sync/change';
import { canSee, visibility } from '../../../shared/sync/rules';
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import { AppError } from '../errors';
import { newId } from '../write';
import { heldChanges, principalOf, replicaState } from './checks';
import { fromB64, KEY_BYTES, toB64 } from './crypto';
import { advance, bundleFileName, covered, decodeCursor, encodeCursor } from './cursor';
import { writeBundle, type Cursor } from './format';
import { deviceKey, nextBundleSeq } from './keys';
import { laptopPerson, personByEmail, type BundlePerson } from './people';
import { ensureOwnKeys, enrolmentFor } from './trust';

export interface ExportRequest {
  toEmail: string;
  since?: string;
}

export interface PreparedExport {
  bytes: Uint8Array;
  fileName: string;
  recipient: BundlePerson;
  changes: Change[];
  /** Where the recipient stands after importing it (a version vector, as text). */
  cursor: string;
}

const invalid = (message: string) => new AppError('VALIDATION', message);

/** Builds the bundle (reads, plus this device's key and bundle counter). Record it with `recordExport` once the file is safe. */
export function prepareExport(ctx: CoreContext, request: ExportRequest): PreparedExport {
  const sender = laptopPerson(ctx);
  const recipient = personByEmail(ctx.db, request.toEmail);
  if (!recipient) throw invalid(`No one with the email ${request.toEmail.trim()} is on this laptop's people list.`);
  if (recipient.id === sender.id) throw invalid('A bundle goes to someone else: choose another person.');
  if (!recipient.active) throw invalid(`${recipient.name} has been deactivated: bundles cannot be sent to them.`);
  const boxKey = recipient.publicKey ? fromB64(recipient.publicKey, KEY_BYTES) : null;
  if (!boxKey) {
    throw invalid(`${recipient.name} cannot receive bundles yet: their laptop has not been registered. A QA lead invites them (plumbline bundle invite), and their first bundle back registers it.`);
  }
  let since: Cursor | null = null;
  if (request.since !== undefined) {
    since = decodeCursor(request.since);
    if (!since) throw invalid('The --since cursor is not one Plumbline wrote (it starts with "plb1."): copy it again from the import report.');
  }
  ensureOwnKeys(ctx, sender);
  const state = replicaState(ctx.db);
  const principal = principalOf(state, recipient.id);
  if (!principal) throw invalid(`${recipient.name} has no role on this laptop's people list.`);
  const visible = visibility(principal, state);
  const theirDevices = new Set(
    (prepared(ctx.db, 'SELECT id FROM devices WHERE person_id = ?').all(recipient.id) as { id: string }[]).map((r) => r.id),
  );
  const holds = prepared(ctx.db, 'SELECT 1 FROM bundle_holds WHERE person_id = ? AND device_id = ? AND device_seq = ?');
  const changes: Change[] = [];
  let position: Cursor = {};
  for (const c of heldChanges(ctx.db)) {
    position = advance(position, [c]);
    if (c.personId === null || theirDevices.has(c.deviceId)) continue;
    if (since ? covered(since, c) : holds.get(recipient.id, c.deviceId, c.deviceSeq)) continue;
    if (canSee(principal, c, state, visible)) changes.push(c);
  }

  const now = ctx.now();
  const { device, bundleSeq, enrol } = ctx.db
    .transaction(() => ({
      device: deviceKey(ctx.db, ctx.deviceId, now),
      bundleSeq: nextBundleSeq(ctx.db, ctx.deviceId),
      enrol: enrolmentFor(ctx, sender.id, recipient.id),
    }))
    .immediate();
  const bytes = writeBundle({
    header: {
      bundleId: newId(),
      bundleSeq,
      createdAt: now.toISOString(),
      sender: { deviceId: ctx.deviceId, signKey: toB64(device.signPublic), personId: sender.id, name: sender.name },
      recipient: { personId: recipient.id, name: recipient.name, boxKey: recipient.publicKey! },
      ...(enrol ? { enrol } : {}),
    },
    payload: { changes, cursor: position },
    to: { boxKey },
    senderSignSecret: device.signSecret,
  });
  return { bytes, fileName: bundleFileName(recipient.name, now), recipient, changes, cursor: encodeCursor(position) };
}

/** Remembers what the recipient now holds (after the file was written). */
export function recordExport(ctx: CoreContext, prepared_: PreparedExport, file: string): void {
  const db = ctx.db;
  db.transaction(() => {
    const hold = prepared(db, 'INSERT OR IGNORE INTO bundle_holds (person_id, device_id, device_seq) VALUES (?, ?, ?)');
    for (const c of prepared_.changes) hold.run(prepared_.recipient.id, c.deviceId, c.deviceSeq);
    prepared(
      db,
      `INSERT INTO bundle_sent (recipient_id, cursor, bundles, last_file, sent_at) VALUES (?, ?, 1, ?, ?)
       ON CONFLICT (recipient_id) DO UPDATE SET cursor = excluded.cursor, bundles = bundles + 1, last_file = excluded.last_file, sent_at = excluded.sent_at`,
    ).run(prepared_.recipient.id, prepared_.cursor, path.basename(file), ctx.now().toISOString());
  }).immediate();
}

export interface ExportResult {
  file: string;
  recipient: { id: string; name: string; email: string | null };
  changes: number;
  cursor: string;
}

/** Exports to a file: written beside, flushed and renamed into place before anything is recorded. */
export function exportBundleToFile(ctx: CoreContext, request: ExportRequest, out: string): ExportResult {
  const made = prepareExport(ctx, request);
  const tmp = `${out}.part-${process.pid}`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, made.bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, out);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  recordExport(ctx, made, out);
  return { file: out, recipient: { id: made.recipient.id, name: made.recipient.name, email: made.recipient.email }, changes: made.changes.length, cursor: made.cursor };
}
