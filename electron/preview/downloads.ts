/**
 * Downloads of finished exports in the browser preview: GET /exports/download/<jobId>[/<file>].
 * The caller (server.ts) has already checked the Host header and the bearer token. Only a
 * file that a job of this process produced can be served: the path comes from the job, never
 * from the URL, and a part of a CSV folder must be one of the names the job listed.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { EXPORT_DOWNLOAD_PREFIX } from '../../shared/api/exports';
import { getJob } from '../core/exports/jobs';

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.plb': 'application/vnd.plumbline.bundle',
};

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isDownloadPath = (url: string): boolean => url.startsWith(EXPORT_DOWNLOAD_PREFIX);

/** The file a download URL names, or null when it names nothing this process exported. */
export function resolveDownload(url: string): string | null {
  const rest = url.slice(EXPORT_DOWNLOAD_PREFIX.length).split('?')[0];
  const [jobId, part, ...extra] = rest.split('/');
  if (!JOB_ID.test(jobId ?? '') || extra.length) return null;
  const job = getJob(jobId);
  if (!job || job.state !== 'done' || !job.file) return null;
  let file: string;
  if (job.isFolder) {
    if (part === undefined) return null;
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (!job.file.parts.includes(name)) return null;
    file = path.join(job.finalPath, name);
  } else {
    if (part !== undefined && part !== '') return null;
    file = job.finalPath;
  }
  try {
    const st = fs.lstatSync(file);
    return st.isFile() ? file : null;
  } catch {
    return null;
  }
}

/** A header-safe file name: ASCII fallback plus the UTF-8 name (RFC 6266). */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function serveDownload(url: string, req: http.IncomingMessage, res: http.ServerResponse, headers: Record<string, string>): void {
  const file = resolveDownload(url);
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no finished export at this address. Start the export again.' } }));
    return;
  }
  const size = fs.statSync(file).size;
  res.writeHead(200, {
    ...headers,
    'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(size),
    'Content-Disposition': disposition(path.basename(file)),
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  fs.createReadStream(file).pipe(res);
}
