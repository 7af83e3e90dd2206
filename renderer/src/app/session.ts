import { create } from 'zustand';
import { can, type OpName } from '../../../shared/api/index';
import type { SessionMe } from '../../../shared/api/session';
import { call, onSignedOut } from '../api/client';

interface SessionStore {
  info: SessionMe | null;
  error: string | null;
  load(): Promise<void>;
  signOut(): Promise<void>;
}

/** Who is signed in in this window or tab, and what the shell needs (demo, first start, idle lock). */
export const useSession = create<SessionStore>((set, get) => ({
  info: null,
  error: null,
  async load() {
    try {
      set({ info: await call('session:me', {}), error: null });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  async signOut() {
    try {
      await call('session:signOut', {});
    } finally {
      // The sign-in screen replaces the page; whoever signs in next lands where this window was
      // (or is told plainly that the page is not theirs).
      await get().load();
    }
  },
}));

// A call that finds us signed out (deactivated, or the app restarted) brings back the sign-in screen.
onSignedOut(() => void useSession.getState().load());

/**
 * Whether the signed-in person may call an operation, from the contract's declared access: for
 * deciding what to SHOW. The core enforces access itself, whatever the page shows.
 */
export function useCan(op: OpName): boolean {
  const role = useSession((s) => s.info?.person?.role);
  return can(role, op);
}
