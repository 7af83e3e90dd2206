// `plumbline serve` right after `npm ci` (nothing built): it builds the renderer on demand with a
// progress line, then serves it — instead of stopping with "run npm run build first".
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from './cliRunner';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-serve-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('plumbline serve with nothing built', () => {
  it('builds what is missing, says so in one line, and serves the app', async () => {
    const out = path.join(dir, 'renderer');
    const child = spawn(process.execPath, [CLI, 'serve', '--db', path.join(dir, 'demo.db'), '--demo'], { cwd: ROOT, env: { ...process.env, PLUMBLINE_RENDERER_DIR: out } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const m = /Plumbline preview: (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
      });
      expect(stdout).toMatch(/^The app has not been built yet: building the browser preview now/);
      expect(stdout).toMatch(/Built in \d+ s\./);
      expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
      const page = await fetch(`${address}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">|<script type="module"/);
    } finally {
      child.kill('SIGTERM');
    }
  }, 240_000);
});
