import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL cluster for tests and benches: `initdb` into a temp folder (trust auth,
 * superuser `plumbline`), `pg_ctl start` on a free 127.0.0.1 port with the socket in that folder,
 * stopped and removed by `stop()`. Runs the binaries as the `postgres` user when we are root.
 */
export interface PgCluster {
  url: string;
  port: number;
  dir: string;
  stop(): void;
}

export function findPgBin(name: 'initdb' | 'pg_ctl'): string | null {
  const candidates = [...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, name)), `/usr/local/bin/${name}`];
  try {
    const versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(`/usr/lib/postgresql/${v}/bin/${name}`);
  } catch {
    /* no Debian PostgreSQL */
  }
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function asPostgres(bin: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    const quoted = [bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: 'pipe' });
  } else {
    execFileSync(bin, args, { stdio: 'pipe' });
  }
}

export async function startPgCluster(): Promise<PgCluster> {
  const initdb = findPgBin('initdb');
  const pgCtl = findPgBin('pg_ctl');
  if (!initdb || !pgCtl) throw new Error('PostgreSQL is not installed (no initdb): apt-get install -y postgresql');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const port = await freePort();
  let started = false;
  const stop = (): void => {
    if (started) {
      try {
        asPostgres(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already stopped */
      }
      started = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    asPostgres(initdb, ['-D', data, '-A', 'trust', '-U', 'plumbline', '--no-sync', '-E', 'UTF8']);
    asPostgres(pgCtl, [
      '-D', data, '-l', path.join(dir, 'log'), '-w', '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start',
    ]);
    started = true;
  } catch (error) {
    stop();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`Could not start a test PostgreSQL: ${stderr || (error as Error).message}`);
  }
  return { url: `postgres://plumbline@127.0.0.1:${port}/postgres`, port, dir, stop };
}
