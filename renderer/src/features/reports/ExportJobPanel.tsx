import { useState } from 'react';
import type { ExportProgress } from '../../../../shared/api/exports';
import { ErrorBanner, ProgressBar } from '../../components/ui';
import { downloadExport } from './download';
import { call } from '../../api/client';
import { share } from '../../format';

const size = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** Progress with Cancel while an export runs; then the file (download in the preview, its place on disk in the app). */
export function ExportJobPanel({ progress, error, preview, onCancel, onDismiss }: {
  progress: ExportProgress | null;
  error: string | null;
  preview: boolean;
  onCancel: () => void;
  onDismiss: () => void;
}) {
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // The preview deletes a file once it is downloaded: each can be downloaded once.
  const [downloaded, setDownloaded] = useState<ReadonlySet<string>>(new Set());
  if (!progress) return <ErrorBanner error={error} />;
  const pct = share(progress.done, progress.total);
  const save = async (part?: string) => {
    if (!progress.file) return;
    setBusy(part ?? progress.file.name);
    try {
      await downloadExport(progress.jobId, progress.file.name, part);
      setDownloaded((was) => new Set([...was, part ?? '']));
      setDownloadError(null);
    } catch (e) {
      setDownloadError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="export-job" aria-live="polite">
      {progress.state === 'running' ? (
        <>
          <div className="export-job-line">
            <span>{progress.message}…</span>
            <span className="muted">{pct}%</span>
          </div>
          <ProgressBar value={pct} label="Export progress" />
          <button type="button" className="btn btn-danger btn-small export-cancel" onClick={onCancel}>
            Cancel
          </button>
        </>
      ) : null}
      {progress.state === 'done' && progress.file ? (
        <div className="banner banner-ok export-done" role="status">
          <div>
            <strong>Ready: {progress.file.name}</strong>
            <span className="muted">
              {' '}
              {progress.file.pages ? `${progress.file.pages} pages, ` : ''}
              {size(progress.file.bytes)}
            </span>
            {!preview ? (
              <div className="export-path">
                Saved in <code>{progress.file.path}</code>{' '}
                <button type="button" className="btn btn-small" onClick={() => void call('exports:reveal', { jobId: progress.jobId }).catch(() => undefined)}>
                  Show in folder
                </button>
              </div>
            ) : null}
            {progress.headHash ? (
              <div className="export-hash">
                History head hash printed in it: <code>{progress.headHash}</code>
              </div>
            ) : null}
          </div>
          {preview ? (
            <div className="export-downloads">
              {progress.file.parts.length ? (
                progress.file.parts.map((part) => (
                  <button key={part} type="button" className="btn btn-small" disabled={busy !== null || downloaded.has(part)} onClick={() => void save(part)}>
                    {downloaded.has(part) ? `Downloaded ${part}` : `Download ${part}`}
                  </button>
                ))
              ) : (
                <button type="button" className="btn btn-primary" disabled={busy !== null || downloaded.has('')} onClick={() => void save()}>
                  {busy ? 'Downloading…' : downloaded.has('') ? 'Downloaded' : 'Download'}
                </button>
              )}
              {downloaded.size ? <p className="muted">Downloaded files are deleted from the computer running Plumbline.</p> : null}
            </div>
          ) : null}
        </div>
      ) : null}
      {progress.state === 'cancelled' ? (
        <div className="banner banner-info" role="status">
          Export cancelled: nothing was saved.{' '}
          <button type="button" className="btn-link" onClick={onDismiss}>Start again</button>
        </div>
      ) : null}
      {progress.state === 'failed' ? <ErrorBanner error={`The export failed: ${progress.error ?? 'unknown error'}. Nothing was saved.`} /> : null}
      <ErrorBanner error={error ?? downloadError} />
    </div>
  );
}
