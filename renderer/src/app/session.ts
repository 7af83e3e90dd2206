import { create } from 'zustand';
import type { SessionInfo } from '../../../shared/api/session';
import { call } from '../api/client';

interface SessionStore {
  info: SessionInfo | null;
  error: string | null;
  load(): Promise<void>;
  set(info: SessionInfo): void;
}

/** Who is working on this device, loaded once at start and after switching profile. */
export const useSession = create<SessionStore>((set) => ({
  info: null,
  error: null,
  async load() {
    try {
      set({ info: await call('session:get', {}), error: null });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  set(info) {
    set({ info });
  },
}));
