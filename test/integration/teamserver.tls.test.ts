import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/pgCluster';
import { runCli, startServerProcess } from '../support/serverProcess';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-tls-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A self-signed certificate for 127.0.0.1, as an IT team's own CA would issue for the server's address. */
function certificate(): { cert: string; key: string } {
  const cert = path.join(dir, 'server.crt');
  const key = path.join(dir, 'server.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

function get(url: string, options: https.RequestOptions = {}): Promise<{ status: number; body: string }> {
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(url, { ...options, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

describe('plumbline team-server over TLS', () => {
  it('serves https with the given certificate and key, says so on its first line, and speaks no plain HTTP', async () => {
    const { cert, key } = certificate();
    const port = await freePort();
    const server = await startServerProcess(['--data', path.join(dir, 'team'), '--port', String(port), '--tls-cert', cert, '--tls-key', key]);
    try {
      expect(server.firstLine).toBe(`Plumbline team server: https://127.0.0.1:${port}`);
      const health = await get(`${server.url}/v1/health`, { ca: fs.readFileSync(cert) });
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ ok: true, value: { status: 'ok' } });
      // A client that does not trust the certificate refuses it: this is real TLS, not plain HTTP on another port.
      await expect(get(`${server.url}/v1/health`)).rejects.toThrow(/self[- ]signed|certificate/i);
      // Plain HTTP to the same port gets no answer from the API.
      const plain = await get(`http://127.0.0.1:${port}/v1/health`).catch((e: Error) => ({ status: 0, body: e.message }));
      expect(plain.status === 0 || plain.status === 400).toBe(true);
      expect(plain.body).not.toContain('"status":"ok"');
    } finally {
      await server.kill('SIGTERM');
    }
  }, 120_000);

  it('refuses, in one line, a certificate without its key and a certificate it cannot read', async () => {
    const { cert } = certificate();
    const half = await runCli(['team-server', '--data', path.join(dir, 'half'), '--port', '0', '--tls-cert', cert]);
    expect(half.code).toBe(1);
    expect(half.stderr.trim().split('\n')).toHaveLength(1);
    expect(half.stderr).toMatch(/Give both --tls-cert and --tls-key/);
    const missing = await runCli(['team-server', '--data', path.join(dir, 'missing'), '--port', '0', '--tls-cert', path.join(dir, 'nope.crt'), '--tls-key', path.join(dir, 'nope.key')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/Could not read the TLS certificate or key/);
  }, 120_000);
});
