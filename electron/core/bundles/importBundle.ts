/**
 * Importing a bundle: every check first, reading only — the file's structure and signature, that
 * it is addressed to a person whose key is on this laptop, that it was not imported before, that
 * its sender's device is registered (or answers an invitation issued here), that it decrypts,
 * and that every change holds and could have been made by its author (checks.ts). Only then, in
 * one transaction, the changes are merged with the change log's own `applyChanges` (the same
 * merge as sync). A refusal leaves the database file exactly as it was.
 */
import type { MergeReport } from '../../../shared/sync/change';
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import { applyChanges } from '../sync/index';
import { write } from '../write';
import { checkChanges, inOneTransaction, replicaState } from './checks';
import { fingerprint, toB64 } from './crypto';
import { advance, encodeCursor } from './cursor';
import { BundleError } from './errors';
import { openPayload, readBundle } from './format';
import { knownDevice, localPeople, personKey } from './keys';
import { personById } from './people';
import { acceptEnrolment, matchEnrolment } from './trust';

export interface ImportReport extends MergeReport {
  from: { personId: string | null; name: string; deviceId: string };
  bundle: { seq: number; createdAt: string; changes: number };
  /** Set when this bundle registered its sender's laptop (the answer to an invitation). */
  registered: string | null;
  /** What this laptop now holds (a cursor the sender can use with --since). */
  cursor: string;
}

const day = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

/** Imports a bundle's bytes. `asPersonId`: the signed-in person in the app, who must be its recipient. */
export function importBundle(ctx: CoreContext, bytes: Uint8Array, options: { asPersonId?: string } = {}): ImportReport {
  const db = ctx.db;
  const read = readBundle(bytes);
  const h = read.header;
  if (h.invitation) {
    throw new BundleError('NOT_FOR_YOU', `This is an invitation for ${h.recipient.name} to join the team, not a bundle to import: open it with "plumbline bundle join" on their new laptop. Nothing was imported.`);
  }
  const here = localPeople(db);
  if (!here.includes(h.recipient.personId) || (options.asPersonId && options.asPersonId !== h.recipient.personId)) {
    const who = (options.asPersonId ? [options.asPersonId] : here).map((id) => personById(db, id)?.name ?? 'someone').join(', ');
    throw new BundleError('NOT_FOR_YOU', `This bundle is addressed to ${h.recipient.name}, not to ${who || 'anyone who uses this laptop'}. Nothing was imported.`);
  }
  const key = personKey(db, h.recipient.personId)!;
  if (toB64(key.boxPublic) !== h.recipient.boxKey) {
    throw new BundleError('CANNOT_DECRYPT', `This bundle was sealed to another key of ${h.recipient.name}'s (a laptop of theirs that has since been replaced): ask ${h.sender.name} to export it again. Nothing was imported.`);
  }
  const before = prepared(db, 'SELECT imported_at FROM bundle_received WHERE bundle_id = ?').get(h.bundleId) as { imported_at: string } | undefined;
  if (before) {
    throw new BundleError('REPLAYED', `This bundle (number ${h.bundleSeq} from ${h.sender.name}, made ${day(h.createdAt)}) was already imported here on ${day(before.imported_at)}; importing it again would change nothing. Nothing was imported.`);
  }
  const sender = knownDevice(db, h.sender.deviceId);
  const enrolment = sender ? null : matchEnrolment(ctx, h);
  if (!sender && !enrolment) {
    throw new BundleError(
      'UNKNOWN_DEVICE',
      `This bundle comes from a laptop that is not registered with the team (${h.sender.name}'s, key ${fingerprint(read.senderSignKey)}): a QA lead must register it first. Nothing was imported.`,
    );
  }
  if (sender && (sender.signKey !== h.sender.signKey || sender.personId !== h.sender.personId)) {
    throw new BundleError('BAD_SIGNATURE', `This bundle is signed with a key that is not the one registered for ${h.sender.name}'s laptop. Nothing was imported.`);
  }
  const payload = openPayload(read, { boxSecret: key.boxSecret });
  const extra = new Map<string, string>();
  if (enrolment) extra.set(enrolment.deviceId, enrolment.personId);
  const state = replicaState(db);
  checkChanges(db, state, payload.changes, { extraDevices: extra });

  let merged: MergeReport;
  const report = inOneTransaction(db, () => {
      if (enrolment) write(ctx, (tx) => acceptEnrolment(tx, enrolment));
      try {
        merged = applyChanges(ctx, payload.changes);
      } catch (error) {
        throw new BundleError('NOT_PERMITTED', `This bundle could not be merged: ${(error as Error).message} Nothing was imported.`);
      }
      if (h.sender.personId) {
        const hold = prepared(db, 'INSERT OR IGNORE INTO bundle_holds (person_id, device_id, device_seq) VALUES (?, ?, ?)');
        for (const c of payload.changes) hold.run(h.sender.personId, c.deviceId, c.deviceSeq);
      }
      const cursor = (prepared(db, 'SELECT device_id AS d, max(device_seq) AS s FROM history WHERE format = 2 GROUP BY device_id').all() as { d: string; s: number }[]).reduce(
        (acc, r) => advance(acc, [{ deviceId: r.d, deviceSeq: r.s }]),
        {},
      );
      const out: ImportReport = {
        ...merged,
        from: { personId: h.sender.personId, name: h.sender.name, deviceId: h.sender.deviceId },
        bundle: { seq: h.bundleSeq, createdAt: h.createdAt, changes: payload.changes.length },
        registered: enrolment ? `${h.sender.name}'s laptop was registered with the team (invitation answered).` : null,
        cursor: encodeCursor(cursor),
      };
      prepared(db, 'INSERT INTO bundle_received (bundle_id, sender_device_id, sender_name, bundle_seq, created_at, imported_at, report) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        h.bundleId,
        h.sender.deviceId,
        h.sender.name,
        h.bundleSeq,
        h.createdAt,
        ctx.now().toISOString(),
        JSON.stringify({ applied: merged.applied, alreadyHad: merged.alreadyHad, conflicts: merged.conflicts }),
      );
      return out;
  });
  return report;
}
