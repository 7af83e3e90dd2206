import path from 'node:path';
import type { Command } from 'commander';
import { startPreview } from '../../preview/start';
import { CliError, run } from '../common';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the app in a browser (the browser preview), on 127.0.0.1 only')
    .requiredOption('--db <file>', 'Plumbline database (created with a demo when --demo is given and it does not exist)')
    .option('--port <n>', 'port to listen on (default: a free one)')
    .option('--demo', 'create a demo database first when the file does not exist')
    .action((opts: { db: string; port?: string; demo?: boolean }) =>
      run(async () => {
        const port = opts.port === undefined ? 0 : Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a whole number from 0 to 65535, not "${opts.port}".`);
        await startPreview({ dbFile: path.resolve(opts.db), port, demo: opts.demo ?? false });
      }),
    );
}
