// Runs Electronegativity over the Electron sources and fails on any finding of MEDIUM severity or worse.
// (Its CLI always exits 0, so the result is read here.)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');

const BLOCKING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);
// Checks that do not apply, each with the reason it is safe to skip.
const NOT_APPLICABLE = {
  // Electron ≥ 20 sandboxes renderers by default and our window sets sandbox: true; this check
  // flags every BrowserWindow whose options it cannot evaluate.
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-eng-'));
for (const src of ['electron/main', 'electron/preload', 'renderer/index.html', 'package.json']) {
  fs.cpSync(src, path.join(dir, src), { recursive: true });
}
const result = await run({ input: dir, severitySet: 'informational', confidenceSet: 'tentative', isRelative: true, parserPlugins: ['typescript'] });
const list = result?.issues ?? [];
const errors = result?.errors ?? [];
for (const e of errors) console.log(`Could not analyse ${e.file}: ${e.message ?? e.error ?? 'parse error'}`);
const blocking = list.filter((f) => BLOCKING.has(String(f.severity?.name ?? f.severity).toUpperCase()) && !NOT_APPLICABLE[f.id]);
for (const f of list) {
  const sev = String(f.severity?.name ?? f.severity);
  console.log(`${sev.padEnd(13)} ${String(f.confidence?.name ?? f.confidence).padEnd(10)} ${f.id} ${f.file}:${f.location?.line ?? ''} ${f.description ?? ''}`);
}
fs.rmSync(dir, { recursive: true, force: true });
console.log(`Electronegativity: ${list.length} findings, ${blocking.length} of MEDIUM severity or worse.`);
// A file it could not parse would be a silent gap: treat it as a failure too.
if (blocking.length > 0 || errors.length > 0) process.exit(1);
