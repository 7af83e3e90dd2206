import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportProgress, StartExportInput } from '../../shared/api/exports';
import { generateDemo } from '../../electron/core/demo/generate';
import { startExport } from '../../electron/core/exports/service';
import { makeTestCore, type TestCore } from './helpers';

/**
 * A test database with a small demo's content (audits, moderation, actions, programmes) and a QA
 * lead at work. With `demo: false` (the default) the demo mark is taken off, so that the exports
 * read as from a real register; `demo: true` keeps it (every exported page says DEMO — NOT REAL DATA).
 */
export function makeExportCore(options: { cases?: number; audits?: number; demo?: boolean } = {}): TestCore {
  const core = makeTestCore();
  generateDemo(core.ctx, { seed: 7, cases: options.cases ?? 40, audits: options.audits ?? 24 });
  if (!options.demo) core.baseCtx.db.prepare("DELETE FROM meta WHERE key = 'demo'").run();
  core.actAs('Quinn Export-Lead', 'qa-lead');
  return core;
}

/** Runs an export to completion (in its worker) and returns the final progress. */
export async function exportNow(core: TestCore, input: StartExportInput, overwrite = true): Promise<ExportProgress> {
  return startExport(core.ctx, input, { overwrite }).finished;
}

export function pdfPageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
}

/** The text of each page (pdftotext -layout), index 0 = page 1. */
export function pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const pages = text.split('\f');
  if (pages[pages.length - 1].trim() === '') pages.pop();
  return pages;
}

export const nonEmptyLines = (page: string): string[] => page.split('\n').map((l) => l.trim()).filter(Boolean);

/** Files left in a folder, including hidden temporary ones. */
export const filesIn = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

export const outDir = (core: TestCore, name: string): string => {
  const dir = path.join(core.dir, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};
