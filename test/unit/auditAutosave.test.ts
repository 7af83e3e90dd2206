import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Change } from '../../shared/api/audits';
import { AutosaveQueue, type SaveRequest, type SaveStatus } from '../../renderer/src/features/audits/autosave';

interface Pending {
  request: SaveRequest;
  resolve: (v: { revision: number; savedAt: string }) => void;
  reject: (e: unknown) => void;
}

function setup(options: { textDelayMs?: number; maxWaitMs?: number } = {}) {
  const calls: Pending[] = [];
  const statuses: SaveStatus[] = [];
  let n = 0;
  const queue = new AutosaveQueue({
    id: 'a1',
    revision: 3,
    send: (request) => new Promise((resolve, reject) => calls.push({ request, resolve, reject })),
    onStatus: (s) => statuses.push(s),
    newSaveId: () => `save-${++n}`,
    ...options,
  });
  return { queue, calls, statuses };
}

const grade = (section: string, g: 1 | 2 | 3 | 4): Change => ({ kind: 'section-grade', section, grade: g });
const text = (t: string): Change => ({ kind: 'key-findings', text: t });
const err = (code: string, message = code) => Object.assign(new Error(message), { code });
const tick = async (ms: number) => {
  await vi.advanceTimersByTimeAsync(ms);
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('AutosaveQueue', () => {
  it('sends a radio change at once and text after the pause, with the revision carried', async () => {
    const { queue, calls, statuses } = setup();
    queue.enqueue(grade('s1', 2), 'now');
    await tick(0);
    expect(calls).toHaveLength(1);
    expect(calls[0].request).toMatchObject({ id: 'a1', revision: 3, changes: [grade('s1', 2)] });
    calls[0].resolve({ revision: 4, savedAt: '2026-11-23T14:02:00Z' });
    await tick(0);
    expect(statuses.at(-1)).toEqual({ kind: 'saved', at: '2026-11-23T14:02:00Z' });

    queue.enqueue(text('a'), 'text');
    await tick(399);
    expect(calls).toHaveLength(1);
    await tick(1);
    expect(calls[1].request.revision).toBe(4);
  });

  it('saves text that keeps changing within the maximum wait, keeping only the latest value', async () => {
    const { queue, calls } = setup({ textDelayMs: 400, maxWaitMs: 800 });
    for (let i = 1; i <= 10; i += 1) {
      queue.enqueue(text('x'.repeat(i)), 'text');
      await tick(100);
    }
    // Typing every 100 ms never pauses for 400 ms, but the first change waited at most 800 ms.
    expect(calls).toHaveLength(1);
    expect(calls[0].request.changes).toEqual([text('x'.repeat(8))]);
  });

  it('never has two saves in flight, and sends what queued meanwhile when the first returns', async () => {
    const { queue, calls } = setup();
    queue.enqueue(grade('s1', 2), 'now');
    await tick(0);
    queue.enqueue(grade('s2', 3), 'now');
    queue.enqueue(grade('s2', 4), 'now');
    await tick(1000);
    expect(calls).toHaveLength(1);
    calls[0].resolve({ revision: 4, savedAt: 't1' });
    await tick(0);
    expect(calls).toHaveLength(2);
    expect(calls[1].request).toMatchObject({ revision: 4, changes: [grade('s2', 4)] });
  });

  it('retries a failed save exactly as it was (same save id) with backoff, and reports it', async () => {
    const { queue, calls, statuses } = setup();
    queue.enqueue(grade('s1', 2), 'now');
    await tick(0);
    calls[0].reject(err('OFFLINE', 'Plumbline is not responding.'));
    await tick(0);
    expect(statuses.at(-1)).toMatchObject({ kind: 'retrying', attempt: 1 });
    queue.enqueue(text('typed while offline'), 'text');
    await tick(499);
    expect(calls).toHaveLength(1);
    await tick(1);
    expect(calls[1].request).toMatchObject({ saveId: 'save-1', changes: [grade('s1', 2)] });
    calls[1].reject(err('OFFLINE'));
    await tick(999);
    expect(calls).toHaveLength(2);
    await tick(1);
    expect(calls).toHaveLength(3);
    calls[2].resolve({ revision: 4, savedAt: 't' });
    await tick(0);
    expect(calls[3].request).toMatchObject({ saveId: 'save-2', revision: 4, changes: [text('typed while offline')] });
    expect(queue.hasUnsaved()).toBe(true);
    calls[3].resolve({ revision: 5, savedAt: 't2' });
    await tick(0);
    expect(queue.hasUnsaved()).toBe(false);
  });

  it('stops on a conflict and keeps every unsaved change to show', async () => {
    const { queue, calls, statuses } = setup();
    queue.enqueue(text('mine'), 'text');
    await tick(400);
    calls[0].reject(err('CONFLICT', 'This audit was changed by Aria at 14:05.'));
    await tick(0);
    expect(statuses.at(-1)).toEqual({ kind: 'conflict', message: 'This audit was changed by Aria at 14:05.' });
    queue.enqueue(grade('s3', 1), 'now');
    await tick(10_000);
    expect(calls).toHaveLength(1);
    expect(queue.isStopped()).toBe(true);
    expect(queue.unsavedChanges()).toEqual([text('mine'), grade('s3', 1)]);
    await expect(queue.idle()).resolves.toBeUndefined();
  });

  it('idle() resolves once everything queued is saved', async () => {
    const { queue, calls } = setup();
    queue.enqueue(text('abc'), 'text');
    let done = false;
    void queue.idle().then(() => (done = true));
    await tick(0);
    expect(calls).toHaveLength(1);
    expect(done).toBe(false);
    calls[0].resolve({ revision: 4, savedAt: 't' });
    await tick(0);
    expect(done).toBe(true);
  });
});
