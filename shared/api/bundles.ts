import { z } from 'zod';
import { op, QA_LEAD, seeing, SIGNED_IN } from './define';

/** Settings → Exchange: this laptop's bundle key and who it can send bundles to. */
export interface BundleStatusView {
  deviceId: string;
  /** This laptop's signing key as 8 groups of 4 characters, to read out; null before its first bundle. */
  deviceFingerprint: string | null;
  /** Registered with the team by a QA lead (others accept its bundles). */
  registered: boolean;
  people: { id: string; name: string; email: string | null; role: string; canReceive: boolean; lastSent: string | null; lastFile: string | null }[];
  received: { from: string; seq: number; createdAt: string; importedAt: string; applied: number; alreadyHad: number; conflicts: number }[];
}

export interface BundleExportView {
  fileName: string;
  recipient: { id: string; name: string };
  changes: number;
  /** The preview downloads the file from the exports download route with this job id. */
  jobId: string;
  /** Where the desktop app wrote it (null in the browser preview, which downloads it). */
  path: string | null;
  cursor: string;
}

export interface BundleImportView {
  applied: number;
  alreadyHad: number;
  conflicts: number;
  from: { personId: string | null; name: string; deviceId: string };
  bundle: { seq: number; createdAt: string; changes: number };
  registered: string | null;
  cursor: string;
}

export interface InvitationView {
  fileName: string;
  jobId: string;
  path: string | null;
  /** Shown once: to be given to the person another way than the file. */
  code: string;
  person: { id: string; name: string };
  expiresAt: string;
}

const personId = z.string().trim().min(1).max(100);
const outPath = z.string().trim().min(1).max(4000).optional();
/** A bundle file read by the page: its name and its bytes in base64 (at most 48 MB). */
const bundleFile = z.object({
  fileName: z.string().trim().min(1).max(260),
  base64: z.string().max(64 * 1024 * 1024, 'This file is too large to be a bundle.').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file could not be read.'),
});

/** Exchange bundles (`bundles:verb`): move changes between laptops as signed, encrypted files. */
export const bundlesOps = {
  'bundles:status': op<BundleStatusView>()(z.object({}), SIGNED_IN),
  'bundles:export': op<BundleExportView>()(z.object({ toPersonId: personId, since: z.string().trim().max(20_000).optional(), outPath }), SIGNED_IN),
  /** "Send for moderation" on a submitted audit: a bundle to the chosen moderator (it carries the audit). */
  'bundles:sendForModeration': op<BundleExportView>()(z.object({ auditId: personId, moderatorId: personId, outPath }), seeing({ roles: 'signed-in', rule: 'ownAuditOrReviewer' }, { auditId: 'audits' })),
  'bundles:import': op<BundleImportView>()(bundleFile, SIGNED_IN),
  'bundles:invite': op<InvitationView>()(z.object({ personId, outPath }), QA_LEAD),
};
