import type { CoreContext } from '../context';
import type { Db } from '../db/open';

export interface RuntimeInfo {
  transport: 'electron' | 'preview';
  keyWarning: string | null;
  /** The desktop shell's "show in folder" (the core itself never touches the OS shell). */
  revealFile?: (file: string) => void;
  /** Switches this app to the separate demo database (first start's "Explore the demo"). */
  openDemo?: () => Promise<void>;
}

// Keyed by the database handle, which every per-call context shares.
const runtime = new WeakMap<Db, RuntimeInfo>();
export const setRuntimeInfo = (ctx: CoreContext, info: RuntimeInfo): void => void runtime.set(ctx.db, info);
export const runtimeInfo = (ctx: CoreContext): RuntimeInfo => runtime.get(ctx.db) ?? { transport: 'preview', keyWarning: null };
