// Runs the export worker from the TypeScript sources (CLI, preview, tests): the built app
// bundles the worker as out/main/export-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
