import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTE_ACCESS } from '../../electron/server/http';

/** The routes the team server's handler answers, read from its own switch. */
function routesInHandler(): string[] {
  const source = readFileSync(path.join(__dirname, '../../electron/server/http.ts'), 'utf8');
  return [...source.matchAll(/case '((?:GET|POST|PUT|DELETE) \/v1\/[^']*)'/g)].map((m) => m[1]);
}

describe('team server route access', () => {
  it('declares who may call every route the handler answers, and nothing it does not answer', () => {
    const routes = routesInHandler();
    expect(routes.length).toBeGreaterThanOrEqual(6);
    expect(routes.filter((r) => !(r in ROUTE_ACCESS))).toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('lets anyone reach only health and sign-in; device management is for QA leads', () => {
    expect(Object.entries(ROUTE_ACCESS).filter(([, a]) => a === 'anyone').map(([r]) => r).sort()).toEqual(['GET /v1/health', 'POST /v1/sign-in']);
    expect(ROUTE_ACCESS['GET /v1/devices']).toEqual(['qa-lead']);
    expect(ROUTE_ACCESS['POST /v1/devices/revoke']).toEqual(['qa-lead']);
  });
});
