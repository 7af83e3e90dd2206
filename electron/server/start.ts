import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { handler } from './http';
import { LogView } from './log';
import { migrateServer } from './schema';
import { serverDeviceId } from './serverDevice';
import { openSql, type Sql } from './sql';

export interface TeamServerOptions {
  /** A PostgreSQL URL; without it, PGlite in `data`. */
  pg?: string;
  data?: string;
  host?: string;
  port?: number;
  tlsCert?: string;
  tlsKey?: string;
}

export interface TeamServer {
  url: string;
  sql: Sql;
  view: LogView;
  close(): Promise<void>;
}

export class TeamServerError extends Error {}

/** Loopback addresses: the only ones plain HTTP may listen on. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Opens (and migrates) the team's database. */
export async function openTeamDatabase(options: Pick<TeamServerOptions, 'pg' | 'data'>): Promise<{ sql: Sql; view: LogView }> {
  const sql = await openSql(options);
  try {
    await migrateServer(sql);
    await serverDeviceId(sql);
    const view = new LogView();
    await view.refresh(sql);
    return { sql, view };
  } catch (error) {
    await sql.close().catch(() => {});
    throw error;
  }
}

export async function startTeamServer(options: TeamServerOptions): Promise<TeamServer> {
  const host = options.host ?? '127.0.0.1';
  const tls = options.tlsCert || options.tlsKey;
  if (tls && !(options.tlsCert && options.tlsKey)) throw new TeamServerError('Give both --tls-cert and --tls-key (the certificate and its private key, PEM files).');
  if (!tls && !isLoopback(host)) {
    throw new TeamServerError(
      `Refusing to listen on ${host} over plain HTTP: passphrases and case data would cross the network unencrypted. Give --tls-cert and --tls-key, or listen on 127.0.0.1.`,
    );
  }
  let cert: Buffer | undefined;
  let key: Buffer | undefined;
  if (tls) {
    try {
      cert = fs.readFileSync(options.tlsCert!);
      key = fs.readFileSync(options.tlsKey!);
    } catch (error) {
      throw new TeamServerError(`Could not read the TLS certificate or key: ${(error as Error).message}`);
    }
  }
  const { sql, view } = await openTeamDatabase(options);
  const [row] = await sql.query<{ value: string }>(`SELECT value FROM server_meta WHERE key = 'device_id'`);
  const listener = handler(sql, view, { version: '1', engine: sql.engine, serverId: row.value });
  const server: http.Server = tls ? https.createServer({ cert, key }, listener) : http.createServer(listener);
  server.keepAliveTimeout = 65_000; // longer than clients keep idle sockets, so a reused socket is never closed under a request
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 7410, host, () => resolve());
    });
  } catch (error) {
    await sql.close().catch(() => {});
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new TeamServerError(`Port ${options.port} on ${host} is already in use: choose another with --port.`);
    throw new TeamServerError(`Could not listen on ${host}:${options.port}: ${(error as Error).message}`);
  }
  const port = (server.address() as net.AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${tls ? 'https' : 'http'}://${shownHost}:${port}`,
    sql,
    view,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      await sql.close();
    },
  };
}
