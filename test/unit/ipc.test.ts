import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { OP_NAMES } from '../../shared/api/index';
import { createSenderCheck, registerIpc, type IpcMainLike } from '../../electron/main/ipc';
import { SessionTable } from '../../electron/core/session/table';
import type { Db } from '../../electron/core/db/open';

type Listener = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>;

function fakeIpc() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener as Listener) };
  return { ipc, handlers };
}

function event(options: { senderId: number; url: string; subframe?: boolean }): IpcMainInvokeEvent {
  return {
    sender: { id: options.senderId },
    senderFrame: { url: options.url, parent: options.subframe ? {} : null },
  } as unknown as IpcMainInvokeEvent;
}

describe('IPC registration', () => {
  const check = createSenderCheck(() => 7);
  const calls: string[] = [];
  const { ipc, handlers } = fakeIpc();
  const sessions = new SessionTable<number>(() => ({}) as Db); // nobody signs in here: the table is never asked for a person
  registerIpc(
    ipc,
    check,
    async (principal, name, input) => {
      calls.push(name);
      expect(principal).toBeNull();
      return { ok: true, value: input };
    },
    sessions,
  );

  it('registers exactly the contract operations', () => {
    expect([...handlers.keys()].sort()).toEqual([...OP_NAMES].sort());
  });

  it('passes a call from the app window to the dispatcher', async () => {
    const reply = await handlers.get('session:me')!(event({ senderId: 7, url: 'app://plumbline/index.html' }), {});
    expect(reply).toEqual({ ok: true, value: {} });
    expect(calls).toContain('session:me');
  });

  it('rejects a foreign sender: another window, a remote page, or a sub-frame', async () => {
    calls.length = 0;
    for (const e of [
      event({ senderId: 8, url: 'app://plumbline/index.html' }),
      event({ senderId: 7, url: 'https://evil.example/' }),
      event({ senderId: 7, url: 'app://plumbline/index.html', subframe: true }),
      event({ senderId: 7, url: 'file:///etc/passwd' }),
      // Accepted by the old prefix test: same scheme, a host that only starts with ours.
      event({ senderId: 7, url: 'app://plumbline.evil/index.html' }),
      event({ senderId: 7, url: 'app://plumblinex/index.html' }),
      event({ senderId: 7, url: 'app://plumbline:8080/index.html' }),
    ]) {
      const reply = (await handlers.get('people:add')!(e, { name: 'Mallory', email: 'm@x.example', role: 'qa-lead' })) as { ok: boolean; error: { code: string } };
      expect(reply.ok).toBe(false);
      expect(reply.error.code).toBe('FORBIDDEN');
    }
    expect(calls).toEqual([]);
  });
});
