import type { InputOf, OpName, OutputOf, Reply } from '../../../shared/api/index';

/** An error from the contract, with its stable code and a message a person can act on. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Bridge = Record<string, (input: unknown) => Promise<Reply<unknown>>>;
declare global {
  interface Window {
    plumbline?: Bridge;
  }
}

const TOKEN_KEY = 'plumbline.token';
const SESSION_KEY = 'plumbline.session';

/** In the browser preview the token arrives once in the address (#token=…); keep it for this tab and hide it. */
function previewToken(): string {
  const match = /[#&]token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    window.history.replaceState(null, '', `${window.location.pathname}#/`);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/**
 * This tab's own session with the preview (two tabs can be two people): opened once with the
 * launch token, kept in sessionStorage, and sent with every call and download.
 */
async function previewSession(fresh = false): Promise<string> {
  const known = sessionStorage.getItem(SESSION_KEY);
  if (known && !fresh) return known;
  const response = await fetch('/api/session:open', { method: 'POST', headers: { Authorization: `Bearer ${previewToken()}` } });
  const reply = (await response.json()) as Reply<{ session: string }>;
  if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
  sessionStorage.setItem(SESSION_KEY, reply.value.session);
  return reply.value.session;
}

/** The headers a preview request carries: the launch token and this tab's session. */
export async function previewHeaders(): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${previewToken()}`, 'X-Plumbline-Session': await previewSession() };
}

async function overHttp(name: string, input: unknown, retried = false): Promise<Reply<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(await previewHeaders()) },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'OFFLINE', message: 'Plumbline is not responding. If you closed the preview, start it again; your saved work is safe.' } };
  }
  try {
    const reply = (await response.json()) as Reply<unknown>;
    if (!reply.ok && reply.error.code === 'NO_SESSION' && !retried) {
      // The preview restarted and forgot this tab: open a new session (signed out) and ask again.
      await previewSession(true);
      return overHttp(name, input, true);
    }
    return reply;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `Unexpected answer from Plumbline (HTTP ${response.status}).` } };
  }
}

/** Calls one contract operation, through the preload bridge in Electron or HTTP in the preview. */
export async function call<N extends OpName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
  const bridge = window.plumbline;
  const reply = bridge ? await bridge[name](input) : await overHttp(name, input);
  if (!reply.ok) {
    if (reply.error.code === 'SIGNED_OUT') for (const listener of signedOutListeners) listener();
    throw new ApiError(reply.error.code, reply.error.message);
  }
  return reply.value as OutputOf<N>;
}

const signedOutListeners = new Set<() => void>();
/** Called when a call finds this window or tab signed out (deactivated, or the app restarted). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => void signedOutListeners.delete(listener);
}

export const isPreview = (): boolean => !window.plumbline;
if (!window.plumbline) previewToken();
