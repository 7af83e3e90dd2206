import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { makeCasesCsv } from '../bench/import';
import { createCore } from '../electron/core/index';
import { cliPrincipal } from '../electron/core/policy/principal';
import { generateKey } from '../electron/core/keys';
const MAPPING = { reference: 'Case ID', team: 'Team', worker: 'Allocated worker', caseType: 'Case type', ageBand: 'Age band', openedOn: 'Opened', closedOn: 'Closed' };
for (const n of (process.env.NS ?? '2000,4000').split(',').map(Number)) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imp-'));
  const core = createCore({ dbFile: path.join(dir, 'b.db'), key: generateKey(), create: true });
  const t = performance.now();
  const r = await core.dispatch(cliPrincipal('b'), 'cases:import', { csv: makeCasesCsv(n), mapping: MAPPING, fileName: 'b.csv' });
  console.log(n, r.ok, Math.round(performance.now() - t), 'ms');
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
