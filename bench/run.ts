import { BENCHES, type BenchResult } from './index';

export async function runBenches(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? args[onlyIndex + 1] : null;
  const results: BenchResult[] = [];
  for (const bench of BENCHES) {
    if (only && bench.name !== only) continue;
    if (!json) process.stdout.write(`\n== ${bench.name} ==\n`);
    const out = await bench.run();
    for (const r of out) {
      results.push(r);
      if (!json) {
        const ratio = r.ratio ? `  (${r.ratio.value.toFixed(2)}× ${r.ratio.against}${r.ratio.goal ? `, goal ${r.ratio.goal}` : ''})` : '';
        const verdict = r.met === undefined ? '' : r.met ? '  ✓' : '  ✗ over goal';
        process.stdout.write(`${r.name.padEnd(58)} ${formatValue(r.value).padStart(12)} ${r.unit.padEnd(8)}${r.goal ? ` goal ${r.goal}` : ''}${ratio}${verdict}\n`);
      }
    }
  }
  if (json) process.stdout.write(JSON.stringify({ results }, null, 2) + '\n');
}

function formatValue(value: number): string {
  if (value >= 1000) return Math.round(value).toLocaleString('en-GB');
  return value.toFixed(value < 10 ? 2 : 1);
}
