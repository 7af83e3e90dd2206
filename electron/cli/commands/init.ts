import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, openForCli, run } from '../common';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a new, empty encrypted database (and its key file, unless PLUMBLINE_KEY is set)')
    .requiredOption('--db <file>', 'database file to create (must not exist)')
    .action((opts: { db: string }) =>
      run(() => {
        const file = path.resolve(opts.db);
        if (fs.existsSync(file)) throw new CliError(`${file} already exists.`);
        openForCli(file, { create: true }).close();
        console.log(`Empty database created at ${file}.`);
      }),
    );
}
