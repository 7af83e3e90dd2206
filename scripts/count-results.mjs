// Sums vitest's and Playwright's JSON reports, plus the non-test gates (type check, lint, build,
// security scan) as one check each, and prints the line CI reads: "N passed, N failed".
import fs from 'node:fs';

const read = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};
let passed = 0;
let failed = 0;
const vitest = read('reports/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += (vitest.numFailedTests ?? 0) + (vitest.numRuntimeErrorTestSuites ?? 0);
}
const pw = read('reports/playwright.json');
if (pw?.stats) {
  passed += (pw.stats.expected ?? 0) + (pw.stats.flaky ?? 0);
  failed += pw.stats.unexpected ?? 0;
}
const steps = read('reports/steps.json') ?? [];
for (const s of steps) {
  if (s.name.startsWith('unit') || s.name.startsWith('end-to-end')) {
    // A test runner that crashed before writing its report still counts as a failure.
    if (!s.ok && ((s.name.startsWith('unit') && !vitest) || (s.name.startsWith('end-to-end') && !pw))) failed += 1;
    continue;
  }
  if (s.ok) passed += 1;
  else failed += 1;
}
if (steps.length === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
