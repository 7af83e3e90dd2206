import type { BenchResult } from './index';

export function benchSpine(): BenchResult[] {
  return [];
}
