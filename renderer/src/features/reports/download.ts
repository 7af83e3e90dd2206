import { EXPORT_DOWNLOAD_PREFIX } from '../../../../shared/api/exports';
import { previewHeaders } from '../../api/client';

/**
 * Downloads a finished export in the browser preview: fetched with the preview's bearer token
 * and this tab's signed-in session (the same ones every contract call carries, see api/client.ts),
 * then saved through a short-lived Blob URL. The server only serves files the job produced.
 */
export async function downloadExport(jobId: string, name: string, part?: string): Promise<void> {
  const url = `${EXPORT_DOWNLOAD_PREFIX}${encodeURIComponent(jobId)}${part ? `/${encodeURIComponent(part)}` : ''}`;
  const response = await fetch(url, { headers: await previewHeaders(), cache: 'no-store' });
  if (!response.ok) {
    let message = `The download failed (HTTP ${response.status}).`;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      message = body.error?.message ?? message;
    } catch {
      /* not JSON */
    }
    throw new Error(message);
  }
  const blobUrl = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = blobUrl;
  a.download = part ?? name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(blobUrl), 30_000);
}
