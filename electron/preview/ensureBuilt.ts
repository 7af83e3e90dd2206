import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The browser preview needs the built renderer. Right after `npm ci` there is none, so it is
 * built here, on demand, with the renderer settings from electron.vite.config.mts (one line of
 * progress; Vite's own output only on failure).
 */
export async function ensureRendererBuilt(outDir: string, say: (line: string) => void): Promise<void> {
  if (fs.existsSync(path.join(outDir, 'index.html'))) return;
  say('The app has not been built yet: building the browser preview now (once, about a minute)…');
  const started = Date.now();
  const { build, loadConfigFromFile } = await import('vite');
  try {
    // Vite's own loader bundles the config (it provides __dirname, which the config uses).
    const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, path.join(root, 'electron.vite.config.mts'), root, 'error');
    const renderer = (loaded?.config as unknown as { renderer: Record<string, unknown> & { build?: Record<string, unknown> } }).renderer;
    await build({ ...renderer, configFile: false, logLevel: 'error', build: { ...renderer.build, outDir, emptyOutDir: true } });
  } catch (error) {
    throw new Error(`Building the browser preview failed: ${(error as Error).message.split('\n')[0]}. Run "npm run build" to see why.`);
  }
  say(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
}
