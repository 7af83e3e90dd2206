import type { Change } from '../../shared/sync/change';
import { PEOPLE_TABLES } from '../../shared/sync/rules';
import type { StandaloneMove } from '../../shared/sync/standaloneMove';
import { changeHash } from './chain';
import { HttpError } from './errors';
import { PUSH_LOCK } from './locks';
import type { LogView } from './log';
import type { Queryable, Sql } from './sql';

const MOVED_FROM = 'moved_from';

/** What a new team server keeps of the standalone database it started from (decision 66). */
export interface MovedFrom {
  deviceId: string;
  personId: string;
  upTo: number;
  at: string;
}

/**
 * Starts an empty team server from a standalone database (decision 66): its QA lead becomes the
 * server's first, with the same person id, email and passphrase hash. Their people row goes into
 * the log as the original changes (same device, sequence and hash: the handover later finds them
 * there), their laptop's device is registered as theirs, and the server notes that device's
 * history up to `upTo` as vouched for by whoever held the file's key: when that laptop joins, its
 * handover may carry what other team members did on it while it was a shared standalone laptop,
 * each change checked as its author's. Refused, with nothing stored, once the server has people.
 */
export async function moveInStandalone(sql: Sql, view: LogView, move: StandaloneMove): Promise<void> {
  for (const c of move.leadChanges) {
    if (c.table !== 'users' || c.key !== move.lead.id || changeHash(c) !== c.hash) {
      throw new HttpError(400, 'BAD_CHANGE', `The standalone database's record of ${move.lead.name} does not verify (change ${c.deviceId}:${c.deviceSeq}): run "plumbline verify" on it. Nothing was changed.`);
    }
  }
  await sql.tx(
    async (q) => {
      await view.refresh(q);
      for (const t of PEOPLE_TABLES) {
        if ([...view.state.rows(t)].length > 0) {
          throw new HttpError(409, 'ALREADY_INITIALISED', 'This team server already has people: a standalone database moves only onto a new, empty team server. Nothing was changed.');
        }
      }
      const [device] = await q.query('SELECT device_id FROM devices WHERE device_id = $1', [move.deviceId]);
      if (device) throw new HttpError(409, 'ALREADY_INITIALISED', 'This team server already knows that laptop: nothing was changed.');
      for (const c of move.leadChanges) await insertOriginal(q, c);
      await q.query('INSERT INTO passphrases (person_id, hash, must_change, set_by_device) VALUES ($1, $2, $3, $4)', [move.lead.id, move.passphraseHash, move.mustChange, move.deviceId]);
      await q.query('INSERT INTO devices (device_id, person_id, label) VALUES ($1, $2, $3)', [move.deviceId, move.lead.id, 'standalone laptop moved to this server']);
      const moved: MovedFrom = { deviceId: move.deviceId, personId: move.lead.id, upTo: move.upTo, at: new Date().toISOString() };
      await q.query('INSERT INTO server_meta (key, value) VALUES ($1, $2)', [MOVED_FROM, JSON.stringify(moved)]);
    },
    { lock: PUSH_LOCK },
  );
  await view.refresh(sql);
}

async function insertOriginal(q: Queryable, c: Change): Promise<void> {
  await q.query(
    `INSERT INTO changes (device_id, device_seq, hlc, person_id, tbl, key, op, col, prev_hash, hash, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [c.deviceId, c.deviceSeq, c.hlc, c.personId, c.table, c.key, c.op, c.column, c.prevHash, c.hash, JSON.stringify(c)],
  );
}

/** The standalone laptop this server was started from, if any. */
export async function movedFrom(q: Queryable): Promise<MovedFrom | null> {
  const [row] = await q.query<{ value: string }>('SELECT value FROM server_meta WHERE key = $1', [MOVED_FROM]);
  return row ? (JSON.parse(row.value) as MovedFrom) : null;
}
