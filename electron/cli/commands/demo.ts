import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DEMO_PASSPHRASE, generateDemo } from '../../core/demo/generate';
import { CliError, openForCli, run } from '../common';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('create a realistic demo database (fictitious people and cases, reproducible from its seed)')
    .requiredOption('--db <file>', 'database file to create (must not exist)')
    .option('--seed <n>', 'random seed', '2026')
    .option('--passphrase <p>', `every demo person's passphrase (default ${DEMO_PASSPHRASE})`)
    .action((opts: { db: string; seed: string; passphrase?: string }) =>
      run(() => {
        const file = path.resolve(opts.db);
        if (fs.existsSync(file)) throw new CliError(`${file} already exists; the demo only creates a new database.`);
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed)) throw new CliError(`--seed must be a whole number, not "${opts.seed}".`);
        if (opts.passphrase !== undefined && opts.passphrase.length < 12) throw new CliError('--passphrase must have at least 12 characters.');
        const core = openForCli(file, { create: true });
        try {
          const passphrase = opts.passphrase ?? DEMO_PASSPHRASE;
          const summary = generateDemo(core.ctx, { seed, passphrase });
          const audits = Object.entries(summary.audits).map(([k, v]) => `${v} ${k}`).join(', ');
          console.log(`Demo database created at ${file}: ${summary.users} people, ${summary.cases} cases, audits: ${audits}.`);
          console.log(`Key file: ${file}.key (keep it with the database; without it the file cannot be read).`);
          console.log(`Every demo person signs in with the passphrase: ${passphrase} (e.g. kit.demo-marlowe@demo.plumbline.test, the QA lead).`);
        } finally {
          core.close();
        }
      }),
    );
}
