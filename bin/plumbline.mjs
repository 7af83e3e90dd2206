#!/usr/bin/env node
// Plumbline's command line: runs the TypeScript sources through tsx, so it works right after `npm ci`.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`Plumbline needs Node 22 or later (this is Node ${process.versions.node}). See README.md, "Requirements".`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../electron/cli/main.ts');
await main(process.argv);
