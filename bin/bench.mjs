#!/usr/bin/env node
// npm run bench [-- --json] [-- --only NAME]: prints figures and ratios for every benchmark.
const { register } = await import('tsx/esm/api');
register();
const { runBenches } = await import('../bench/run.ts');
await runBenches(process.argv.slice(2));
