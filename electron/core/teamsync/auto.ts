import type { SyncReport } from '../../../shared/api/sync';
import type { CoreContext } from '../context';
import { unsentCount } from '../sync/index';
import { readSyncMeta } from './state';
import { syncNow } from './sync';

/**
 * Syncs by itself in the app (Electron and the browser preview): a little after changes are made
 * (debounced), every minute, and on "Sync now". One sync at a time; failures are recorded in the
 * sync status (offline since…, refused…) and retried on the next tick.
 */
export class AutoSync {
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<SyncReport> | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private lastWaiting = 0;

  constructor(
    private readonly ctx: CoreContext,
    private readonly options = { everyMs: 60_000, checkMs: 5_000, debounceMs: 3_000 },
  ) {}

  start(): this {
    const every = setInterval(() => void this.quiet(), this.options.everyMs);
    const check = setInterval(() => this.checkForChanges(), this.options.checkMs);
    every.unref();
    check.unref();
    this.timers.push(every, check);
    void this.quiet();
    return this;
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.debounce) clearTimeout(this.debounce);
  }

  /** Sync now (waiting for a sync under way to finish first, then running a fresh one). */
  async now(): Promise<SyncReport> {
    if (this.running) await this.running.catch(() => undefined);
    this.running = syncNow(this.ctx);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private joined(): boolean {
    const meta = readSyncMeta(this.ctx);
    return !!(meta.server && meta.token);
  }

  private async quiet(): Promise<void> {
    if (!this.joined() || this.running) return;
    await this.now().catch(() => undefined);
  }

  private checkForChanges(): void {
    if (!this.joined()) return;
    const waiting = unsentCount(this.ctx);
    if (waiting > 0 && waiting !== this.lastWaiting) {
      if (this.debounce) clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.quiet(), this.options.debounceMs);
      this.debounce.unref();
    }
    this.lastWaiting = waiting;
  }
}

const loops = new WeakMap<CoreContext, AutoSync>();

/** Starts syncing by itself for an app's core (called by the Electron main process and the preview server). */
export function startAutoSync(ctx: CoreContext): AutoSync {
  let loop = loops.get(ctx);
  if (!loop) loops.set(ctx, (loop = new AutoSync(ctx).start()));
  return loop;
}

export const autoSyncOf = (ctx: CoreContext): AutoSync | undefined => loops.get(ctx);
