import fs from 'node:fs';
import path from 'node:path';
import type { StandaloneMove } from '../../../shared/sync/standaloneMove';
import { readStandaloneMove } from '../../core/teamsync/moveToServer';
import { HttpError } from '../../server/errors';
import { moveInStandalone } from '../../server/moveIn';
import { SchemaError } from '../../server/schema';
import { openTeamDatabase, TeamServerError } from '../../server/start';
import { CliError, openForCli } from '../common';

/** Our own errors become one-line CLI errors; anything else stays unexpected. */
function known(error: unknown): never {
  if (error instanceof TeamServerError || error instanceof SchemaError || error instanceof HttpError) throw new CliError(error.message);
  if (error instanceof Error && /Could not connect to PostgreSQL/.test(error.message)) throw new CliError(error.message);
  throw error;
}

/**
 * `plumbline team-server init [--pg URL | --data DIR] --from-db FILE [--admin-email E]` (decision 66):
 * the standalone database's QA lead becomes this new team server's first QA lead, the same person
 * with the same passphrase. The file is opened as every `--db` command opens it and only read.
 */
export async function initFromDb(opts: { pg?: string; data?: string; fromDb: string; adminEmail?: string; adminName?: string }): Promise<void> {
  if (opts.adminName !== undefined) throw new CliError(`--admin-name does not go with --from-db: the QA lead and their name come from ${opts.fromDb}.`);
  const file = path.resolve(opts.fromDb);
  if (!fs.existsSync(file)) throw new CliError(`--from-db: there is no database at ${file}.`);
  const core = openForCli(file);
  let move: StandaloneMove;
  try {
    move = readStandaloneMove(core.ctx, opts.fromDb, { email: opts.adminEmail });
  } finally {
    core.close();
  }
  const { sql, view } = await openTeamDatabase(opts).catch(known);
  try {
    await moveInStandalone(sql, view, move).catch(known);
  } finally {
    await sql.close();
  }
  const { name, email, id } = move.lead;
  process.stdout.write(
    `Moved QA lead ${name} <${email}> (${id}) from ${opts.fromDb} onto this team server, with the passphrase they use there. ` +
      `Start the server, then join from that laptop with: plumbline join --db ${opts.fromDb} --server URL --login ${email} (or "Join a team" in the app): its history is handed over once.\n`,
  );
}
