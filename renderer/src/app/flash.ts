import { create } from 'zustand';

interface FlashStore {
  message: string | null;
  show(message: string): void;
  clear(): void;
}

/** One confirmation carried to the next page ("Added Sam Jones."), shown once as a status. */
export const useFlash = create<FlashStore>((set) => ({
  message: null,
  show: (message) => set({ message }),
  clear: () => set({ message: null }),
}));
