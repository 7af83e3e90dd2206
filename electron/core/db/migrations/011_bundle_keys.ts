import type { Migration } from './index';

/**
 * Exchange bundles (issue 14). `devices` replicates: each laptop's Ed25519 public key, registered
 * by a QA lead, so any laptop can check who signed a bundle. Everything else is this laptop's own
 * and never leaves it (no history rows, no changes): its device's private signing key, the
 * private halves of its person's box key, the devices it pinned by an invitation code, what it
 * what each person is known to hold, the bundles it imported, and the invitations it issued.
 */
export const m011: Migration = {
  version: 11,
  name: 'bundle keys',
  sql: /* sql */ `
    CREATE TABLE devices (
      id TEXT PRIMARY KEY,
      person_id TEXT NOT NULL,
      sign_key TEXT NOT NULL,
      registered_at TEXT NOT NULL,
      revoked_at TEXT
    ) STRICT;
    CREATE INDEX devices_person ON devices (person_id);

    CREATE TABLE bundle_device_key (
      device_id TEXT PRIMARY KEY,
      sign_secret BLOB NOT NULL,
      sign_public TEXT NOT NULL,
      bundles_made INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE bundle_person_keys (
      person_id TEXT PRIMARY KEY,
      box_secret BLOB NOT NULL,
      box_public TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE bundle_pinned_devices (
      device_id TEXT PRIMARY KEY,
      person_id TEXT NOT NULL,
      sign_key TEXT NOT NULL,
      pinned_at TEXT NOT NULL,
      reason TEXT NOT NULL
    ) STRICT;

    CREATE TABLE bundle_sent (
      recipient_id TEXT PRIMARY KEY,
      cursor TEXT NOT NULL,
      bundles INTEGER NOT NULL,
      last_file TEXT NOT NULL,
      sent_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE bundle_received (
      bundle_id TEXT PRIMARY KEY,
      sender_device_id TEXT NOT NULL,
      sender_name TEXT NOT NULL,
      bundle_seq INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      report TEXT NOT NULL
    ) STRICT;

    -- Which changes each person is known to hold (sent to them, or received from them): the next
    -- bundle to them carries everything else they may see, even what became visible later.
    CREATE TABLE bundle_holds (
      person_id TEXT NOT NULL,
      device_id TEXT NOT NULL,
      device_seq INTEGER NOT NULL,
      PRIMARY KEY (person_id, device_id, device_seq)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE bundle_invitations (
      id TEXT PRIMARY KEY,
      person_id TEXT NOT NULL,
      proof_key BLOB NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT,
      used_by_device TEXT
    ) STRICT;

    CREATE TABLE bundle_joined (
      invitation_id TEXT PRIMARY KEY,
      inviter_person_id TEXT NOT NULL,
      person_id TEXT NOT NULL,
      proof_key BLOB NOT NULL,
      joined_at TEXT NOT NULL
    ) STRICT;
  `,
};
