/** What Settings → Exchange and `plumbline bundle status` show. Reads only. */
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import { fingerprint, fromB64, KEY_BYTES } from './crypto';
import { everyone } from './people';

export interface BundleStatus {
  deviceId: string;
  /** This laptop's signing key, to read out when a QA lead registers it; null before the first bundle. */
  deviceFingerprint: string | null;
  registered: boolean;
  people: {
    id: string;
    name: string;
    email: string | null;
    role: string;
    canReceive: boolean;
    lastSent: string | null;
    lastFile: string | null;
  }[];
  received: { from: string; seq: number; createdAt: string; importedAt: string; applied: number; alreadyHad: number; conflicts: number }[];
}

export function bundleStatus(ctx: CoreContext): BundleStatus {
  const db = ctx.db;
  const key = prepared(db, 'SELECT sign_public FROM bundle_device_key WHERE device_id = ?').get(ctx.deviceId) as { sign_public: string } | undefined;
  const registered = !!prepared(db, 'SELECT 1 FROM devices WHERE id = ? AND revoked_at IS NULL').get(ctx.deviceId);
  const sent = new Map(
    (prepared(db, 'SELECT recipient_id, sent_at, last_file FROM bundle_sent').all() as { recipient_id: string; sent_at: string; last_file: string }[]).map((r) => [
      r.recipient_id,
      r,
    ]),
  );
  const received = (
    prepared(db, 'SELECT sender_name, bundle_seq, created_at, imported_at, report FROM bundle_received ORDER BY imported_at DESC LIMIT 20').all() as {
      sender_name: string;
      bundle_seq: number;
      created_at: string;
      imported_at: string;
      report: string;
    }[]
  ).map((r) => {
    const rep = JSON.parse(r.report) as { applied: number; alreadyHad: number; conflicts: number };
    return { from: r.sender_name, seq: r.bundle_seq, createdAt: r.created_at, importedAt: r.imported_at, applied: rep.applied, alreadyHad: rep.alreadyHad, conflicts: rep.conflicts };
  });
  return {
    deviceId: ctx.deviceId,
    deviceFingerprint: key ? fingerprint(fromB64(key.sign_public, KEY_BYTES)!) : null,
    registered,
    people: everyone(db)
      .filter((p) => p.active)
      .map((p) => ({
        id: p.id,
        name: p.name,
        email: p.email,
        role: p.role,
        canReceive: !!p.publicKey,
        lastSent: sent.get(p.id)?.sent_at ?? null,
        lastFile: sent.get(p.id)?.last_file ?? null,
      })),
    received,
  };
}
