import type { Change } from '../../shared/sync/change';
import { MemoryState } from '../../shared/sync/state';
import { num, type Queryable } from './sql';
import { VisibleIndex } from './visibleIndex';

/**
 * The server's materialised view of the change log: every replicated row, merged by the same
 * last-writer-wins rule as the laptops. It is only a cache of the log: before each request it
 * reads whatever other server processes appended since (by server sequence), so several
 * processes on one PostgreSQL see the same team.
 */
export class LogView {
  readonly state = new MemoryState();
  /** Highest server sequence applied to `state`. */
  seq = 0;
  /** Last change per device, for chain checks: [deviceSeq, hash]. */
  readonly heads = new Map<string, { seq: number; hash: string }>();
  /** Where an auditor's pull looks (visibleIndex.ts). */
  readonly visibleIndex = new VisibleIndex();

  private inflight: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  /**
   * `refresh` shared by concurrent callers (pulls): each caller waits for a read of the log that
   * started after it asked, but 80 pulls arriving together cost two reads, not 80.
   */
  refreshShared(q: Queryable): Promise<void> {
    if (!this.inflight) {
      this.inflight = this.refresh(q).finally(() => {
        this.inflight = null;
      });
      return this.inflight;
    }
    this.next ??= this.inflight
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.refreshShared(q);
      });
    return this.next;
  }

  async refresh(q: Queryable): Promise<void> {
    for (;;) {
      const rows = await q.query<{ server_seq: unknown; body: string }>(
        'SELECT server_seq, body FROM changes WHERE server_seq > $1 ORDER BY server_seq LIMIT 5000',
        [this.seq],
      );
      for (const r of rows) this.add(JSON.parse(r.body) as Change, num(r.server_seq));
      if (rows.length < 5000) return;
    }
  }

  /** Applies one stored change (in server order). */
  add(change: Change, serverSeq: number): void {
    this.state.apply(change);
    this.visibleIndex.note(change);
    const head = this.heads.get(change.deviceId);
    if (!head || change.deviceSeq > head.seq) this.heads.set(change.deviceId, { seq: change.deviceSeq, hash: change.hash });
    if (serverSeq > this.seq) this.seq = serverSeq;
  }
}
