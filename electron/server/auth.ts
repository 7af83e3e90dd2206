import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { HttpError } from './errors';
import type { LogView } from './log';
import { personById, personByLogin, type ServerPerson } from './people';
import { num, type Sql } from './sql';

/** Sign-in back-off: after this many wrong passphrases in a row, each further try waits longer. */
const FREE_TRIES = 3;
const MAX_WAIT_S = 15 * 60;
export const waitSeconds = (failures: number): number => (failures < FREE_TRIES ? 0 : Math.min(MAX_WAIT_S, 2 ** (failures - FREE_TRIES) * 5));

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
/** Verified against when the login is unknown, so a wrong login costs as long as a wrong passphrase. */
let dummyHash: Promise<string> | null = null;
const dummy = (): Promise<string> => (dummyHash ??= hash(randomBytes(16).toString('hex'), { memoryCost: 19456, timeCost: 2, parallelism: 1 }));

export interface SignInResult {
  token: string;
  deviceId: string;
  person: { id: string; name: string; email: string; role: string };
}

export async function signIn(sql: Sql, view: LogView, input: { login: string; passphrase: string; deviceId: string }, now = new Date()): Promise<SignInResult> {
  const login = input.login.trim().toLowerCase();
  const [fail] = await sql.query<{ failures: number; last_failed_at: Date | string }>('SELECT failures, last_failed_at FROM sign_in_failures WHERE login = $1', [login]);
  if (fail) {
    const until = new Date(fail.last_failed_at).getTime() + waitSeconds(num(fail.failures)) * 1000;
    if (until > now.getTime()) {
      const seconds = Math.ceil((until - now.getTime()) / 1000);
      throw new HttpError(429, 'SIGN_IN_BACKOFF', `Too many wrong passphrases for ${input.login}: try again in ${seconds} seconds.`, { retryAfter: seconds });
    }
  }
  await view.refresh(sql);
  const person = personByLogin(view.state, login);
  const [stored] = person ? await sql.query<{ hash: string }>('SELECT hash FROM passphrases WHERE person_id = $1', [person.id]) : [];
  const ok = await verify(stored?.hash ?? (await dummy()), input.passphrase).catch(() => false);
  if (!person || !stored || !ok) {
    await sql.query(
      `INSERT INTO sign_in_failures (login, failures, last_failed_at) VALUES ($1, 1, $2)
       ON CONFLICT (login) DO UPDATE SET failures = sign_in_failures.failures + 1, last_failed_at = $2`,
      [login, now.toISOString()],
    );
    throw new HttpError(401, 'BAD_SIGN_IN', 'That login and passphrase do not match a person on this team server.');
  }
  if (!person.active) throw new HttpError(403, 'PERSON_INACTIVE', `${person.name} can no longer sign in to this team: ask your QA lead.`);
  await sql.query('DELETE FROM sign_in_failures WHERE login = $1', [login]);

  const token = `plt_${randomBytes(32).toString('base64url')}`;
  await sql.tx(async (q) => {
    const [device] = await q.query<{ person_id: string; revoked_at: unknown }>('SELECT person_id, revoked_at FROM devices WHERE device_id = $1 FOR UPDATE', [input.deviceId]);
    if (device && device.revoked_at) throw new HttpError(403, 'DEVICE_REVOKED', 'This laptop was removed from the team by the QA lead: it cannot sign in again.');
    if (device && device.person_id !== person.id) {
      throw new HttpError(403, 'DEVICE_BELONGS_TO_ANOTHER', 'This laptop already belongs to another person on this team: a laptop is one person\'s.');
    }
    if (!device) await q.query('INSERT INTO devices (device_id, person_id) VALUES ($1, $2)', [input.deviceId, person.id]);
    await q.query('INSERT INTO device_tokens (token_hash, device_id, person_id) VALUES ($1, $2, $3)', [sha256(token), input.deviceId, person.id]);
  });
  return { token, deviceId: input.deviceId, person: { id: person.id, name: person.name, email: person.email, role: person.role } };
}

export interface Caller {
  person: ServerPerson;
  deviceId: string;
}

/** The person and device behind a request's token; refused when revoked or used from another device. */
export async function authenticate(sql: Sql, view: LogView, authorization: string | undefined, deviceHeader: string | undefined): Promise<Caller> {
  const m = /^Bearer (\S+)$/.exec(authorization ?? '');
  if (!m) throw new HttpError(401, 'SIGNED_OUT', 'Sign in first: this request carries no device token.');
  if (!deviceHeader) throw new HttpError(400, 'NO_DEVICE', 'Say which device is asking (the Plumbline-Device header).');
  const [row] = await sql.query<{ device_id: string; person_id: string; revoked_at: unknown; device_revoked: unknown }>(
    `SELECT t.device_id, t.person_id, t.revoked_at, d.revoked_at AS device_revoked
     FROM device_tokens t JOIN devices d ON d.device_id = t.device_id WHERE t.token_hash = $1`,
    [sha256(m[1])],
  );
  if (!row) throw new HttpError(401, 'SIGNED_OUT', 'This device token is not known to the team server: join the team again.');
  if (row.revoked_at || row.device_revoked) throw new HttpError(401, 'TOKEN_REVOKED', 'The QA lead revoked this laptop\'s access to the team: join the team again.');
  if (row.device_id !== deviceHeader) throw new HttpError(403, 'WRONG_DEVICE', 'This token belongs to another device: each laptop signs in with its own.');
  await view.refreshShared(sql); // the person as the log says now (a read shared with concurrent requests)
  const person = personById(view.state, row.person_id);
  if (!person) throw new HttpError(403, 'NO_PERSON', 'The person this laptop belongs to is not on the team any more.');
  if (!person.active) throw new HttpError(403, 'PERSON_INACTIVE', `${person.name} can no longer use this team: ask your QA lead.`);
  return { person, deviceId: row.device_id };
}

/** QA lead: every device and whose it is. */
export async function listDevices(sql: Sql, view: LogView): Promise<unknown[]> {
  const rows = await sql.query<{ device_id: string; person_id: string; created_at: unknown; last_seen_at: unknown; revoked_at: unknown }>(
    'SELECT device_id, person_id, created_at, last_seen_at, revoked_at FROM devices ORDER BY created_at',
  );
  const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);
  return rows.map((r) => ({
    deviceId: r.device_id,
    personId: r.person_id,
    personName: personById(view.state, r.person_id)?.name ?? '',
    createdAt: iso(r.created_at),
    lastSeenAt: iso(r.last_seen_at),
    revokedAt: iso(r.revoked_at),
  }));
}

/** QA lead: a device's tokens stop working at once; the laptop keeps its data but no longer syncs. */
export async function revokeDevice(sql: Sql, deviceId: string, by: string): Promise<void> {
  const rows = await sql.query('UPDATE devices SET revoked_at = now(), revoked_by = $2 WHERE device_id = $1 AND revoked_at IS NULL RETURNING device_id', [deviceId, by]);
  if (rows.length === 0) throw new HttpError(404, 'NO_DEVICE', `No active device ${deviceId} on this team server.`);
  await sql.query('UPDATE device_tokens SET revoked_at = now() WHERE device_id = $1 AND revoked_at IS NULL', [deviceId]);
}
