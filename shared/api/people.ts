import { z } from 'zod';
import { op, QA_LEAD } from './define';
import { agencySchema, emailSchema, passphraseSchema, personNameSchema, ROLES, teamsSchema, type Person } from './session';
import type { ImportRowError } from './cases';

export const PEOPLE_FIELDS = ['name', 'email', 'role', 'teams', 'agency'] as const;
export type PeopleField = (typeof PEOPLE_FIELDS)[number];

const roleSchema = z.enum(ROLES, { message: 'Choose a role: auditor, moderator or qa-lead.' });
const id = z.string().min(1).max(80);

/** One row of a people CSV as it would be imported. */
export interface PersonDraft {
  row: number;
  name: string;
  email: string;
  role: (typeof ROLES)[number];
  teams: string[];
  agency: string | null;
}

/** A people import checked (commit: false) or done (commit: true): all rows or none. */
export interface PeopleImportResult {
  rows: number;
  errors: ImportRowError[];
  people: PersonDraft[];
  imported: number;
  committed: boolean;
}

export const peopleMappingSchema = z.partialRecord(z.enum(PEOPLE_FIELDS), z.string().max(200));

export const peopleOps = {
  'people:list': op<Person[]>()(z.object({}), QA_LEAD),
  /** A passphrase given here is one-time: the person must choose their own at first sign-in. */
  'people:add': op<Person>()(
    z.object({ name: personNameSchema, email: emailSchema, role: roleSchema, teams: teamsSchema.default([]), agency: agencySchema.default(null), passphrase: passphraseSchema.optional() }),
    QA_LEAD,
  ),
  'people:update': op<Person>()(
    z.object({ id, name: personNameSchema.optional(), email: emailSchema.optional(), role: roleSchema.optional(), teams: teamsSchema.optional(), agency: agencySchema.optional() }),
    QA_LEAD,
  ),
  /** Deactivated people cannot sign in; their history stays. `active: true` reactivates. */
  'people:deactivate': op<Person>()(z.object({ id, active: z.boolean().default(false) }), QA_LEAD),
  'people:setOneTimePassphrase': op<Person>()(z.object({ id, passphrase: passphraseSchema }), QA_LEAD),
  /** CSV of name, email, role, teams (separated by ; or ,), agency; `commit: false` checks only. */
  'people:import': op<PeopleImportResult>()(
    z.object({
      csv: z.string().max(10 * 1024 * 1024, 'The file is larger than 10 MB.'),
      mapping: peopleMappingSchema.default({}),
      commit: z.boolean().default(false),
      fileName: z.string().max(260).optional(),
    }),
    QA_LEAD,
  ),
};
