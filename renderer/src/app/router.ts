import { useSyncExternalStore } from 'react';

/** Hash routes (#/cases/123) work the same from app:// in Electron and from the preview server. */
function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : '/';
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

export const usePath = (): string => useSyncExternalStore(subscribe, currentPath);

export function navigate(path: string): void {
  window.location.hash = path;
}

/** Matches "/cases/:id" against "/cases/42" → { id: "42" }, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const [pathOnly] = path.split('?');
  const a = pathOnly.split('/').filter(Boolean);
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i += 1) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(a[i]);
    else if (p[i] !== a[i]) return null;
  }
  return params;
}

/** Query parameters of the current hash route (#/cases?team=North). */
export function queryParams(path: string): URLSearchParams {
  const index = path.indexOf('?');
  return new URLSearchParams(index >= 0 ? path.slice(index + 1) : '');
}
