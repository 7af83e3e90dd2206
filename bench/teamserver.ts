import { hash } from '@node-rs/argon2';
import pg from 'pg';
import { ARGON2, createFirstQaLead } from '../electron/server/init';
import { startTeamServer, type TeamServer } from '../electron/server/start';
import type { Change } from '../shared/sync/change';
import { startPgCluster } from '../test/support/pgCluster';
import { ChainDevice, LEAD, value } from '../test/support/teamServer';
import { auditRow, caseRow, member, personRow } from '../test/support/teamFixture';
import type { BenchResult } from './index';
import { ms, now, percentile } from './util';

const PUSH_CHANGES = 20_000;
const BATCH = 1000;
const LAPTOPS = 80;
const DAY = 200;
const CASES_EACH = 5;

/** The same batched INSERT the server uses, straight through pg into a copy of the table: the baseline. */
async function rawInsert(url: string, changes: Change[]): Promise<number> {
  const client = new pg.Client(url);
  await client.connect();
  await client.query('CREATE TABLE changes_raw (LIKE changes INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)');
  const t0 = now();
  for (let i = 0; i < changes.length; i += BATCH) {
    const b = changes.slice(i, i + BATCH);
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO changes_raw (device_id, device_seq, hlc, person_id, tbl, key, op, col, prev_hash, hash, body)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
      [b.map((c) => c.deviceId), b.map((c) => c.deviceSeq), b.map((c) => c.hlc), b.map((c) => c.personId), b.map((c) => c.table), b.map((c) => c.key), b.map((c) => c.op), b.map((c) => c.column), b.map((c) => c.prevHash), b.map((c) => c.hash), b.map((c) => JSON.stringify(c))],
    );
    await client.query('COMMIT');
  }
  const elapsed = ms(t0);
  await client.end();
  return elapsed;
}

async function pushAll(server: TeamServer, device: ChainDevice, changes: Change[]): Promise<void> {
  for (let i = 0; i < changes.length; i += BATCH) value(await device.push(server.url, changes.slice(i, i + BATCH)));
}

/** A day's work on one auditor laptop: an audit per allocated case, then grades and evidence. */
function dayOfWork(d: ChainDevice, auditorId: string, caseIds: string[]): Change[] {
  const out: Change[] = [];
  const per = Math.floor(DAY / caseIds.length);
  for (const caseId of caseIds) {
    const auditId = `a-${caseId}`;
    out.push(d.insert('audits', auditId, auditRow(auditId, caseId, auditorId, 'p1')));
    for (let i = 1; i < per; i++) {
      const section = `s${(i % 8) + 1}`;
      out.push(i % 2 ? d.set('audit_sections', JSON.stringify([auditId, section]), 'evidence', `Evidence note ${i} for ${caseId}`) : d.set('audit_sections', JSON.stringify([auditId, section]), 'grade', String((i % 4) + 1)));
    }
  }
  return out;
}

export async function benchTeamServer(): Promise<BenchResult[]> {
  const cluster = await startPgCluster();
  const results: BenchResult[] = [];
  try {
    const admin = new pg.Client(cluster.url);
    await admin.connect();
    await admin.query('CREATE DATABASE push_bench');
    await admin.query('CREATE DATABASE team_bench');
    await admin.end();

    // 1–2. Push and pull rates against a raw batched INSERT of the same rows.
    {
      const url = cluster.url.replace(/\/postgres$/, '/push_bench');
      const server = await startTeamServer({ pg: url, host: '127.0.0.1', port: 0 });
      const { id } = await createFirstQaLead(server.sql, server.view, LEAD);
      const lead = new ChainDevice({ id, name: LEAD.name });
      await lead.signIn(server.url, LEAD.email, LEAD.passphrase);
      const changes = Array.from({ length: PUSH_CHANGES }, (_, i) => lead.insert('cases', `case-${i}`, caseRow(`case-${i}`, `Team ${i % 7}`)));
      const t0 = now();
      await pushAll(server, lead, changes);
      const pushMs = ms(t0);
      const rawMs = await rawInsert(url, changes);
      const pushRate = PUSH_CHANGES / (pushMs / 1000);
      const rawRate = PUSH_CHANGES / (rawMs / 1000);
      results.push({ name: `push ${PUSH_CHANGES.toLocaleString('en-GB')} changes into PostgreSQL (HTTP, checked)`, value: pushRate, unit: 'chg/s', ratio: { value: pushRate / rawRate, against: 'raw batched INSERT via pg', goal: '≥ 0.5×' }, met: pushRate / rawRate >= 0.5 });
      results.push({ name: 'raw batched INSERT of the same rows via pg', value: rawRate, unit: 'chg/s' });
      const reader = new ChainDevice({ id, name: LEAD.name });
      await reader.signIn(server.url, LEAD.email, LEAD.passphrase);
      const t1 = now();
      const { changes: pulled } = await reader.pullAll(server.url, 0, 5000);
      const pullMs = ms(t1);
      if (pulled.length < PUSH_CHANGES) throw new Error(`pull bench received ${pulled.length} of ${PUSH_CHANGES}`);
      results.push({ name: `pull ${pulled.length.toLocaleString('en-GB')} changes (QA lead, pages of 5,000)`, value: pulled.length / (pullMs / 1000), unit: 'chg/s' });
      await server.close();
    }

    // 3–4. 80 laptops converging through one server; p95 of a sync round trip with all 80 at once.
    {
      const url = cluster.url.replace(/\/postgres$/, '/team_bench');
      const server = await startTeamServer({ pg: url, host: '127.0.0.1', port: 0 });
      const { id } = await createFirstQaLead(server.sql, server.view, LEAD);
      const lead = new ChainDevice({ id, name: LEAD.name });
      await lead.signIn(server.url, LEAD.email, LEAD.passphrase);
      const people = Array.from({ length: LAPTOPS }, (_, i) => member(`auditor-${i}`, `Auditor ${i}`, 'auditor'));
      const sharedHash = await hash(people[0].passphrase, ARGON2);
      const setup: Change[] = [];
      for (const p of people) setup.push(lead.insert('users', p.id, { ...personRow(p), email: `${p.id}@council.example` }));
      setup.push(lead.insert('templates', 'tpl-1', { id: 'tpl-1', key: 'core', version: 1, name: 'Core', status: 'published', definition: '{}' }));
      setup.push(lead.insert('programmes', 'p1', { id: 'p1', name: 'Bench', type: 'monthly', template_id: 'tpl-1', status: 'open' }));
      const allocation = new Map<string, string[]>();
      for (let c = 0; c < LAPTOPS * CASES_EACH; c++) {
        const caseId = `case-${c}`;
        const auditor = people[c % LAPTOPS].id;
        setup.push(lead.insert('cases', caseId, caseRow(caseId, `Team ${c % 6}`)));
        setup.push(lead.insert('programme_cases', JSON.stringify(['p1', caseId]), { programme_id: 'p1', case_id: caseId, auditor_id: auditor, chosen_by: 'sample' }));
        allocation.set(auditor, [...(allocation.get(auditor) ?? []), caseId]);
      }
      await pushAll(server, lead, setup);
      value(await lead.push(server.url, [], people.map((p) => ({ personId: p.id, hash: sharedHash }))));
      const laptops: ChainDevice[] = [];
      for (const p of people) {
        const d = new ChainDevice({ id: p.id, name: p.name });
        await d.signIn(server.url, p.email, people[0].passphrase);
        laptops.push(d);
      }
      const work = laptops.map((d, i) => dayOfWork(d, people[i].id, allocation.get(people[i].id)!));
      const t0 = now();
      await Promise.all(laptops.map(async (d, i) => value(await d.push(server.url, work[i]))));
      const cursors = await Promise.all(laptops.map(async (d) => (await d.pullAll(server.url)).cursor));
      await Promise.all(laptops.map((d, i) => d.pullAll(server.url, cursors[i])));
      const leadView = await lead.pullAll(server.url);
      const convergeMs = ms(t0);
      const expected = LAPTOPS * DAY;
      const got = leadView.changes.filter((c) => c.table.startsWith('audit')).length;
      if (got !== expected) throw new Error(`converge bench: the QA lead received ${got} of ${expected} audit changes`);
      results.push({ name: `${LAPTOPS} laptops × ${DAY} changes converge (real PostgreSQL)`, value: convergeMs / 1000, unit: 's', goal: '≤ 30 s', met: convergeMs <= 30_000 });

      const rounds: number[] = [];
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          laptops.map(async (d, i) => {
            const caseId = allocation.get(people[i].id)![0];
            const changes = [1, 2, 3].map((n) => d.set('audit_sections', JSON.stringify([`a-${caseId}`, `s${n}`]), 'evidence', `Round ${round} note ${n}`));
            const t = now();
            value(await d.push(server.url, changes));
            cursors[i] = (await d.pullAll(server.url, cursors[i])).cursor;
            rounds.push(ms(t));
          }),
        );
      }
      const p95 = percentile(rounds, 95);
      results.push({ name: `p95 sync round trip, ${LAPTOPS} laptops at once (push 3 + pull)`, value: p95, unit: 'ms', goal: '≤ 500 ms', met: p95 <= 500 });
      await server.close();
    }
  } finally {
    cluster.stop();
  }
  return results;
}
