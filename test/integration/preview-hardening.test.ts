import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewServer, type PreviewServer } from '../../electron/preview/server';
import { makeTestCore, type TestCore } from './helpers';

let core: TestCore;
let server: PreviewServer;
const MAX = 64 * 1024;

beforeAll(async () => {
  core = makeTestCore();
  const staticDir = path.join(core.dir, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Plumbline</title>');
  server = await startPreviewServer({ dispatch: core.dispatchAs, db: () => core.baseCtx.db, staticDir, maxBody: MAX });
});
afterAll(async () => {
  await server.close();
  core.cleanup();
});

/** Streams `size` bytes of body in 16 KB writes and resolves with whatever the server answered. */
function post(pathName: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: pathName, method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', 'Content-Length': String(size) } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

function get(pathName: string, withToken = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: pathName, method: withToken ? 'POST' : 'GET', headers: withToken ? { Authorization: `Bearer ${server.token}` } : {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(withToken ? '{}' : undefined);
  });
}

describe('preview server limits and bad addresses', () => {
  it('answers an over-size body with 413 that the client receives (respond, then close)', async () => {
    for (const size of [MAX + 1, MAX * 3]) {
      const res = await post('/api/session:me', size);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).error.code).toBe('TOO_LARGE');
    }
    // The server still answers afterwards (a tab's session is opened with the launch token alone).
    expect((await post('/api/session:open', 2)).status).toBe(200);
  });

  it('answers a malformed percent-escape with 400, not 500', async () => {
    for (const p of ['/%E0%A4%A', '/assets/%zz.js', '/%']) {
      const res = await get(p);
      expect(res.status, p).toBe(400);
      expect(JSON.parse(res.body).error.code).toBe('BAD_PATH');
    }
    const api = await get('/api/session%E0%A4%A', true);
    expect(api.status).toBe(400);
  });
});
