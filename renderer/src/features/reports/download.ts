import { EXPORT_DOWNLOAD_PREFIX } from '../../../../shared/api/exports';

/**
 * Downloads a finished export in the browser preview: fetched with the preview's bearer token
 * (the same one every contract call carries, kept in this tab's sessionStorage by api/client.ts),
 * then saved through a short-lived Blob URL. The server only serves files the job produced.
 */
export async function downloadExport(jobId: string, name: string, part?: string): Promise<void> {
  const token = sessionStorage.getItem('plumbline.token') ?? '';
  const url = `${EXPORT_DOWNLOAD_PREFIX}${encodeURIComponent(jobId)}${part ? `/${encodeURIComponent(part)}` : ''}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
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
