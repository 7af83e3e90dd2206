import { v7 as uuidv7 } from 'uuid';
import type { Change } from '../../shared/sync/change';
import { formatHlc, parseHlc, sendHlc } from '../../shared/sync/hlc';
import { changeHash, GENESIS } from './chain';
import { PUSH_LOCK } from './locks';
import type { LogView } from './log';
import { num, type Queryable, type Sql } from './sql';

/** The server's own device id (made once, kept in server_meta): the few changes it makes itself are chained under it. */
export async function serverDeviceId(sql: Sql): Promise<string> {
  await sql.query(`INSERT INTO server_meta (key, value) VALUES ('device_id', $1) ON CONFLICT (key) DO NOTHING`, [uuidv7()]);
  const [row] = await sql.query<{ value: string }>(`SELECT value FROM server_meta WHERE key = 'device_id'`);
  return row.value;
}

export type Draft = Pick<Change, 'table' | 'key' | 'op' | 'column' | 'value'>;

/** Appends changes made by the server itself (e.g. the first QA lead) to its own chain, in one transaction. */
export async function appendServerChanges(sql: Sql, view: LogView, drafts: Draft[], check?: (q: Queryable) => Promise<void>): Promise<Change[]> {
  const deviceId = await serverDeviceId(sql);
  const made = await sql.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
    await view.refresh(q);
    if (check) await check(q);
    const [last] = await q.query<{ device_seq: unknown; hash: string; hlc: string }>(
      'SELECT device_seq, hash, hlc FROM changes WHERE device_id = $1 ORDER BY device_seq DESC LIMIT 1',
      [deviceId],
    );
    let seq = last ? num(last.device_seq) : 0;
    let prevHash = last?.hash ?? GENESIS;
    let clock = last ? parseHlc(last.hlc) : { millis: 0, counter: 0, deviceId };
    const out: Change[] = [];
    for (const d of drafts) {
      clock = sendHlc(clock, Date.now());
      seq += 1;
      const body: Omit<Change, 'hash'> = { deviceId, deviceSeq: seq, hlc: formatHlc(clock), personId: null, personName: 'Plumbline team server', ...d, prevHash };
      const c: Change = { ...body, hash: changeHash(body) };
      const [row] = await q.query<{ server_seq: unknown }>(
        `INSERT INTO changes (device_id, device_seq, hlc, person_id, tbl, key, op, col, prev_hash, hash, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING server_seq`,
        [c.deviceId, c.deviceSeq, c.hlc, c.personId, c.table, c.key, c.op, c.column, c.prevHash, c.hash, JSON.stringify(c)],
      );
      out.push(c);
      prevHash = c.hash;
      void row;
    }
    return out;
  });
  await view.refresh(sql);
  return made;
}
