import type http from 'node:http';
import { z } from 'zod';
import type { Role } from '../../shared/api/session';
import type { Change } from '../../shared/sync/change';
import { authenticate, listDevices, revokeDevice, signIn } from './auth';
import { HttpError } from './errors';
import type { LogView } from './log';
import { DEFAULT_PULL, MAX_PULL, pull } from './pull';
import { push, pushSchema } from './push';
import type { Sql } from './sql';

/** Body caps: a push may carry a day's work; anything else is small. */
export const PUSH_BODY_CAP = 16 * 1024 * 1024;
export const SMALL_BODY_CAP = 64 * 1024;

const signInSchema = z.object({
  login: z.string().trim().min(1, 'Give your login (your email address).').max(320),
  passphrase: z.string().min(1, 'Give your passphrase.').max(1024),
  deviceId: z.string().trim().min(1, 'Give this device\'s id.').max(100),
});
const pullSchema = z.object({
  cursor: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(MAX_PULL).default(DEFAULT_PULL),
});
const revokeSchema = z.object({ deviceId: z.string().min(1).max(100) });

/**
 * Who may call each route, declared beside its schema and enforced once, in `route`, before the
 * route runs: `anyone`, anyone `signed-in` with a device token, or only these roles. A route that
 * reads its caller without being declared here fails (500) rather than run unguarded.
 */
export const ROUTE_ACCESS: Record<string, 'anyone' | 'signed-in' | readonly Role[]> = {
  'GET /v1/health': 'anyone',
  'POST /v1/sign-in': 'anyone',
  'POST /v1/push': 'signed-in',
  'POST /v1/pull': 'signed-in',
  'GET /v1/devices': ['qa-lead'],
  'POST /v1/devices/revoke': ['qa-lead'],
};

const ROUTE_REFUSALS: Record<string, string> = {
  'GET /v1/devices': 'Only a QA lead manages the team\'s devices.',
  'POST /v1/devices/revoke': 'Only a QA lead manages the team\'s devices.',
};

export interface ServerInfo {
  version: string;
  engine: 'pglite' | 'postgresql';
  serverId: string;
}

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

const fail = (res: http.ServerResponse, e: HttpError): void => {
  const headers: Record<string, string> = e.status === 413 ? { connection: 'close' } : {};
  if (e.extra.retryAfter) headers['retry-after'] = String(e.extra.retryAfter);
  send(res, e.status, JSON.stringify({ ok: false, error: { code: e.code, message: e.message, ...e.extra } }), headers);
  if (e.status === 413) res.once('finish', () => res.req.socket.destroy());
};

/** Reads a JSON body, refusing (413) as soon as it is over `cap` — by its declared length, or while it streams. */
function readJson(req: http.IncomingMessage, cap: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const tooBig = () => new HttpError(413, 'TOO_LARGE', `The request is larger than ${Math.round(cap / 1024)} KiB: send fewer changes at a time.`);
  if (declared > cap) return Promise.reject(tooBig());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        req.removeAllListeners('data');
        req.pause();
        reject(tooBig());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > cap) return;
      try {
        resolve(size === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'BAD_JSON', 'The request body is not valid JSON.'));
      }
    });
    req.on('error', reject);
  });
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? ` (${issue.path.join('.')})` : '';
    throw new HttpError(400, 'BAD_REQUEST', `${issue.message}${where}`);
  }
  return result.data;
}

/** The /v1 routes. Every reply is JSON; errors are {ok:false, error:{code, message}}. */
export function handler(sql: Sql, view: LogView, info: ServerInfo): http.RequestListener {
  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return fail(res, error);
      process.stderr.write(`team server: ${(error as Error).stack ?? String(error)}\n`);
      fail(res, new HttpError(500, 'SERVER_ERROR', 'The team server could not do that; nothing was changed. Try again, and tell your IT team if it keeps happening.'));
    });
  };

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = `${req.method} ${url.pathname}`;
    const access = ROUTE_ACCESS[key];
    const signedIn = access === undefined || access === 'anyone' ? null : await authenticate(sql, view, req.headers.authorization, req.headers['plumbline-device'] as string | undefined);
    if (signedIn && Array.isArray(access) && !access.includes(signedIn.person.role as Role)) throw new HttpError(403, 'FORBIDDEN', ROUTE_REFUSALS[key] ?? 'You may not do that.');
    const caller = async () => {
      if (!signedIn) throw new Error(`route ${key} reads its caller but declares no sign-in in ROUTE_ACCESS`);
      return signedIn;
    };
    switch (key) {
      case 'GET /v1/health': {
        await view.refresh(sql); // reaches the database, and answers with the log as it stands (other processes included)
        return send(res, 200, JSON.stringify({ ok: true, value: { status: 'ok', ...info, cursor: view.seq } }));
      }
      case 'POST /v1/sign-in': {
        const input = parse(signInSchema, await readJson(req, SMALL_BODY_CAP));
        return send(res, 200, JSON.stringify({ ok: true, value: await signIn(sql, view, input) }));
      }
      case 'POST /v1/push': {
        const who = await caller();
        const input = parse(pushSchema, await readJson(req, PUSH_BODY_CAP));
        return send(res, 200, JSON.stringify({ ok: true, value: await push(sql, view, who, input.changes as Change[], input.passphrases, { handover: input.handover }) }));
      }
      case 'POST /v1/pull': {
        const who = await caller();
        const input = parse(pullSchema, await readJson(req, SMALL_BODY_CAP));
        const out = await pull(sql, view, who, input.cursor, input.limit);
        const passphrase = JSON.stringify(out.passphrase);
        return send(res, 200, `{"ok":true,"value":{"changes":[${out.bodies.join(',')}],"cursor":${out.cursor},"more":${out.more},"passphrase":${passphrase}}}`);
      }
      case 'GET /v1/devices':
      case 'POST /v1/devices/revoke': {
        const who = await caller();
        if (req.method === 'GET') return send(res, 200, JSON.stringify({ ok: true, value: await listDevices(sql, view) }));
        const input = parse(revokeSchema, await readJson(req, SMALL_BODY_CAP));
        await revokeDevice(sql, input.deviceId, who.person.id);
        return send(res, 200, JSON.stringify({ ok: true, value: { revoked: input.deviceId } }));
      }
      default:
        if (url.pathname.startsWith('/v1/')) throw new HttpError(url.pathname.match(/^\/v1\/(health|sign-in|push|pull|devices)/) ? 405 : 404, 'NO_ROUTE', `No route ${key}. The team server answers GET /v1/health, POST /v1/sign-in, /v1/push and /v1/pull.`);
        throw new HttpError(404, 'NO_ROUTE', 'This is a Plumbline team server: laptops talk to it under /v1/. See GET /v1/health.');
    }
  }
}
