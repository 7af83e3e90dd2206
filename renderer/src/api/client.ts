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

/** In the browser preview the token arrives once in the address (#token=…); keep it for this tab and hide it. */
function previewToken(): string {
  const match = /[#&]token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    window.history.replaceState(null, '', `${window.location.pathname}#/`);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

async function overHttp(name: string, input: unknown): Promise<Reply<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${previewToken()}` },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'OFFLINE', message: 'Plumbline is not responding. If you closed the preview, start it again; your saved work is safe.' } };
  }
  try {
    return (await response.json()) as Reply<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `Unexpected answer from Plumbline (HTTP ${response.status}).` } };
  }
}

/** Calls one contract operation, through the preload bridge in Electron or HTTP in the preview. */
export async function call<N extends OpName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
  const bridge = window.plumbline;
  const reply = bridge ? await bridge[name](input) : await overHttp(name, input);
  if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
  return reply.value as OutputOf<N>;
}

export const isPreview = (): boolean => !window.plumbline;
if (!window.plumbline) previewToken();
