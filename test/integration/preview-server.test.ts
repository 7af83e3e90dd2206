import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewServer, type PreviewServer } from '../../electron/preview/server';
import { makeTestCore, type TestCore } from './helpers';
import { Tab } from './httpHelpers';

let core: TestCore;
let server: PreviewServer;

beforeAll(async () => {
  core = makeTestCore();
  const staticDir = path.join(core.dir, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Plumbline</title>');
  server = await startPreviewServer({ dispatch: core.dispatchAs, db: () => core.baseCtx.db, staticDir });
});
afterAll(async () => {
  await server.close();
  core.cleanup();
});

/** Raw HTTP so the Host header can be forged (fetch does not allow it). */
function request(options: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: options.path, method: options.method ?? 'POST', headers: { Host: `127.0.0.1:${server.port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
let tab: Tab;
const auth = () => tab.headers();

describe('browser preview server', () => {
  it('announces an address on 127.0.0.1 carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
  });

  it('answers a valid call with the contract reply', async () => {
    tab = await Tab.open(server);
    const res = await request({ path: '/api/session:me', headers: auth(), body: '{}' });
    expect(res.status).toBe(200);
    const reply = JSON.parse(res.body);
    expect(reply.ok).toBe(true);
    expect(reply.value.deviceId).toBe(core.ctx.deviceId);
  });

  it('answers a missing or wrong token with 401', async () => {
    expect((await request({ path: '/api/session:me', body: '{}' })).status).toBe(401);
    const wrong = await request({ path: '/api/session:me', headers: { Authorization: 'Bearer nope' }, body: '{}' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error.code).toBe('UNAUTHORISED');
  });

  it('answers a foreign Host header with 403 (DNS rebinding)', async () => {
    const res = await request({ path: '/api/session:me', headers: { ...auth(), Host: 'evil.example:80' }, body: '{}' });
    expect(res.status).toBe(403);
    const page = await request({ path: '/', method: 'GET', headers: { Host: `attacker.test:${server.port}` } });
    expect(page.status).toBe(403);
  });

  it('answers an unknown operation with 404', async () => {
    const res = await request({ path: '/api/cases:explode', headers: auth(), body: '{}' });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).error.code).toBe('UNKNOWN_OPERATION');
  });

  it('answers input that fails its schema with 400 and the schema message, never a stack trace', async () => {
    const res = await request({ path: '/api/session:setup', headers: auth(), body: JSON.stringify({ name: 'A', email: 'not an email', passphrase: 'short' }) });
    expect(res.status).toBe(400);
    const reply = JSON.parse(res.body);
    expect(reply.error.code).toBe('INVALID_INPUT');
    expect(reply.error.message).toContain('name: Enter the full name');
    expect(reply.error.message).toContain('email: Enter an email address');
    expect(reply.error.message).toContain('passphrase: Choose a passphrase of at least 12 characters');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    const bad = await request({ path: '/api/session:setup', headers: auth(), body: '{not json' });
    expect(bad.status).toBe(400);
  });

  it('refuses cross-site requests by Origin', async () => {
    const res = await request({ path: '/api/session:me', headers: { ...auth(), Origin: 'http://evil.example' }, body: '{}' });
    expect(res.status).toBe(403);
  });

  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const page = await request({ path: '/', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const escape = await request({ path: '/..%2F..%2Fetc%2Fpasswd', method: 'GET' });
    expect(escape.status).toBe(404);
  });

  it('is bound to the loopback address only', async () => {
    const os = await import('node:os');
    const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // no non-loopback interface on this machine: nothing else to reach
    await expect(
      new Promise((resolve, reject) => {
        const req = http.request({ host: external.address, port: server.port, path: '/', timeout: 2000 }, resolve);
        req.on('error', reject);
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.end();
      }),
    ).rejects.toThrow();
  });
});
