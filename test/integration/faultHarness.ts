// The fault harness's tools: the CLI (and a small autosave script) bundled once with esbuild so a
// child starts in a fraction of a second, rounds that kill -9 a child at a random moment, and
// checks that a file opens, verifies and holds the state before or after — never a mixture.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { ROOT } from './cliRunner';

export interface Bundle {
  dir: string;
  cli: string;
  script: string;
}

/** Bundles the CLI, the export worker and the fault script into a temp folder (node_modules stay external). */
export function bundle(): Bundle {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-fault-bin-'));
  const entry = path.join(dir, 'entry.ts');
  fs.writeFileSync(entry, `import { main } from ${JSON.stringify(path.join(ROOT, 'electron/cli/main.ts'))};\nawait main(process.argv);\n`);
  const common = { bundle: true, platform: 'node' as const, format: 'esm' as const, packages: 'external' as const, target: 'node22', logLevel: 'error' as const, absWorkingDir: ROOT, nodePaths: [path.join(ROOT, 'node_modules')] };
  buildSync({ ...common, entryPoints: [entry], outfile: path.join(dir, 'cli.mjs') });
  buildSync({ ...common, entryPoints: [path.join(ROOT, 'electron/core/exports/worker.ts')], outfile: path.join(dir, 'export-worker.js') });
  buildSync({ ...common, entryPoints: [path.join(ROOT, 'test/integration/faultScript.ts')], outfile: path.join(dir, 'script.mjs') });
  // node_modules are resolved from the bundle's folder upwards: link the project's.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, cli: path.join(dir, 'cli.mjs'), script: path.join(dir, 'script.mjs') };
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node file args`; with killAfterMs, sends SIGKILL then (unless it finished first). */
export function runNode(file: string, args: string[], options: { killAfterMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [file, ...args], { cwd: ROOT, env: { ...process.env, PLUMBLINE_DEBUG: '', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = options.killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** A fresh copy of a closed database (and its key file) in its own folder. */
export function copyDatabase(from: string, toDir: string): string {
  fs.mkdirSync(toDir, { recursive: true });
  const to = path.join(toDir, path.basename(from));
  fs.copyFileSync(from, to);
  if (fs.existsSync(`${from}.key`)) fs.copyFileSync(`${from}.key`, `${to}.key`);
  return to;
}

/** A deterministic pseudo-random sequence for the kill moments (so a failing round can be replayed). */
export function moments(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Headers and rows of a valid case CSV with `n` new references starting at `from`. */
export function casesCsv(n: number, from = 0, prefix = 'FLT'): string {
  const rows = ['Case reference,Team,Worker,Case type,Age band'];
  const types = ['cin', 'cp', 'cla', 'early-help'];
  const bands = ['0-4', '5-9', '10-15', '16-17'];
  for (let i = from; i < from + n; i += 1) rows.push(`${prefix}${String(i).padStart(6, '0')},Team ${i % 4},Worker ${i % 17},${types[i % 4]},${bands[i % 4]}`);
  return rows.join('\n') + '\n';
}
