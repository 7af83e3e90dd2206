import { z } from 'zod';
import { op, PUBLIC, QA_LEAD, SIGNED_IN } from './define';

export const ROLES = ['auditor', 'moderator', 'qa-lead'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = { auditor: 'Auditor', moderator: 'Moderator', 'qa-lead': 'QA lead' };

/**
 * Who is making a call, as the transport knows it: a signed-in person, or the command line
 * (which holds the database key and acts with full rights; history names it
 * "command line (<OS user>)"). Every core call carries one: `dispatch(principal, op, input)`.
 */
export interface Principal {
  kind: 'person' | 'cli';
  /** The person's id; for the command line, `cli:<OS user>`. */
  id: string;
  name: string;
  /** The login (lower case); null for the command line. */
  email: string | null;
  role: Role;
  /** Teams the person works in or manages (scope for team views). */
  teams: string[];
  /** The partner agency a partner auditor works for; null for council staff. */
  agency: string | null;
}

/** A person as the QA lead manages them (never carries the passphrase or its hash). */
export interface Person {
  id: string;
  name: string;
  email: string;
  role: Role;
  teams: string[];
  agency: string | null;
  active: boolean;
  /** Set by a one-time passphrase: the person must choose their own before anything else. */
  mustChangePassphrase: boolean;
  /** False until a passphrase has been set (imported people wait for a one-time passphrase). */
  hasPassphrase: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What the shell needs before and after sign-in. */
export interface SessionMe {
  /** The signed-in person, or null before sign-in. */
  person: Person | null;
  /** A demo database: every page shows the "Demo data" banner. */
  demo: boolean;
  deviceId: string;
  /** Shown in the UI when the key is not well protected (e.g. safeStorage's basic text backend). */
  keyWarning: string | null;
  transport: 'electron' | 'preview';
  /** Today in London, YYYY-MM-DD. */
  today: string;
  /** 'first-start': the database has nobody yet (start a standalone database or explore the demo). */
  state: 'first-start' | 'ready';
  /** Minutes without input before the app locks and asks for the passphrase again. */
  idleLockMinutes: number;
}

/** Passphrase rules: at least 12 characters, no composition rules (common ones are refused by the core). */
export const PASSPHRASE_MIN = 12;
export const passphraseSchema = z
  .string()
  .min(PASSPHRASE_MIN, `Choose a passphrase of at least ${PASSPHRASE_MIN} characters; a few unrelated words work well.`)
  .max(1024, 'The passphrase is too long (1024 characters at most).');

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'The email address is too long.')
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an email address such as sam.jones@council.gov.uk.');

export const personNameSchema = z
  .string()
  .trim()
  .min(2, 'Enter the full name (at least 2 characters).')
  .max(120, 'The name is too long (120 characters at most).');

const teamsSchema = z.array(z.string().trim().min(1).max(80)).max(50);
const agencySchema = z.string().trim().max(120).nullable();

export const sessionOps = {
  'session:me': op<SessionMe>()(z.object({}), PUBLIC),
  'session:signIn': op<{ person: Person }>()(
    z.object({ login: z.string().trim().toLowerCase().min(1, 'Enter your email address.').max(254), passphrase: z.string().min(1, 'Enter your passphrase.').max(1024) }),
    PUBLIC,
  ),
  'session:signOut': op<{ ok: true }>()(z.object({}), PUBLIC),
  /** After the idle lock: the same person proves it is still them; nothing else changes. */
  'session:unlock': op<{ person: Person }>()(z.object({ passphrase: z.string().min(1, 'Enter your passphrase.').max(1024) }), SIGNED_IN),
  'session:changePassphrase': op<{ person: Person }>()(z.object({ current: z.string().min(1, 'Enter your current passphrase.').max(1024), next: passphraseSchema }), SIGNED_IN),
  /** First start: the standalone database's first person, its QA lead (refused once anyone exists). Signs them in. */
  'session:setup': op<{ person: Person }>()(z.object({ name: personNameSchema, email: emailSchema, passphrase: passphraseSchema }), PUBLIC),
  /** First start: switch this app to the separate demo database (refused once the real one has people). */
  'session:exploreDemo': op<{ ok: true }>()(z.object({}), PUBLIC),
  /** The idle-lock delay for this database. */
  'session:setIdleLock': op<{ idleLockMinutes: number }>()(z.object({ minutes: z.number().int().min(1, 'At least 1 minute.').max(240, 'At most 240 minutes.') }), QA_LEAD),
};

export { teamsSchema, agencySchema };
