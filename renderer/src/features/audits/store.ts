import { create } from 'zustand';
import type { AuditDetail, Change, SubmitCheckResult } from '../../../../shared/api/audits';
import { ApiError, call } from '../../api/client';
import { AutosaveQueue, type SaveStatus } from './autosave';
import { applyChange, valuesOf, type EditorValues } from './changes';

/** One queue per audit for the life of the window, so leaving and reopening the editor never runs two. */
const queues = new Map<string, AutosaveQueue>();

export interface EditorStore {
  auditId: string | null;
  audit: AuditDetail | null;
  values: EditorValues | null;
  loadError: ApiError | null;
  status: SaveStatus;
  /** What was not saved when saving stopped (conflict or refusal), to show and copy. */
  unsaved: Change[];
  load(id: string): Promise<void>;
  edit(change: Change, mode: 'now' | 'text'): void;
  /** Waits until everything queued is saved (or saving stopped). */
  settle(): Promise<void>;
  checkSubmit(): Promise<SubmitCheckResult>;
  submit(justification: string): Promise<void>;
}

export const queueFor = (id: string | null): AutosaveQueue | undefined => (id ? queues.get(id) : undefined);

/**
 * Opening the app straight on an audit (a reload, a link from another window): start fetching it
 * now, while the shell is still asking who is working, instead of one request after the other.
 */
let prefetched: { id: string; reply: Promise<AuditDetail> } | null = null;
const opening = /^#\/audits\/([^?/]+)/.exec(window.location.hash);
if (opening) {
  const id = decodeURIComponent(opening[1]);
  const reply = call('audits:get', { id });
  reply.catch(() => undefined);
  prefetched = { id, reply };
}
function fetchAudit(id: string): Promise<AuditDetail> {
  const early = prefetched?.id === id ? prefetched.reply : null;
  prefetched = null;
  return early ?? call('audits:get', { id });
}

function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError('INTERNAL', (e as Error)?.message ?? String(e));
}

export const useEditor = create<EditorStore>((set, get) => {
  const makeQueue = (audit: AuditDetail): AutosaveQueue => {
    const queue = new AutosaveQueue({
      id: audit.id,
      revision: audit.revision,
      send: (request) => call('audits:save', request),
      onStatus: (status) => {
        if (get().auditId !== audit.id) return;
        const stopped = status.kind === 'conflict' || status.kind === 'failed';
        set({ status, unsaved: stopped ? queue.unsavedChanges() : [] });
      },
    });
    queues.set(audit.id, queue);
    return queue;
  };

  return {
    auditId: null,
    audit: null,
    values: null,
    loadError: null,
    status: { kind: 'idle' },
    unsaved: [],

    async load(id) {
      set({ auditId: id, audit: null, values: null, loadError: null, status: { kind: 'idle' }, unsaved: [] });
      const previous = queues.get(id);
      // Changes still on their way from an earlier visit land first, so the copy loaded is the latest.
      if (previous && !previous.isStopped()) await previous.idle();
      try {
        const audit = previous ? await call('audits:get', { id }) : await fetchAudit(id);
        if (get().auditId !== id) return;
        previous?.dispose();
        makeQueue(audit);
        set({ audit, values: valuesOf(audit), status: { kind: 'idle' } });
      } catch (e) {
        if (get().auditId === id) set({ loadError: toApiError(e) });
      }
    },

    edit(change, mode) {
      const { audit, values, auditId } = get();
      const queue = queueFor(auditId);
      if (!audit || !values || !audit.canEdit || !queue) return;
      set({ values: applyChange(values, change) });
      queue.enqueue(change, mode);
      if (queue.isStopped()) set({ unsaved: queue.unsavedChanges() });
    },

    async settle() {
      await queueFor(get().auditId)?.idle();
    },

    async checkSubmit() {
      const id = get().auditId;
      if (!id) throw new ApiError('NOT_FOUND', 'No audit is open.');
      await get().settle();
      return call('audits:checkSubmit', { id });
    },

    async submit(justification) {
      const id = get().auditId;
      const queue = queueFor(id);
      if (!id || !queue) throw new ApiError('NOT_FOUND', 'No audit is open.');
      await queue.idle();
      if (queue.isStopped()) throw new ApiError('CONFLICT', 'Your latest changes are not saved, so the audit cannot be submitted. Reload it first.');
      const result = await call('audits:submit', { id, revision: queue.revision, justification: justification.trim() || undefined });
      queue.revision = result.revision;
      const audit = await call('audits:get', { id });
      if (get().auditId === id) set({ audit, values: valuesOf(audit) });
    },
  };
});
