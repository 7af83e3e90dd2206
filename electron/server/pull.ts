import { canSee, eventEntitiesFor, visibility, LOCAL_TABLES } from '../../shared/sync/rules';
import type { Change } from '../../shared/sync/change';
import type { MemoryState } from '../../shared/sync/state';
import type { Caller } from './auth';
import type { LogView } from './log';
import { num, type Sql } from './sql';

export const DEFAULT_PULL = 1000;
export const MAX_PULL = 5000;
/** How many log rows one pull reads at most while looking for what this person may see. */
const SCAN_LIMIT = 200_000;
const isPeople = (table: string): boolean => table === 'users' || table === 'people';
/** Up to this many visible entities, a pull is served from the (table, key) index rather than a scan. */
const KEYED_LIMIT = 20_000;

/** Every live entity this person may see, as [table, key]: the whole state, row by row (moderators; and the reference the index is tested against). */
export function visibleEntities(state: MemoryState, visible: (table: string, key: string) => boolean): [string, string][] {
  const out: [string, string][] = [];
  for (const table of state.tableNames()) {
    if (LOCAL_TABLES.has(table)) continue;
    for (const [key] of state.rows(table)) if (visible(table, key)) out.push([table, key]);
  }
  return out;
}

export interface OwnPassphrase {
  hash: string;
  mustChange: boolean;
  setAt: string;
}

/** The caller's own passphrase hash (for signing in on this laptop offline); nobody else's. */
export async function ownPassphrase(sql: Sql, personId: string): Promise<OwnPassphrase | null> {
  const [row] = await sql.query<{ hash: string; must_change: boolean; set_at: unknown }>('SELECT hash, must_change, set_at FROM passphrases WHERE person_id = $1', [personId]);
  return row ? { hash: row.hash, mustChange: !!row.must_change, setAt: new Date(row.set_at as string).toISOString() } : null;
}

export interface PullResult {
  /** The changes as JSON text, exactly as they were pushed (spliced into the reply unparsed). */
  bodies: string[];
  cursor: number;
  more: boolean;
  /** The caller's own passphrase hash (see ownPassphrase). */
  passphrase: OwnPassphrase | null;
}

/**
 * What changed since `cursor` that this person may see, oldest first, leaving out this device's
 * own changes. When something becomes visible to them (a case allocated, an audit submitted to a
 * moderator), its earlier history follows in the same reply: each device's grants record which
 * entities it has been given and from which cursor, so a lost reply is simply sent again.
 */
export async function pull(sql: Sql, view: LogView, caller: Caller, cursor: number, limit: number): Promise<PullResult> {
  await view.refreshShared(sql);
  const person = caller.person;
  const state = view.state;
  const visible = visibility(person, state);
  const head = view.seq;
  // A person who sees a small part of the team (an auditor) is served from the entity index;
  // others by scanning the log's index columns. Both stop at the head this view has read.
  const rowsSeen = person.role === 'qa-lead' ? null : person.role === 'auditor' ? view.visibleIndex.auditorEntities(person.id, state, visible) : visibleEntities(state, visible);
  // The events about those rows (an audit's submission) go with them.
  const entities = rowsSeen && [...rowsSeen, ...eventEntitiesFor(person, rowsSeen)];
  const picked: number[] = [];
  let keyed: { body: string; tbl: string; key: string }[] | null = null;
  let grants: Promise<Map<string, number>> | null = null;
  let passphrase: Promise<OwnPassphrase | null>;
  let scanned = cursor;
  let more = false;
  if (entities && entities.length <= KEYED_LIMIT) {
    const one = await keyedPull(sql, caller, cursor, head, entities, limit);
    keyed = one.rows;
    grants = Promise.resolve(one.grants);
    passphrase = Promise.resolve(one.passphrase);
    more = keyed.length >= limit;
    scanned = more ? one.last : Math.max(cursor, head);
  } else {
    // Read alongside the scan: the device's grants (backfill needs them) and the caller's passphrase.
    grants = entities ? readGrants(sql, caller.deviceId) : null;
    passphrase = ownPassphrase(sql, person.id);
    grants?.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    passphrase.catch(() => undefined);
    let read = 0;
    for (;;) {
      const window = Math.min(Math.max(limit * 4, 1000), 20_000);
      const rows = await sql.query<{ server_seq: unknown; device_id: string; tbl: string; key: string }>(
        'SELECT server_seq, device_id, tbl, key FROM changes WHERE server_seq > $1 AND server_seq <= $2 ORDER BY server_seq LIMIT $3',
        [scanned, head, window],
      );
      for (const r of rows) {
        scanned = num(r.server_seq);
        read += 1;
        if (r.device_id === caller.deviceId || LOCAL_TABLES.has(r.tbl) || !visible(r.tbl, r.key)) continue;
        picked.push(scanned);
        if (picked.length >= limit) break;
      }
      if (picked.length >= limit) {
        more = scanned < head;
        break;
      }
      if (rows.length < window) {
        scanned = Math.max(scanned, head);
        break;
      }
      if (read >= SCAN_LIMIT) {
        more = true;
        break;
      }
    }
  }
  const rows = keyed ?? (picked.length ? await sql.query<{ body: string; tbl: string; key: string }>('SELECT body, tbl, key FROM changes WHERE server_seq = ANY($1::bigint[]) ORDER BY server_seq', [picked]) : []);
  const bodies = rows.filter((r) => !isPeople(r.tbl) || canSee(person, JSON.parse(r.body) as Change, state, visible)).map((r) => r.body);

  function visibleRow(r: { body: string; tbl: string; key: string }): boolean {
    if (LOCAL_TABLES.has(r.tbl) || !visible(r.tbl, r.key)) return false;
    // Secrets: parse only the rare people rows that might hold one.
    return !isPeople(r.tbl) || canSee(person, JSON.parse(r.body) as Change, state, visible);
  }

  if (entities && grants) bodies.unshift(...(await backfill(sql, caller, cursor, scanned, entities, await grants, visibleRow)));
  return { bodies, cursor: scanned, more, passphrase: await passphrase };
}

/**
 * The few (an auditor, a moderator below KEYED_LIMIT): in one round trip, the changes to their
 * entities from the (table, key) index with their bodies, the device's grants and the caller's
 * own passphrase (three queries each paid a wait for a connection with 80 laptops pulling at once).
 */
async function keyedPull(
  sql: Sql,
  caller: Caller,
  cursor: number,
  head: number,
  entities: [string, string][],
  limit: number,
): Promise<{ rows: { body: string; tbl: string; key: string }[]; last: number; grants: Map<string, number>; passphrase: OwnPassphrase | null }> {
  const all = await sql.query<{ kind: number; n: unknown; body: string | null; tbl: string | null; key: string | null }>(
    `(SELECT 0 AS kind, c.server_seq AS n, c.body, c.tbl, c.key FROM changes c JOIN unnest($3::text[], $4::text[]) AS w(tbl, key) ON c.tbl = w.tbl AND c.key = w.key
       WHERE c.server_seq > $1 AND c.server_seq <= $2 AND c.device_id <> $5 ORDER BY c.server_seq LIMIT $6)
     UNION ALL (SELECT 1, g.since_seq, NULL, g.tbl, g.key FROM pull_grants g WHERE g.device_id = $5)
     UNION ALL (SELECT 2, floor(extract(epoch FROM p.set_at) * 1000)::bigint, p.hash, CASE WHEN p.must_change THEN 'yes' ELSE 'no' END, NULL FROM passphrases p WHERE p.person_id = $7)`,
    [cursor, head, entities.map((e) => e[0]), entities.map((e) => e[1]), caller.deviceId, limit, caller.person.id],
  );
  const changes: { n: number; body: string; tbl: string; key: string }[] = [];
  const grants = new Map<string, number>();
  let passphrase: OwnPassphrase | null = null;
  for (const r of all) {
    const kind = num(r.kind);
    if (kind === 0) changes.push({ n: num(r.n), body: r.body!, tbl: r.tbl!, key: r.key! });
    else if (kind === 1) grants.set(`${r.tbl}\u0000${r.key}`, num(r.n));
    else passphrase = { hash: r.body!, mustChange: r.tbl === 'yes', setAt: new Date(num(r.n)).toISOString() };
  }
  changes.sort((a, b) => a.n - b.n);
  return { rows: changes, last: changes.length ? changes[changes.length - 1].n : cursor, grants, passphrase };
}

/** Which entities this device has been given, and from which cursor. */
async function readGrants(sql: Sql, deviceId: string): Promise<Map<string, number>> {
  const grants = new Map<string, number>();
  for (const g of await sql.query<{ tbl: string; key: string; since_seq: unknown }>('SELECT tbl, key, since_seq FROM pull_grants WHERE device_id = $1', [deviceId])) {
    grants.set(`${g.tbl}\u0000${g.key}`, num(g.since_seq));
  }
  return grants;
}

/** Earlier changes of entities that became visible to this device since it last acknowledged them. */
async function backfill(
  sql: Sql,
  caller: Caller,
  cursor: number,
  replyCursor: number,
  entities: [string, string][],
  grants: Map<string, number>,
  visibleRow: (r: { body: string; tbl: string; key: string }) => boolean,
): Promise<string[]> {
  const add: [string, string][] = [];
  const resend: [string, string][] = [];
  const nowVisible = new Set<string>();
  for (const [table, key] of entities) {
    const id = `${table}\u0000${key}`;
    nowVisible.add(id);
    const since = grants.get(id);
    if (since === undefined) add.push([table, key]);
    else if (since > cursor) resend.push([table, key]);
  }
  const gone = [...grants.keys()].filter((id) => !nowVisible.has(id)).map((id) => id.split('\u0000') as [string, string]);
  const want = cursor > 0 ? [...add, ...resend] : [];
  let bodies: string[] = [];
  if (want.length) {
    const rows = await sql.query<{ body: string; device_id: string; tbl: string; key: string }>(
      `SELECT c.body, c.device_id, c.tbl, c.key FROM changes c
       JOIN unnest($2::text[], $3::text[]) AS w(tbl, key) ON c.tbl = w.tbl AND c.key = w.key
       WHERE c.server_seq <= $1 ORDER BY c.server_seq`,
      [cursor, want.map((w) => w[0]), want.map((w) => w[1])],
    );
    bodies = rows.filter((r) => r.device_id !== caller.deviceId && visibleRow(r)).map((r) => r.body);
  }
  if (add.length) {
    await sql.query(
      `INSERT INTO pull_grants (device_id, tbl, key, since_seq) SELECT $1, t, k, $4 FROM unnest($2::text[], $3::text[]) AS w(t, k)
       ON CONFLICT (device_id, tbl, key) DO UPDATE SET since_seq = EXCLUDED.since_seq`,
      [caller.deviceId, add.map((a) => a[0]), add.map((a) => a[1]), replyCursor],
    );
  }
  if (gone.length) {
    await sql.query(
      'DELETE FROM pull_grants WHERE device_id = $1 AND (tbl, key) IN (SELECT * FROM unnest($2::text[], $3::text[]))',
      [caller.deviceId, gone.map((g) => g[0]), gone.map((g) => g[1])],
    );
  }
  return bodies;
}
