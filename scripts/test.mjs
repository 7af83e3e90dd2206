// npm test: every check, in order — type check, lint, unit and integration tests, build,
// Electron security scan, end-to-end tests in Chromium. Each step runs even if an earlier one
// failed (so the report is complete); the exit code is non-zero if any failed.
// Results: reports/steps.json, reports/vitest.json, reports/playwright.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const steps = [
  { name: 'typecheck', cmd: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint', cmd: bin('eslint'), args: ['.'] },
  { name: 'unit and integration tests', cmd: bin('vitest'), args: ['run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json'] },
  { name: 'build (electron-vite)', cmd: bin('electron-vite'), args: ['build'] },
  { name: 'electron security scan', cmd: process.execPath, args: ['scripts/electronegativity.mjs'] },
  { name: 'end-to-end tests (Chromium)', cmd: bin('playwright'), args: ['test'] },
];
const only = process.argv.slice(2);
fs.mkdirSync(path.join(root, 'reports'), { recursive: true });
for (const f of ['vitest.json', 'playwright.json']) fs.rmSync(path.join(root, 'reports', f), { force: true });
const results = [];
for (const step of steps) {
  if (only.length && !only.some((o) => step.name.startsWith(o))) continue;
  console.log(`\n▶ ${step.name}`);
  const started = Date.now();
  const run = spawnSync(step.cmd, step.args, { cwd: root, stdio: 'inherit', env: process.env });
  const ok = run.status === 0;
  results.push({ name: step.name, ok, seconds: Math.round((Date.now() - started) / 100) / 10 });
  console.log(`${ok ? '✔' : '✘'} ${step.name} (${results.at(-1).seconds} s)`);
}
fs.writeFileSync(path.join(root, 'reports', 'steps.json'), JSON.stringify(results, null, 2));
console.log('\nSummary:');
for (const r of results) console.log(`  ${r.ok ? '✔' : '✘'} ${r.name}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
