import type { Change } from '../../../shared/sync/change';

/**
 * The laptop's side of the /v1 protocol: JSON over HTTPS (HTTP only to this computer), with a
 * timeout. A server that does not answer is `offline` (the laptop keeps working); a server that
 * answers with an error is `refused`, with its code and message.
 */
export class SyncError extends Error {
  constructor(
    readonly kind: 'offline' | 'refused',
    readonly code: string,
    message: string,
    readonly status = 0,
    /** The change a refused push names (the server's `error.change`), when it names one. */
    readonly change: RefusedChangeRef | null = null,
  ) {
    super(message);
  }
}

export interface RefusedChangeRef {
  deviceId: string;
  deviceSeq: number;
  table: string;
  key: string;
  column: string | null;
}

export interface PullReply {
  changes: Change[];
  cursor: number;
  more: boolean;
  passphrase: { hash: string; mustChange: boolean; setAt: string } | null;
}

export interface SignInReply {
  token: string;
  deviceId: string;
  person: { id: string; name: string; email: string; role: string };
}

const TIMEOUT_MS = 30_000;

/** The server's address, checked: https, or http to this computer only. */
export function normaliseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new SyncError('refused', 'BAD_SERVER', `"${text}" is not a web address: give the team server's address, e.g. https://plumbline.council.example.`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || /^127\./.test(url.hostname);
  if (url.protocol === 'http:' && !loopback) {
    throw new SyncError('refused', 'NOT_HTTPS', `The team server must be reached over https:// (${url.host} is not this computer): passphrases and case data never travel unencrypted.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SyncError('refused', 'BAD_SERVER', `The team server's address starts with https://, not ${url.protocol}`);
  return url.origin;
}

export async function callServer<T>(server: string, route: string, body: unknown, auth?: { token: string; deviceId: string }): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth) {
    headers.authorization = `Bearer ${auth.token}`;
    headers['plumbline-device'] = auth.deviceId;
  }
  let res: Response;
  try {
    const init = () => ({ method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
    // Every route is safe to repeat (a push is idempotent): one retry when a kept-alive socket was closed under us.
    res = await fetch(server + route, init()).catch(() => fetch(server + route, init()));
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new SyncError('offline', 'OFFLINE', `The team server at ${server} does not answer (${cause}).`);
  }
  let parsed: { ok: boolean; value?: T; error?: { code: string; message: string; change?: RefusedChangeRef } };
  try {
    parsed = (await res.json()) as typeof parsed;
  } catch {
    throw new SyncError(res.status >= 500 ? 'offline' : 'refused', 'NOT_A_TEAM_SERVER', `${server} answered, but not as a Plumbline team server (HTTP ${res.status}).`, res.status);
  }
  if (!parsed.ok || parsed.value === undefined) {
    const e = parsed.error ?? { code: 'SERVER_ERROR', message: `HTTP ${res.status}` };
    throw new SyncError(res.status >= 500 ? 'offline' : 'refused', e.code, e.message, res.status, parsed.error?.change ?? null);
  }
  return parsed.value;
}
