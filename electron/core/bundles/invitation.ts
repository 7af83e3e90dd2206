/**
 * Joining a team without a server. A QA lead makes an invitation for a person already on the
 * people list: a bundle of everything that person may see, signed by the QA lead's laptop and
 * sealed with a key derived from a one-time code (100 bits, shown once). The file may travel by
 * email; the code must travel another way (read out on the phone, handed over on paper). The new
 * laptop opens the file with the code, trusts the QA lead's laptop because the code proved it,
 * makes its own keys, and its first bundle back to the QA lead carries a proof made with the same
 * code, which registers the new laptop in the people list for everyone.
 */
import { randomBytes } from 'node:crypto';
import type { Change } from '../../../shared/sync/change';
import { canSee, visibility } from '../../../shared/sync/rules';
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import { AppError } from '../errors';
import { applyChanges } from '../sync/index';
import { assertAcceptablePassphrase, hashPassphrase, storePassphraseHash } from '../people/passphrase';
import { newId } from '../write';
import { checkChanges, heldChanges, inOneTransaction, principalOf, replicaState } from './checks';
import { fromB64, invitationKeys, newInvitationCode, normaliseInvitationCode, toB64 } from './crypto';
import { advance, bundleFileName } from './cursor';
import { BundleError } from './errors';
import { openPayload, readBundle, writeBundle, type Cursor } from './format';
import { deviceKey, ensurePersonKey, nextBundleSeq } from './keys';
import { laptopPerson, personByEmail, personById } from './people';
import { ensureOwnKeys } from './trust';
import { can } from '../../../shared/api/index';
import type { Role } from '../../../shared/api/session';

export const INVITATION_DAYS = 14;

export interface Invitation {
  bytes: Uint8Array;
  code: string;
  fileName: string;
  person: { id: string; name: string; email: string | null };
  expiresAt: string;
  changes: number;
}

const invalid = (message: string) => new AppError('VALIDATION', message);

export function createInvitation(ctx: CoreContext, email: string): Invitation {
  const lead = laptopPerson(ctx);
  if (!can(lead.role as Role, 'bundles:invite')) throw invalid('Only a QA lead\'s laptop can invite people: it registers their laptops for the team.');
  const person = personByEmail(ctx.db, email);
  if (!person) throw invalid(`No one with the email ${email.trim()} is on the people list: add them first.`);
  if (person.id === lead.id) throw invalid('You cannot invite yourself: this laptop is already yours.');
  if (!person.active) throw invalid(`${person.name} has been deactivated: they cannot be invited.`);
  ensureOwnKeys(ctx, lead);
  const state = replicaState(ctx.db);
  const principal = principalOf(state, person.id)!;
  const visible = visibility(principal, state);
  const changes: Change[] = [];
  let position: Cursor = {};
  for (const c of heldChanges(ctx.db)) {
    position = advance(position, [c]);
    // Authorless changes from elsewhere (a team server's own, e.g. its first QA lead) go too: the invitation vouches for them.
    if (canSee(principal, c, state, visible)) changes.push(c);
  }
  const now = ctx.now();
  const code = newInvitationCode();
  const salt = randomBytes(16);
  const keys = invitationKeys(code, salt);
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  const invitationId = newId();
  const bytes = ctx.db
    .transaction(() => {
      const device = deviceKey(ctx.db, ctx.deviceId, now);
      const seq = nextBundleSeq(ctx.db, ctx.deviceId);
      prepared(ctx.db, 'INSERT INTO bundle_invitations (id, person_id, proof_key, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
        invitationId,
        person.id,
        Buffer.from(keys.proofKey),
        now.toISOString(),
        expiresAt,
      );
      const hold = prepared(ctx.db, 'INSERT OR IGNORE INTO bundle_holds (person_id, device_id, device_seq) VALUES (?, ?, ?)');
      for (const c of changes) hold.run(person.id, c.deviceId, c.deviceSeq);
      return writeBundle({
        header: {
          bundleId: newId(),
          bundleSeq: seq,
          createdAt: now.toISOString(),
          sender: { deviceId: ctx.deviceId, signKey: toB64(device.signPublic), personId: lead.id, name: lead.name },
          recipient: { personId: person.id, name: person.name },
          invitation: { id: invitationId, salt: toB64(salt), expiresAt },
        },
        payload: { changes, cursor: position },
        to: { codeKey: keys.fileKey },
        senderSignSecret: device.signSecret,
      });
    })
    .immediate();
  return {
    bytes,
    code,
    fileName: bundleFileName(person.name, now, 'plumbline-invitation-for'),
    person: { id: person.id, name: person.name, email: person.email },
    expiresAt,
    changes: changes.length,
  };
}

export interface JoinResult {
  person: { id: string; name: string; email: string | null };
  invitedBy: string;
  applied: number;
}

/**
 * Joins this (new, empty) database to the team an invitation comes from, as the person it is
 * for, who chooses their passphrase for this laptop here.
 */
export async function joinTeam(ctx: CoreContext, bytes: Uint8Array, typedCode: string, options: { passphrase: string }): Promise<JoinResult> {
  assertAcceptablePassphrase(options.passphrase);
  const hashed = await hashPassphrase(options.passphrase);
  const db = ctx.db;
  const read = readBundle(bytes);
  const h = read.header;
  if (!h.invitation) throw new BundleError('NOT_FOR_YOU', 'This file is a bundle, not an invitation: import it with "plumbline bundle import" once this laptop has joined. Nothing was imported.');
  if (!normaliseInvitationCode(typedCode)) throw invalid('That is not an invitation code: it has 20 letters and digits, like 7KQF-M2XD-9HTR-4WPA-QZ3N.');
  if (h.invitation.expiresAt < ctx.now().toISOString()) {
    throw new BundleError('REPLAYED', `This invitation expired on ${h.invitation.expiresAt.slice(0, 10)}: ask ${h.sender.name} for a new one. Nothing was imported.`);
  }
  if ((prepared(db, 'SELECT count(*) AS n FROM users').get() as { n: number }).n > 0) {
    throw invalid('This database already has people in it: an invitation is opened on a new laptop (a new database).');
  }
  const keys = invitationKeys(typedCode, fromB64(h.invitation.salt, 16)!);
  const payload = openPayload(read, { codeKey: keys.fileKey });
  checkChanges(db, replicaState(db), payload.changes, { trustedDevice: h.sender.deviceId });
  const now = ctx.now();
  return inOneTransaction(db, () => {
      prepared(db, 'INSERT INTO bundle_pinned_devices (device_id, person_id, sign_key, pinned_at, reason) VALUES (?, ?, ?, ?, ?)').run(
        h.sender.deviceId,
        h.sender.personId,
        h.sender.signKey,
        now.toISOString(),
        `invitation ${h.invitation!.id} from ${h.sender.name}`,
      );
      const merged = applyChanges(ctx, payload.changes);
      const person = personById(db, h.recipient.personId);
      if (!person) throw new BundleError('DAMAGED', 'The invitation does not hold its own person: ask for a new one. Nothing was imported.');
      deviceKey(db, ctx.deviceId, now);
      ensurePersonKey(db, person.id, now);
      storePassphraseHash(ctx, person.id, hashed, false);
      prepared(db, 'INSERT INTO bundle_joined (invitation_id, inviter_person_id, person_id, proof_key, joined_at) VALUES (?, ?, ?, ?, ?)').run(
        h.invitation!.id,
        h.sender.personId,
        person.id,
        Buffer.from(keys.proofKey),
        now.toISOString(),
      );
      prepared(db, 'INSERT INTO bundle_received (bundle_id, sender_device_id, sender_name, bundle_seq, created_at, imported_at, report) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        h.bundleId,
        h.sender.deviceId,
        h.sender.name,
        h.bundleSeq,
        h.createdAt,
        now.toISOString(),
        JSON.stringify(merged),
      );
      if (h.sender.personId) {
        const hold = prepared(db, 'INSERT OR IGNORE INTO bundle_holds (person_id, device_id, device_seq) VALUES (?, ?, ?)');
        for (const c of payload.changes) hold.run(h.sender.personId, c.deviceId, c.deviceSeq);
      }
      return { person: { id: person.id, name: person.name, email: person.email }, invitedBy: h.sender.name, applied: merged.applied };
  });
}
