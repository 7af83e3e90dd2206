import { hashPassphrase, storePassphraseHash } from '../../electron/core/people/passphrase';
import type { PreviewServer } from '../../electron/preview/server';
import type { TestCore } from './helpers';
import { testEmail } from './helpers';

export const TEST_PASSPHRASE = 'river-lantern-copper-93';

/** Gives a person added with actAs a passphrase (stored as the app stores it: argon2id, outside the history). */
export async function givePassphrase(core: TestCore, name: string, passphrase = TEST_PASSPHRASE): Promise<{ login: string; passphrase: string }> {
  const id = core.principalOf(name).id;
  storePassphraseHash(core.baseCtx, id, await hashPassphrase(passphrase), false);
  return { login: testEmail(name), passphrase };
}

export interface HttpReply {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

/** A browser tab: the launch token plus its own session token (from POST /api/session:open). */
export class Tab {
  private constructor(
    readonly server: PreviewServer,
    readonly session: string,
  ) {}

  static async open(server: PreviewServer): Promise<Tab> {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/session:open`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` } });
    const reply = (await res.json()) as { ok: boolean; value: { session: string } };
    if (!reply.ok) throw new Error('session:open failed');
    return new Tab(server, reply.value.session);
  }

  headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.server.token}`, 'X-Plumbline-Session': this.session, 'Content-Type': 'application/json' };
  }

  async call(op: string, input: unknown = {}): Promise<HttpReply> {
    const res = await fetch(`http://127.0.0.1:${this.server.port}/api/${op}`, { method: 'POST', headers: this.headers(), body: JSON.stringify(input) });
    return { status: res.status, body: (await res.json()) as HttpReply['body'] };
  }

  async signIn(login: string, passphrase: string): Promise<HttpReply> {
    const reply = await this.call('session:signIn', { login, passphrase });
    if (reply.status !== 200) throw new Error(`Sign-in failed: ${JSON.stringify(reply.body)}`);
    return reply;
  }
}
