import fs from 'node:fs';
import { afterAll } from 'vitest';
import { engines, type Engine } from './teamServer';

/**
 * What a team server test file with real laptops shares: both engines, and the list of temp
 * folders its laptops are made in. After the file's last test the engines stop and the folders go.
 */
export function serverTestFile(): { ENGINES: Engine[]; dirs: string[] } {
  const ENGINES = engines();
  const dirs: string[] = [];
  afterAll(async () => {
    for (const e of ENGINES) await e.stopAll();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }, 60_000);
  return { ENGINES, dirs };
}
