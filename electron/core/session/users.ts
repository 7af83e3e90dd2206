import type { Role, User } from '../../../shared/api/session';
import type { Db } from '../db/open';
import { prepared } from '../write';

interface UserRow { id: string; name: string; role: string; job_title: string; manages_teams: string }

export const rowToUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  jobTitle: r.job_title,
  managesTeams: JSON.parse(r.manages_teams) as string[],
});

export function listUsers(db: Db): User[] {
  return (prepared(db, 'SELECT * FROM users ORDER BY name').all() as UserRow[]).map(rowToUser);
}

export function getUser(db: Db, id: string): User | null {
  const row = prepared(db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row ? rowToUser(row) : null;
}

export function getSetting(db: Db, key: string): string | null {
  const row = prepared(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}
