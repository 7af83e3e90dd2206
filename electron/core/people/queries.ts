import type { Person, Role } from '../../../shared/api/session';
import type { Db } from '../db/open';
import { notFound } from '../errors';
import { prepared } from '../write';

/** The columns a person is read with: never the passphrase hash itself. */
const PERSON_COLUMNS = `id, name, email, role, manages_teams, agency, active, must_change_passphrase,
  passphrase_hash IS NOT NULL AS has_passphrase, created_at, updated_at`;

interface PersonRow {
  id: string;
  name: string;
  email: string | null;
  role: string;
  manages_teams: string;
  agency: string | null;
  active: number;
  must_change_passphrase: number;
  has_passphrase: number;
  created_at: string;
  updated_at: string | null;
}

export const rowToPerson = (r: PersonRow): Person => ({
  id: r.id,
  name: r.name,
  email: r.email ?? '',
  role: r.role as Role,
  teams: JSON.parse(r.manages_teams) as string[],
  agency: r.agency,
  active: r.active === 1,
  mustChangePassphrase: r.must_change_passphrase === 1,
  hasPassphrase: r.has_passphrase === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at ?? r.created_at,
});

export function listPeople(db: Db): Person[] {
  return (prepared(db, `SELECT ${PERSON_COLUMNS} FROM users ORDER BY active DESC, name COLLATE NOCASE`).all() as PersonRow[]).map(rowToPerson);
}

export function findPerson(db: Db, id: string): Person | null {
  const row = prepared(db, `SELECT ${PERSON_COLUMNS} FROM users WHERE id = ?`).get(id) as PersonRow | undefined;
  return row ? rowToPerson(row) : null;
}

export function getPerson(db: Db, id: string): Person {
  const person = findPerson(db, id);
  if (!person) throw notFound('Person', id);
  return person;
}

/** The person whose login this is (emails compare without regard to case). */
export function personByEmail(db: Db, email: string): (Person & { passphraseHash: string | null }) | null {
  const row = prepared(db, `SELECT ${PERSON_COLUMNS}, passphrase_hash FROM users WHERE lower(email) = lower(?) ORDER BY id LIMIT 1`).get(email) as
    | (PersonRow & { passphrase_hash: string | null })
    | undefined;
  return row ? { ...rowToPerson(row), passphraseHash: row.passphrase_hash } : null;
}

export function passphraseHashOf(db: Db, id: string): string | null {
  return (prepared(db, 'SELECT passphrase_hash AS h FROM users WHERE id = ?').get(id) as { h: string | null } | undefined)?.h ?? null;
}

/** Nobody can sign in yet: the first-start screen (a new database, or one from before sign-in). */
export function isFirstStart(db: Db): boolean {
  return !prepared(db, 'SELECT 1 FROM users WHERE passphrase_hash IS NOT NULL AND active = 1 LIMIT 1').get();
}

export function activeQaLeads(db: Db): number {
  return (prepared(db, "SELECT count(*) AS n FROM users WHERE role = 'qa-lead' AND active = 1").get() as { n: number }).n;
}
