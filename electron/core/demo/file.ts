import path from 'node:path';

/** The demo's own file beside the real database: `plumbline.db` → `plumbline-demo.db`. Demo data never enters the real file. */
export function demoFileFor(dbFile: string): string {
  const ext = path.extname(dbFile) || '.db';
  return path.join(path.dirname(dbFile), `${path.basename(dbFile, path.extname(dbFile))}-demo${ext}`);
}
