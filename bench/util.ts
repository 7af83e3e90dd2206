import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const tempDir = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `plumbline-bench-${prefix}-`));

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
export const now = (): bigint => process.hrtime.bigint();
