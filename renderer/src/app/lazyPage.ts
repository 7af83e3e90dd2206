import { lazy, type ComponentType } from 'react';

export type PageProps = { params: Record<string, string>; path: string };

/**
 * A page loaded on first visit, so the dashboard and the audit editor (where auditors spend
 * their day) start without parsing the charts and the other features' code.
 */
export function lazyPage<M>(load: () => Promise<M>, pick: (m: M) => ComponentType<PageProps>): ComponentType<PageProps> {
  return lazy(async () => ({ default: pick(await load()) }));
}
