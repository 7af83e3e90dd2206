import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { Change } from '../../shared/sync/change';
import { formatHlc, sendHlc, type HlcState } from '../../shared/sync/hlc';
import { changeHash, GENESIS } from '../../electron/server/chain';
import { createFirstQaLead } from '../../electron/server/init';
import { startTeamServer, type TeamServer } from '../../electron/server/start';
import { startPgCluster, type PgCluster } from './pgCluster';

/**
 * Both engines for every sync test: PGlite in a temp folder, and a real PostgreSQL cluster that
 * this helper starts (one per test file, a fresh database per server) and stops in `stopAll`.
 */
export interface Engine {
  name: 'PGlite' | 'PostgreSQL';
  /** Storage options for a fresh, empty team database. */
  fresh(): Promise<{ pg?: string; data?: string }>;
  stopAll(): Promise<void>;
}

export function engines(): Engine[] {
  const temps: string[] = [];
  let template: string | null = null;
  let cluster: PgCluster | null = null;
  let n = 0;
  return [
    {
      name: 'PGlite',
      async fresh() {
        // PGlite runs initdb on a new folder (seconds here): do it once, then copy the empty cluster.
        if (!template) {
          template = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-team-template-'));
          temps.push(template);
          await (await PGlite.create(template)).close();
        }
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-team-'));
        temps.push(dir);
        fs.cpSync(template, dir, { recursive: true });
        return { data: dir };
      },
      async stopAll() {
        for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
        template = null;
      },
    },
    {
      name: 'PostgreSQL',
      async fresh() {
        cluster ??= await startPgCluster();
        const db = `team_${process.pid}_${++n}`;
        const admin = new pg.Client(cluster.url);
        await admin.connect();
        await admin.query(`CREATE DATABASE ${db}`);
        await admin.end();
        return { pg: cluster.url.replace(/\/postgres$/, `/${db}`) };
      },
      async stopAll() {
        cluster?.stop();
        cluster = null;
      },
    },
  ];
}

export const LEAD = { email: 'lea.lead@council.example', name: 'Lea Lead', passphrase: 'lead passphrase 2026' };

/** A team server on 127.0.0.1 and a free port, with its first QA lead made. */
export async function startTestServer(storage: { pg?: string; data?: string }): Promise<TeamServer & { leadId: string }> {
  const server = await startTeamServer({ ...storage, host: '127.0.0.1', port: 0 });
  const { id } = await createFirstQaLead(server.sql, server.view, LEAD);
  return Object.assign(server, { leadId: id });
}

/** Reply of a JSON call: HTTP status and the parsed body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test replies are read loosely
export interface Reply<T = any> {
  status: number;
  body: { ok: true; value: T } | { ok: false; error: { code: string; message: string; [k: string]: unknown } };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test replies are read loosely
export async function call<T = any>(url: string, route: string, body?: unknown, auth?: { token: string; deviceId: string }): Promise<Reply<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth) {
    headers.authorization = `Bearer ${auth.token}`;
    headers['plumbline-device'] = auth.deviceId;
  }
  const init = { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) };
  // Every route is safe to repeat (pushes are idempotent): one retry when a kept-alive socket was closed under us.
  const res = await fetch(url + route, init).catch(() => fetch(url + route, init));
  return { status: res.status, body: (await res.json()) as Reply<T>['body'] };
}

export function value<T>(reply: Reply<T>): T {
  if (!reply.body.ok) throw new Error(`${reply.status} ${reply.body.error.code}: ${reply.body.error.message}`);
  return reply.body.value;
}

/**
 * A stand-in laptop for protocol tests: makes properly chained changes as one person on one
 * device, signs in and pushes/pulls over HTTP.
 */
export class ChainDevice {
  readonly deviceId = uuidv7();
  private seq = 0;
  private prev = GENESIS;
  private clock: HlcState;
  token = '';
  made: Change[] = [];

  constructor(
    readonly person: { id: string; name: string },
    private readonly skewMs = 0,
  ) {
    this.clock = { millis: 0, counter: 0, deviceId: this.deviceId };
  }

  change(table: string, key: string, op: Change['op'], column: string | null, value: unknown): Change {
    this.clock = sendHlc(this.clock, Date.now() + this.skewMs);
    this.seq += 1;
    const body: Omit<Change, 'hash'> = {
      deviceId: this.deviceId, deviceSeq: this.seq, hlc: formatHlc(this.clock), personId: this.person.id, personName: this.person.name,
      table, key, op, column, value, prevHash: this.prev,
    };
    const c: Change = { ...body, hash: changeHash(body) };
    this.prev = c.hash;
    this.made.push(c);
    return c;
  }

  insert(table: string, key: string, row: Record<string, unknown>): Change {
    return this.change(table, key, 'insert', null, row);
  }

  set(table: string, key: string, column: string, v: unknown): Change {
    return this.change(table, key, 'set', column, v);
  }

  /** Forgets the last n changes (as if they had been refused and the laptop rolled them back). */
  drop(n: number): void {
    this.made.splice(-n);
    this.seq -= n;
    this.prev = this.made.at(-1)?.hash ?? GENESIS;
  }

  auth(): { token: string; deviceId: string } {
    return { token: this.token, deviceId: this.deviceId };
  }

  async signIn(url: string, login: string, passphrase: string): Promise<void> {
    this.token = value(await call<{ token: string }>(url, '/v1/sign-in', { login, passphrase, deviceId: this.deviceId })).token;
  }

  push(url: string, changes: Change[], passphrases: { personId: string; hash: string }[] = []): Promise<Reply<{ accepted: number; alreadyHad: number; cursor: number }>> {
    return call(url, '/v1/push', { changes, passphrases }, this.auth());
  }

  /** Pulls everything from `cursor` (following `more`), returning the changes and the new cursor. */
  async pullAll(url: string, cursor = 0, limit = 1000): Promise<{ changes: Change[]; cursor: number; passphrase: { hash: string } | null }> {
    const changes: Change[] = [];
    let passphrase = null;
    for (let i = 0; i < 10_000; i++) {
      const r = value(await call<{ changes: Change[]; cursor: number; more: boolean; passphrase: { hash: string } | null }>(url, '/v1/pull', { cursor, limit }, this.auth()));
      changes.push(...r.changes);
      passphrase = r.passphrase;
      cursor = r.cursor;
      if (!r.more) break;
    }
    return { changes, cursor, passphrase };
  }
}
