import type { IpcMainInvokeEvent } from 'electron';
import { OP_NAMES, type Reply } from '../../shared/api/index';
import type { Dispatch } from '../core/dispatch';
import { isAppUrl } from './origin';
import type { SessionTable } from '../core/session/table';

/** The part of ipcMain this module needs (so it can be tested without Electron). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, input: unknown) => Promise<Reply<unknown>>): void;
}

/** Decides whether a message comes from the app's own window and page. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/**
 * Registers every contract operation on ipcMain: messages from any other sender are refused,
 * the caller is the person signed in in that window (`sessions`, keyed by webContents id), input
 * is parsed by the operation's schema, and replies are always `{ ok, value | error }`.
 */
export function registerIpc(ipc: IpcMainLike, isTrustedSender: SenderCheck, dispatch: Dispatch, sessions: SessionTable<number>): void {
  for (const name of OP_NAMES) {
    ipc.handle(name, async (event, input) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This request did not come from the Plumbline window and was refused.' } };
      }
      const window = event.sender.id;
      const reply = await dispatch(sessions.principal(window), name, input);
      sessions.afterReply(window, name, reply);
      return reply;
    });
  }
}

/**
 * A sender is trusted when it is the main frame of our window showing our own page: the frame's
 * URL is parsed and its scheme and host compared exactly (app://plumbline.evil is not ours).
 */
export function createSenderCheck(getWindowId: () => number | null, isOurs: (url: string) => boolean = isAppUrl): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (event.sender.id !== getWindowId()) return false;
    return isOurs(frame.url);
  };
}
