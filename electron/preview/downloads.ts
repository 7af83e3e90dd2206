/**
 * Downloads of finished exports in the browser preview: GET /exports/download/<jobId>[/<file>].
 * The caller (server.ts) has already checked the Host header, the bearer token and that the
 * tab is signed in. Only a file that a job of this process produced, for the person asking,
 * can be served: the path comes from the job, never from the URL, and a part of a CSV folder
 * must be one of the names the job listed. A file handed over this way is deleted once it has
 * been sent in full (a CSV folder once its last part has been), so no copy lingers on disk.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { EXPORT_DOWNLOAD_PREFIX } from '../../shared/api/exports';
import { getOwnJob, type Job } from '../core/exports/jobs';

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.plb': 'application/vnd.plumbline.bundle',
};

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isDownloadPath = (url: string): boolean => url.startsWith(EXPORT_DOWNLOAD_PREFIX);

interface Resolved {
  job: Job;
  file: string;
  /** The name the job knows this file by ('' for a single-file export). */
  part: string;
}

/** The file a download URL names for this caller, or null when it names nothing this process exported for them. */
export function resolveDownload(url: string, callerId: string | null): string | null {
  return resolve(url, callerId)?.file ?? null;
}

function resolve(url: string, callerId: string | null): Resolved | null {
  const rest = url.slice(EXPORT_DOWNLOAD_PREFIX.length).split('?')[0];
  const [jobId, part, ...extra] = rest.split('/');
  if (!JOB_ID.test(jobId ?? '') || extra.length) return null;
  const job = getOwnJob(jobId, callerId);
  if (!job || job.state !== 'done' || !job.file) return null;
  let file: string;
  let key: string;
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
    key = name;
  } else {
    if (part !== undefined && part !== '') return null;
    file = job.finalPath;
    key = '';
  }
  try {
    const st = fs.lstatSync(file);
    return st.isFile() ? { job, file, part: key } : null;
  } catch {
    return null;
  }
}

/** After a complete download from the preview: delete the file (and a CSV folder once every part is gone). */
function handedOver(r: Resolved): void {
  if (!r.job.handOver) return;
  r.job.downloaded.add(r.part);
  try {
    fs.rmSync(r.file, { force: true });
    if (r.job.isFolder && r.job.file && r.job.file.parts.every((p) => r.job.downloaded.has(p))) fs.rmSync(r.job.finalPath, { recursive: true, force: true });
  } catch {
    /* the 24-hour sweep removes what could not be deleted now */
  }
}

/** A header-safe file name: ASCII fallback plus the UTF-8 name (RFC 6266). */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function serveDownload(url: string, callerId: string, req: http.IncomingMessage, res: http.ServerResponse, headers: Record<string, string>): void {
  const found = resolve(url, callerId);
  if (!found) {
    res.writeHead(404, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(
      JSON.stringify({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'There is no export of yours to download at this address: a downloaded export is deleted from this computer, and any other after 24 hours. Start the export again.' },
      }),
    );
    return;
  }
  const { file } = found;
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
  // Deleted once every byte has been handed to the connection: 'finish', or a close after the last
  // byte was written (a client that hangs up as soon as it has Content-Length bytes closes first).
  // A download cut short keeps the file for another try (or the 24-hour sweep).
  const stream = fs.createReadStream(file);
  let sent = 0;
  stream.on('data', (chunk) => (sent += chunk.length));
  res.once('close', () => {
    if (res.writableFinished || sent === size) handedOver(found);
  });
  stream.pipe(res);
}
