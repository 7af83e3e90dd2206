import type { Change } from './change';

/**
 * What a new team server takes from the standalone database it starts from (decision 66): read
 * from the file on the laptop side (electron/core/teamsync/moveToServer.ts), stored by the server
 * (electron/server/moveIn.ts).
 */
export interface StandaloneMove {
  /** The standalone laptop's device: it becomes the QA lead's laptop on the server. */
  deviceId: string;
  /** That device's last change when the move was read: its history up to here is vouched for. */
  upTo: number;
  lead: { id: string; name: string; email: string };
  /** Every change to the QA lead's people row, in the order the file stored them. */
  leadChanges: Change[];
  passphraseHash: string;
  mustChange: boolean;
}
