import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../electron/core/index';
import { cliPrincipal, withPrincipal } from '../electron/core/policy/principal';
import { generateDemo } from '../electron/core/demo/generate';
import { startExport } from '../electron/core/exports/service';
import { drainWorkers } from '../electron/core/exports/workerPool';
import { generateKey } from '../electron/core/keys';
import type { BenchResult } from './index';
import { ms, now, tempDir } from './util';

/**
 * The audit pack end to end: gather from an encrypted database, record the export, lay out and
 * write a PDF of about 300 pages in the worker, rename into place. Also pages per second and the
 * longest stall of the main event loop meanwhile (the UI must stay responsive).
 */
export async function benchPack(): Promise<BenchResult[]> {
  const dir = tempDir('pack');
  const core = createCore({ dbFile: path.join(dir, 'bench.db'), key: generateKey(), create: true });
  try {
    // About three pages per audit: 170 demo audits put some 115 in a pack (less those being moderated blind), about 300 pages.
    generateDemo(core.ctx, { seed: 2026, cases: 480, audits: 170 });
    const ctx = withPrincipal(core.ctx, cliPrincipal('bench'));
    const audit = core.ctx.db.prepare("SELECT id FROM audits WHERE status = 'agreed' LIMIT 1").get() as { id: string };

    // Warm-up (and the one-audit report figure): starts the worker the app then keeps warm.
    let t = now();
    const report = await startExport(ctx, { kind: 'report', auditId: audit.id, outPath: path.join(dir, 'report.pdf') }, { overwrite: true }).finished;
    const reportMs = ms(t);
    if (report.state !== 'done') throw new Error(`report export ${report.state}: ${report.error}`);

    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    t = now();
    const pack = await startExport(ctx, { kind: 'pack', outPath: path.join(dir, 'pack.pdf') }, { overwrite: true }).finished;
    const packMs = ms(t);
    loop.disable();
    if (pack.state !== 'done' || !pack.file) throw new Error(`pack export ${pack.state}: ${pack.error}`);
    const pages = pack.file.pages ?? 0;

    // The first export after the app starts gets a fresh worker (code not yet compiled, fonts not loaded).
    await drainWorkers();
    t = now();
    const cold = await startExport(ctx, { kind: 'pack', outPath: path.join(dir, 'pack-cold.pdf') }, { overwrite: true }).finished;
    const coldMs = ms(t);
    if (cold.state !== 'done') throw new Error(`cold pack export ${cold.state}: ${cold.error}`);

    t = now();
    const xlsx = await startExport(ctx, { kind: 'data', format: 'xlsx', outPath: path.join(dir, 'data.xlsx') }, { overwrite: true }).finished;
    const xlsxMs = ms(t);
    if (xlsx.state !== 'done') throw new Error(`data export ${xlsx.state}: ${xlsx.error}`);

    const stall = loop.max / 1e6;
    return [
      { name: `pack: audit pack PDF, ${pages} pages, end to end`, value: packMs / 1000, unit: 's', goal: '≤ 15 s', met: packMs <= 15_000 && pages >= 300 },
      { name: 'pack: same pack, cold worker (first export)', value: coldMs / 1000, unit: 's', goal: '≤ 15 s', met: coldMs <= 15_000 },
      { name: 'pack: pages per second', value: pages / (packMs / 1000), unit: 'pages/s', goal: '≥ 20', met: pages / (packMs / 1000) >= 20 },
      { name: 'pack: longest main-thread stall during the pack', value: stall, unit: 'ms', goal: '≤ 100 ms', met: stall <= 100 },
      { name: 'pack: one audit report PDF (first worker start)', value: reportMs / 1000, unit: 's' },
      { name: 'pack: data export XLSX (all tables)', value: xlsxMs / 1000, unit: 's' },
    ];
  } finally {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
