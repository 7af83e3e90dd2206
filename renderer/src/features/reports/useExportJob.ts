import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExportProgress, StartExportInput } from '../../../../shared/api/exports';
import { call } from '../../api/client';

export interface ExportJobState {
  progress: ExportProgress | null;
  error: string | null;
  starting: boolean;
  start: (input: StartExportInput) => Promise<void>;
  cancel: () => Promise<void>;
  reset: () => void;
}

/** Starts an export and follows its progress until it is done, failed or cancelled. */
export function useExportJob(pollMs = 350): ExportJobState {
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const jobId = useRef<string | null>(null);

  useEffect(() => {
    if (!progress || progress.state !== 'running') return;
    const id = progress.jobId;
    const timer = window.setTimeout(() => {
      call('exports:progress', { jobId: id })
        .then((p) => jobId.current === id && setProgress(p))
        .catch((e: unknown) => setError((e as Error).message));
    }, pollMs);
    return () => window.clearTimeout(timer);
  }, [progress, pollMs]);

  const start = useCallback(async (input: StartExportInput) => {
    setError(null);
    setStarting(true);
    try {
      const { jobId: id } = await call('exports:start', input);
      jobId.current = id;
      setProgress(await call('exports:progress', { jobId: id }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setStarting(false);
    }
  }, []);

  const cancel = useCallback(async () => {
    const id = jobId.current;
    if (!id) return;
    try {
      setProgress(await call('exports:cancel', { jobId: id }));
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  const reset = useCallback(() => {
    jobId.current = null;
    setProgress(null);
    setError(null);
  }, []);

  return { progress, error, starting, start, cancel, reset };
}
