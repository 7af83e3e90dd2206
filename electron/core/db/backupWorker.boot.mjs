// Runs the backup worker from the TypeScript sources (CLI, preview, tests): the built app
// bundles it as out/main/backup-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./backupWorker.ts');
