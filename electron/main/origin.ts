import fs from 'node:fs';
import path from 'node:path';

/** The app's own pages are served as app://plumbline/…; nothing else is ours. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'plumbline';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * True only for a URL whose parsed scheme and host are exactly ours. A prefix test would
 * accept app://plumbline.evil, app://plumbline:1@evil or app://plumblinex.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.hostname === APP_HOST && parsed.port === '' && parsed.username === '' && parsed.password === '';
}

/**
 * The file an app:// request may read, or why not: the host must be exactly ours, the path must
 * decode and stay inside the renderer folder, and the file must exist.
 */
export function resolveAppRequest(rendererDir: string, url: string): { file: string } | { status: number; reason: string } {
  const root = path.resolve(rendererDir);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400, reason: 'Bad address' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '' || parsed.username !== '') return { status: 403, reason: 'Not this app' };
  let rel: string;
  try {
    rel = decodeURIComponent(parsed.pathname).replace(/^\/+/, '');
  } catch {
    return { status: 400, reason: 'Bad address' };
  }
  const file = path.resolve(root, rel || 'index.html');
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return { status: 404, reason: 'Not found' };
  return { file };
}
