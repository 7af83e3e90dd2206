import type { Change } from '../../../../shared/api/audits';
import { changeKey } from './changes';

export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'retrying'; attempt: number; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'failed'; message: string };

export interface SaveRequest {
  id: string;
  revision: number;
  saveId: string;
  changes: Change[];
}

export type SendSave = (request: SaveRequest) => Promise<{ revision: number; savedAt: string }>;

export interface AutosaveOptions {
  id: string;
  revision: number;
  send: SendSave;
  onStatus: (status: SaveStatus) => void;
  /** Quiet time after the last keystroke before text is saved. */
  textDelayMs?: number;
  /** Text that keeps changing is still saved this long after its first unsaved change. */
  maxWaitMs?: number;
  /** Retry backoff: first delay, doubled each time up to the ceiling. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  newSaveId?: () => string;
}

/** Errors after which saving stops until the person reloads: retrying would never succeed. */
const STOPPING = new Set(['CONFLICT', 'READ_ONLY', 'FORBIDDEN', 'NOT_FOUND', 'VALIDATION', 'INVALID_INPUT', 'NO_USER']);

interface Batch {
  saveId: string;
  changes: Change[];
}

const randomId = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

/**
 * The editor's save queue: every change is queued (later changes to the same field replace
 * earlier ones), radios are sent at once and text after a short pause, never two saves in flight
 * for the audit, the revision carried from each reply to the next request. A batch whose reply
 * was lost is retried exactly as it was (same save id) with backoff, so the server can tell a
 * retry from a conflicting edit. A conflict stops saving and keeps the unsaved changes.
 */
export class AutosaveQueue {
  private pending = new Map<string, Change>();
  private inFlight: Batch | null = null;
  private retry: Batch | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstQueuedAt: number | null = null;
  private attempts = 0;
  private stopped = false;
  private disposed = false;
  private waiters: (() => void)[] = [];
  revision: number;
  status: SaveStatus = { kind: 'idle' };

  constructor(private readonly options: AutosaveOptions) {
    this.revision = options.revision;
  }

  get id(): string {
    return this.options.id;
  }

  /** Queues a change: 'now' for choices (radios), 'text' for typing. */
  enqueue(change: Change, mode: 'now' | 'text'): void {
    if (this.disposed) return;
    this.pending.set(changeKey(change), change);
    if (this.stopped) return;
    this.firstQueuedAt ??= Date.now();
    if (this.inFlight || this.retry) return; // sent when the current save finishes
    if (mode === 'now') return this.schedule(0);
    const waited = Date.now() - this.firstQueuedAt;
    const maxWait = this.options.maxWaitMs ?? 800;
    this.schedule(Math.max(0, Math.min(this.options.textDelayMs ?? 400, maxWait - waited)));
  }

  /** Sends what is queued now (leaving a step, closing the editor). */
  flushNow(): void {
    if (!this.stopped && !this.inFlight && !this.retry) this.schedule(0);
  }

  hasUnsaved(): boolean {
    return this.pending.size > 0 || this.inFlight !== null || this.retry !== null;
  }

  /** Everything not yet confirmed saved, oldest first (for the conflict banner). */
  unsavedChanges(): Change[] {
    const merged = new Map<string, Change>();
    for (const batch of [this.retry, this.inFlight]) for (const c of batch?.changes ?? []) merged.set(changeKey(c), c);
    for (const [k, c] of this.pending) merged.set(k, c);
    return [...merged.values()];
  }

  isStopped(): boolean {
    return this.stopped;
  }

  /** Resolves when everything queued is saved, or saving has stopped. */
  idle(): Promise<void> {
    this.flushNow();
    if (!this.hasUnsaved() || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.release();
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.send();
    }, delay);
  }

  private setStatus(status: SaveStatus): void {
    this.status = status;
    this.options.onStatus(status);
  }

  private release(): void {
    if (this.hasUnsaved() && !this.stopped && !this.disposed) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async send(): Promise<void> {
    if (this.inFlight || this.stopped || this.disposed) return;
    let batch = this.retry;
    if (!batch) {
      if (this.pending.size === 0) return;
      batch = { saveId: (this.options.newSaveId ?? randomId)(), changes: [...this.pending.values()] };
      this.pending.clear();
      this.firstQueuedAt = null;
    }
    this.retry = null;
    this.inFlight = batch;
    if (this.status.kind !== 'retrying') this.setStatus({ kind: 'saving' });
    try {
      const result = await this.options.send({ id: this.options.id, revision: this.revision, saveId: batch.saveId, changes: batch.changes });
      this.inFlight = null;
      this.revision = result.revision;
      this.attempts = 0;
      if (this.disposed) return this.release();
      this.setStatus({ kind: 'saved', at: result.savedAt });
      if (this.pending.size > 0) this.schedule(0);
      this.release();
    } catch (error) {
      this.inFlight = null;
      const code = (error as { code?: string }).code ?? 'OFFLINE';
      const message = (error as Error).message || 'Plumbline did not answer.';
      if (STOPPING.has(code)) {
        // Keep the batch (and anything newer) so the person can see and copy it.
        this.retry = batch;
        this.stopped = true;
        this.setStatus(code === 'CONFLICT' ? { kind: 'conflict', message } : { kind: 'failed', message });
        this.release();
        return;
      }
      this.retry = batch;
      this.attempts += 1;
      this.setStatus({ kind: 'retrying', attempt: this.attempts, message });
      if (this.disposed) return this.release();
      const base = this.options.retryBaseMs ?? 500;
      this.schedule(Math.min(base * 2 ** (this.attempts - 1), this.options.retryMaxMs ?? 8000));
    }
  }
}
