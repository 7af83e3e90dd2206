import type { Command } from 'commander';
import { HttpError } from '../../server/errors';
import { createFirstQaLead } from '../../server/init';
import { SchemaError } from '../../server/schema';
import { openTeamDatabase, startTeamServer, TeamServerError } from '../../server/start';
import { CliError, run } from '../common';
import { readPassphrase } from '../passphrase';
import { initFromDb } from './team-server-move';

interface ServeOpts { pg?: string; data: string; host: string; port: string; tlsCert?: string; tlsKey?: string }
interface InitOpts { pg?: string; data: string; adminEmail?: string; adminName?: string; fromDb?: string }

const MIN_PASSPHRASE = 12;

/** Our own errors become one-line CLI errors; anything else stays unexpected. */
function known(error: unknown): never {
  if (error instanceof TeamServerError || error instanceof SchemaError || error instanceof HttpError) throw new CliError(error.message);
  if (error instanceof Error && /Could not connect to PostgreSQL/.test(error.message)) throw new CliError(error.message);
  throw error;
}

export function registerTeamServer(program: Command): void {
  const cmd = program
    .command('team-server')
    .description('run a team server that laptops sync with (PGlite in --data, or PostgreSQL with --pg)')
    .option('--pg <url>', 'PostgreSQL connection URL (postgres://user@host:5432/db); without it, PGlite in --data')
    .option('--data <dir>', 'folder for the PGlite database when no --pg is given', './plumbline-team')
    .option('--host <host>', 'address to listen on (plain HTTP only on 127.0.0.1, ::1 or localhost)', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0 for a free one)', '7410')
    .option('--tls-cert <file>', 'TLS certificate (PEM): required to listen on anything but this computer')
    .option('--tls-key <file>', 'TLS private key (PEM)')
    .action((opts: ServeOpts) =>
      run(async () => {
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a whole number from 0 to 65535, not "${opts.port}".`);
        const server = await startTeamServer({ pg: opts.pg, data: opts.data, host: opts.host, port, tlsCert: opts.tlsCert, tlsKey: opts.tlsKey }).catch(known);
        process.stdout.write(`Plumbline team server: ${server.url}\n`);
        process.stdout.write(`Data: ${server.sql.engine === 'pglite' ? `PGlite in ${server.sql.where}` : `PostgreSQL at ${server.sql.where}`}. Stop with Ctrl+C.\n`);
        await new Promise<void>((resolve) => {
          const stop = () => void server.close().finally(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      }),
    );
  cmd
    .command('init')
    .description('create the team\'s first QA lead (passphrase from PLUMBLINE_PASSPHRASE or standard input), or move a standalone database\'s QA lead onto this new team server (--from-db)')
    .option('--pg <url>', 'PostgreSQL connection URL')
    .option('--data <dir>', 'folder for the PGlite database when no --pg is given (default ./plumbline-team)')
    .option('--admin-email <email>', 'the QA lead\'s email address: their login (with --from-db: which of its QA leads, when it has several)')
    .option('--admin-name <name>', 'the QA lead\'s full name (not with --from-db: the name comes from the file)')
    .option('--from-db <file>', 'a standalone Plumbline database (key from PLUMBLINE_KEY or its key file): its QA lead becomes this server\'s first, same person and passphrase; their laptop then joins and hands over its history')
    .action((own: InitOpts) =>
      run(async () => {
        // --pg and --data may also land on the parent command (commander parses them there first).
        const parent = cmd.opts<ServeOpts>();
        const opts = { ...own, pg: own.pg ?? parent.pg, data: own.data ?? parent.data };
        if (opts.fromDb !== undefined) return initFromDb({ ...opts, fromDb: opts.fromDb });
        if (opts.adminEmail === undefined) throw new CliError("required option '--admin-email <email>' not specified (or give --from-db FILE to move a standalone database).");
        if (opts.adminName === undefined) throw new CliError("required option '--admin-name <name>' not specified.");
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(opts.adminEmail)) throw new CliError(`--admin-email "${opts.adminEmail}" is not an email address.`);
        if (opts.adminName.trim().length < 2) throw new CliError('--admin-name: give the QA lead\'s full name.');
        const passphrase = await readPassphrase(`Passphrase for ${opts.adminEmail}`);
        if (passphrase.length < MIN_PASSPHRASE) throw new CliError(`The passphrase must be at least ${MIN_PASSPHRASE} characters.`);
        const { sql, view } = await openTeamDatabase(opts).catch(known);
        try {
          const { id } = await createFirstQaLead(sql, view, { email: opts.adminEmail.trim(), name: opts.adminName.trim(), passphrase }).catch(known);
          process.stdout.write(`Created QA lead ${opts.adminName.trim()} <${opts.adminEmail.trim()}> (${id}). Join from a laptop with: plumbline join --db FILE --server URL --login ${opts.adminEmail.trim()}\n`);
        } finally {
          await sql.close();
        }
      }),
    );
}
