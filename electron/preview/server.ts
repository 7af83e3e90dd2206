import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Dispatch } from '../core/dispatch';
import type { Db } from '../core/db/open';
import { SessionTable } from '../core/session/table';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { isDownloadPath, serveDownload } from './downloads';
import { DOWNLOAD_MAX_AGE_MS, DOWNLOAD_SWEEP_EVERY_MS, sweepDownloads } from '../core/exports/folder';

export interface PreviewServer {
  url: string;
  token: string;
  port: number;
  /** Who is signed in in which tab (cleared when the app switches database). */
  sessions: SessionTable<string>;
  close(): Promise<void>;
}

export interface PreviewOptions {
  /** `dispatch(principal, op, input)`; the server passes the principal of the request's tab session. */
  dispatch: Dispatch;
  /** The open database (read afresh: the app may switch to the demo file). */
  db: () => Db;
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  token?: string;
  /** Largest request body accepted, in bytes (CSV imports are the largest). */
  maxBody?: number;
  /**
   * The hand-over folder of exports waiting to be downloaded (read afresh: the database may
   * change). Anything in it older than `maxAgeMs` (24 hours) is deleted when the server starts
   * and every `sweepEveryMs` (an hour) after.
   */
  downloads?: { folder: () => string; maxAgeMs?: number; sweepEveryMs?: number };
}

const STATUS_BY_CODE: Record<string, number> = {
  UNKNOWN_OPERATION: 404,
  INVALID_INPUT: 400,
  VALIDATION: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  READ_ONLY: 409,
  NO_USER: 401,
  SIGNED_OUT: 401,
  NOT_IMPLEMENTED: 501,
  PASSPHRASE: 401,
  LOCKED_OUT: 429,
  INTERNAL: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

const fail = (res: http.ServerResponse, status: number, code: string, message: string) => send(res, status, { ok: false, error: { code, message } });

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The tab's session token (issued by `POST /api/session:open`), sent as X-Plumbline-Session. */
export const SESSION_HEADER = 'x-plumbline-session';
const SESSION_TOKEN = /^[A-Za-z0-9_-]{32}$/;

/** The body as text, or 'too-large' once it passes the limit (the rest is then read and dropped, up to a cap). */
function readBody(req: http.IncomingMessage, limit: number): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        if (chunks.length) chunks.length = 0;
        // Keep reading (and dropping) so the client can finish sending and read our 413;
        // a client that keeps going far past the limit is cut off.
        if (size > limit * 4 + 1024 * 1024) req.destroy();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? TOO_LARGE : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const TOO_LARGE = Symbol('too-large');

/** decodeURIComponent, or null for a malformed escape such as '%E0%A4%A' (answered 400, not 500). */
function decodePath(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function serveStatic(staticDir: string, urlPath: string, res: http.ServerResponse): void {
  const clean = decodePath(urlPath.split('?')[0]);
  if (clean === null) return fail(res, 400, 'BAD_PATH', 'The address has a malformed percent-escape.');
  const rel = clean === '/' ? 'index.html' : clean.replace(/^\/+/, '');
  const file = path.resolve(staticDir, rel);
  if (!file.startsWith(path.resolve(staticDir) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found');
    return;
  }
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
  fs.createReadStream(file).pipe(res);
}

/**
 * The browser preview: the built renderer and the contract over HTTP, on 127.0.0.1 only,
 * with a per-launch token on every call and the Host header checked (DNS-rebinding guard).
 */
export function startPreviewServer(options: PreviewOptions): Promise<PreviewServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const maxBody = options.maxBody ?? 96 * 1024 * 1024; // a 60 MB CSV sent as base64 is 80 MB
  if (!fs.existsSync(path.join(options.staticDir, 'index.html'))) {
    return Promise.reject(new Error(`The app has not been built: ${options.staticDir}/index.html is missing. Run "npm run build" first.`));
  }
  let port = 0;
  const sessions = new SessionTable<string>(options.db);
  const issued = new Set<string>();
  const sessionOf = (req: http.IncomingMessage): string | null => {
    const given = req.headers[SESSION_HEADER];
    return typeof given === 'string' && SESSION_TOKEN.test(given) && issued.has(given) ? given : null;
  };
  const server = http.createServer(async (req, res) => {
    try {
      const host = req.headers.host ?? '';
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return fail(res, 403, 'FORBIDDEN', 'This server only answers requests addressed to 127.0.0.1.');
      const url = req.url ?? '/';
      if (url.startsWith('/api/')) {
        if (req.method !== 'POST') return fail(res, 405, 'METHOD', 'Use POST for operations.');
        if (!tokenMatches(req.headers.authorization, token)) return fail(res, 401, 'UNAUTHORISED', 'Missing or wrong token. Open the address printed when the preview started.');
        const origin = req.headers.origin;
        if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return fail(res, 403, 'FORBIDDEN', 'Requests from other sites are refused.');
        const name = decodePath(url.slice('/api/'.length).split('?')[0]);
        if (name === null) return fail(res, 400, 'BAD_PATH', 'The operation name has a malformed percent-escape.');
        if (name === 'session:open') {
          // Each tab gets its own session: two tabs can be two people.
          const fresh = randomBytes(24).toString('base64url');
          issued.add(fresh);
          return send(res, 200, { ok: true, value: { session: fresh } });
        }
        let input: unknown = {};
        const body = await readBody(req, maxBody);
        if (body === TOO_LARGE) {
          // Respond, then close: the client receives the 413 before the connection ends.
          res.setHeader('Connection', 'close');
          return fail(res, 413, 'TOO_LARGE', `The request is larger than ${Math.max(1, Math.round(maxBody / 1024 / 1024))} MB.`);
        }
        if (body.trim()) {
          try {
            input = JSON.parse(body);
          } catch {
            return fail(res, 400, 'INVALID_INPUT', 'The request body is not valid JSON.');
          }
        }
        const session = sessionOf(req);
        if (!session) return fail(res, 401, 'NO_SESSION', 'This tab has no session with Plumbline (it may have restarted). Reload the page.');
        const reply = await options.dispatch(sessions.principal(session), name, input);
        sessions.afterReply(session, name, reply);
        return send(res, reply.ok ? 200 : (STATUS_BY_CODE[reply.error.code] ?? 400), reply);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'METHOD', 'Method not allowed.');
      if (isDownloadPath(url)) {
        if (!tokenMatches(req.headers.authorization, token)) return fail(res, 401, 'UNAUTHORISED', 'Missing or wrong token.');
        const session = sessionOf(req);
        const who = session ? sessions.principal(session) : null;
        if (!who) return fail(res, 401, 'SIGNED_OUT', 'Sign in to download exports.');
        return serveDownload(url, who.id, req, res, SECURITY_HEADERS);
      }
      serveStatic(options.staticDir, url, res);
    } catch {
      if (!res.headersSent) fail(res, 500, 'INTERNAL', 'The preview server could not answer this request.');
    }
  });
  server.keepAliveTimeout = 1000;
  const downloads = options.downloads;
  const sweep = () => {
    if (downloads) sweepDownloads(downloads.folder(), Date.now(), downloads.maxAgeMs ?? DOWNLOAD_MAX_AGE_MS);
  };
  let sweeper: NodeJS.Timeout | null = null;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : 0;
      sweep();
      if (downloads) {
        sweeper = setInterval(sweep, downloads.sweepEveryMs ?? DOWNLOAD_SWEEP_EVERY_MS);
        sweeper.unref();
      }
      resolve({
        url: `http://127.0.0.1:${port}/#token=${token}`,
        token,
        port,
        sessions,
        close: () =>
          new Promise<void>((done) => {
            if (sweeper) clearInterval(sweeper);
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
