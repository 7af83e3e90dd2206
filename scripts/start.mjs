// npm start: builds the app, starts Electron, and falls back to the browser preview
// (with a message saying so) when the Electron runtime is not installed on this machine.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`Plumbline needs Node 22 (this is ${process.versions.node}). See README.md.`);
  process.exit(1);
}

console.log('Building Plumbline…');
const build = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('The build failed; see the messages above.');
  process.exit(build.status ?? 1);
}

/** The Electron runtime's path; on first use the electron package downloads it (in a child, quietly). */
function electronBinary() {
  if (process.env.PLUMBLINE_PREVIEW === '1') return null;
  console.log('Looking for the Electron runtime (the first run downloads it)…');
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  const bin = probe.status === 0 ? probe.stdout.trim() : '';
  return bin && fs.existsSync(bin) ? bin : null;
}

const bin = electronBinary();
if (bin && !process.argv.includes('--preview')) {
  const child = spawn(bin, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { defaultDbFile } = await import('../electron/core/paths.ts');
  const dbFile = process.env.PLUMBLINE_DB ?? defaultDbFile();
  if (!bin) {
    console.log('');
    console.log('The Electron runtime is not installed on this machine and could not be downloaded, so Plumbline is starting as a browser preview instead.');
    console.log('Open the address below in your browser. It works only on this computer (127.0.0.1) and only with its token.');
    console.log('');
  }
  const { startPreview } = await import('../electron/preview/start.ts');
  const port = Number(process.env.PLUMBLINE_PORT ?? 0);
  await startPreview({ dbFile, port, demo: true }).catch((error) => {
    console.error(`plumbline: ${error.message}`);
    process.exit(1);
  });
}
