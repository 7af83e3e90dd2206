import type { Role } from '../../../shared/api/session';

/** A person as other features read them (name, role, job title, teams). */
export interface User {
  id: string;
  name: string;
  role: Role;
  jobTitle: string;
  managesTeams: string[];
}
import type { Db } from '../db/open';
import { prepared } from '../write';

interface UserRow { id: string; name: string; role: string; job_title: string; manages_teams: string }

const USER_COLUMNS = 'id, name, role, job_title, manages_teams';

export const rowToUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  jobTitle: r.job_title,
  managesTeams: JSON.parse(r.manages_teams) as string[],
});

export function listUsers(db: Db): User[] {
  return (prepared(db, `SELECT ${USER_COLUMNS} FROM users ORDER BY name`).all() as UserRow[]).map(rowToUser);
}

export function getUser(db: Db, id: string): User | null {
  const row = prepared(db, `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
  return row ? rowToUser(row) : null;
}

export function getSetting(db: Db, key: string): string | null {
  const row = prepared(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}
