/**
 * How laptops come to trust each other without a server (docs/decisions.md, "Bundle keys"):
 * a QA lead registers every device and every person's box key in the replicated people list;
 * a new laptop joins by an invitation file plus a one-time code given by another channel, and its
 * first bundle back to that QA lead carries a proof made with the code, which registers it.
 */
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import { write, type Tx } from '../write';
import { enrolProof, fromB64, sameBytes, toB64 } from './crypto';
import type { BundleHeader } from './format';
import { deviceKey, ensurePersonKey } from './keys';
import type { BundlePerson } from './people';
import { can } from '../../../shared/api/index';
import type { Role } from '../../../shared/api/session';

/** Registers a device and the person's box key in the people list (as the QA lead working here). */
export function registerDevice(tx: Tx, device: { id: string; personId: string; signKey: string }, boxKey: string | null): void {
  const existing = prepared(tx.db, 'SELECT sign_key FROM devices WHERE id = ?').get(device.id) as { sign_key: string } | undefined;
  if (!existing) {
    tx.insert('devices', { id: device.id, person_id: device.personId, sign_key: device.signKey, registered_at: tx.at, revoked_at: null });
  } else if (existing.sign_key !== device.signKey) {
    tx.update('devices', { id: device.id }, { sign_key: device.signKey, person_id: device.personId, revoked_at: null });
  }
  if (boxKey) tx.update('users', { id: device.personId }, { public_key: boxKey });
}

/**
 * Makes sure this laptop can send and receive bundles for `person`: a device key, the person's box
 * key, and (when the person is a QA lead, who may write the people list) both published.
 */
export function ensureOwnKeys(ctx: CoreContext, person: BundlePerson): void {
  const now = ctx.now();
  ctx.db
    .transaction(() => {
      const device = deviceKey(ctx.db, ctx.deviceId, now);
      const box = ensurePersonKey(ctx.db, person.id, now);
      if (!can(person.role as Role, 'people:add')) return; // only who may write the people list publishes keys
      const registered = prepared(ctx.db, 'SELECT sign_key FROM devices WHERE id = ?').get(ctx.deviceId) as { sign_key: string } | undefined;
      const boxKey = toB64(box.boxPublic);
      if (registered?.sign_key === toB64(device.signPublic) && person.publicKey === boxKey) return;
      write(ctx, (tx) => registerDevice(tx, { id: ctx.deviceId, personId: person.id, signKey: toB64(device.signPublic) }, boxKey));
    })
    .immediate();
}

/** The enrolment a joined laptop adds to its bundles until its device is registered. */
export function enrolmentFor(ctx: CoreContext, personId: string, recipientId: string): BundleHeader['enrol'] {
  const joined = prepared(ctx.db, 'SELECT invitation_id, inviter_person_id, proof_key FROM bundle_joined WHERE person_id = ?').get(personId) as
    | { invitation_id: string; inviter_person_id: string; proof_key: Buffer }
    | undefined;
  if (!joined || joined.inviter_person_id !== recipientId) return undefined;
  // Registered by the inviter (their registration came back): no more enrolment. A QA lead's laptop
  // registers itself (ensureOwnKeys), which the inviter has not seen: that one does not count.
  const registered = prepared(
    ctx.db,
    "SELECT 1 FROM devices d WHERE d.id = ? AND d.revoked_at IS NULL AND EXISTS (SELECT 1 FROM history h WHERE h.format = 2 AND h.tbl = 'devices' AND h.row_key = d.id AND h.device_id <> ?)",
  ).get(ctx.deviceId, ctx.deviceId);
  if (registered) return undefined;
  const device = deviceKey(ctx.db, ctx.deviceId, ctx.now());
  const box = ensurePersonKey(ctx.db, personId, ctx.now());
  const fields = {
    invitationId: joined.invitation_id,
    personId,
    deviceId: ctx.deviceId,
    signKey: toB64(device.signPublic),
    boxKey: toB64(box.boxPublic),
  };
  return { invitationId: joined.invitation_id, boxKey: fields.boxKey, proof: enrolProof(new Uint8Array(joined.proof_key), fields) };
}

export interface Enrolment {
  invitationId: string;
  deviceId: string;
  personId: string;
  signKey: string;
  boxKey: string;
}

/**
 * The enrolment in a bundle from an unknown device, when it answers an open invitation issued
 * here for that person; null otherwise. Reads only.
 */
export function matchEnrolment(ctx: CoreContext, header: BundleHeader): Enrolment | null {
  const enrol = header.enrol;
  if (!enrol || !header.sender.personId) return null;
  const inv = prepared(ctx.db, 'SELECT person_id, proof_key, expires_at, used_at, used_by_device FROM bundle_invitations WHERE id = ?').get(enrol.invitationId) as
    | { person_id: string; proof_key: Buffer; expires_at: string; used_at: string | null; used_by_device: string | null }
    | undefined;
  if (!inv || inv.person_id !== header.sender.personId) return null;
  if (inv.used_at && inv.used_by_device !== header.sender.deviceId) return null;
  if (!inv.used_at && inv.expires_at < ctx.now().toISOString()) return null;
  const fields = { invitationId: enrol.invitationId, personId: inv.person_id, deviceId: header.sender.deviceId, signKey: header.sender.signKey, boxKey: enrol.boxKey };
  const expected = fromB64(enrolProof(new Uint8Array(inv.proof_key), fields), 32)!;
  const given = fromB64(enrol.proof, 32);
  if (!given || !sameBytes(expected, given)) return null;
  return fields;
}

/** Writes the registration an enrolment asks for and closes the invitation (inside the import's transaction). */
export function acceptEnrolment(tx: Tx, e: Enrolment): void {
  registerDevice(tx, { id: e.deviceId, personId: e.personId, signKey: e.signKey }, e.boxKey);
  prepared(tx.db, 'UPDATE bundle_invitations SET used_at = coalesce(used_at, ?), used_by_device = ? WHERE id = ?').run(tx.at, e.deviceId, e.invitationId);
}
