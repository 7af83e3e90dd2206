import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { PEOPLE_FIELDS, type PeopleField, type PeopleImportResult } from '../../../shared/api/people';
import { ROLES, type Person } from '../../../shared/api/session';
import { addPerson } from '../../core/people/service';
import { CliError, openForCli, printJson, run, unwrap } from '../common';

/** The passphrase for `people add`: PLUMBLINE_PASSPHRASE, or one line on standard input (never an argument: it would show in `ps`). */
async function readPassphrase(): Promise<string> {
  const fromEnv = process.env.PLUMBLINE_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stderr.write('Passphrase (at least 12 characters), then Enter: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!line) throw new CliError('No passphrase: set PLUMBLINE_PASSPHRASE or give it as one line on standard input.');
  return line;
}

function readMap(value: string): Partial<Record<PeopleField, string>> {
  let text = value.trim();
  if (!text.startsWith('{')) {
    try {
      text = fs.readFileSync(path.resolve(value), 'utf8');
    } catch (error) {
      throw new CliError(`--map must be JSON like {"name":"Full name","email":"Email"} or a file holding it; could not read ${value}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--map is not valid JSON (${(error as Error).message}). Example: --map '{"name":"Full name","email":"Email address"}'.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError('--map must be a JSON object from field name to column heading.');
  const mapping: Partial<Record<PeopleField, string>> = {};
  for (const [field, heading] of Object.entries(parsed)) {
    if (!(PEOPLE_FIELDS as readonly string[]).includes(field)) throw new CliError(`--map names an unknown field "${field}". Fields are: ${PEOPLE_FIELDS.join(', ')}.`);
    if (typeof heading !== 'string') throw new CliError(`--map: the column for "${field}" must be a heading (a string).`);
    mapping[field as PeopleField] = heading;
  }
  return mapping;
}

const listOf = (value: string | undefined): string[] => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : []);

export function registerPeople(program: Command): void {
  const people = program.command('people').description('the people who sign in: add, list and import them (the command line acts with the QA lead\'s rights)');
  people
    .command('add')
    .description('add a person with their own passphrase (from PLUMBLINE_PASSPHRASE or one line on standard input)')
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--email <email>', 'email address: the login')
    .requiredOption('--role <role>', ROLES.join('|'))
    .option('--teams <list>', 'teams, separated by commas')
    .option('--agency <name>', 'partner agency (for partner auditors)')
    .action((o: { db: string; name: string; email: string; role: string; teams?: string; agency?: string }) =>
      run(async () => {
        if (!(ROLES as readonly string[]).includes(o.role)) throw new CliError(`--role must be one of ${ROLES.join(', ')}, not "${o.role}".`);
        const passphrase = await readPassphrase();
        const core = openForCli(o.db);
        try {
          const { api } = await import('../../../shared/api/index');
          const parsed = api['people:add'].input.safeParse({ name: o.name, email: o.email, role: o.role, teams: listOf(o.teams), agency: o.agency ?? null, passphrase });
          if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
          const person = await addPerson(core.ctx, { ...parsed.data, passphrase }, { ownPassphrase: true });
          process.stdout.write(`Added ${person.name} (${person.email}, ${person.role}).\n`);
        } finally {
          core.close();
        }
      }),
    );
  people
    .command('list')
    .description('everyone who can be signed in as (JSON: [{id, name, email, role, teams, agency, active}])')
    .requiredOption('--db <file>', 'Plumbline database')
    .option('--json', 'print JSON')
    .action((o: { db: string; json?: boolean }) =>
      run(async () => {
        const core = openForCli(o.db);
        try {
          const list = unwrap(await core.dispatch('people:list', {})) as Person[];
          if (o.json) return printJson(list.map(({ id, name, email, role, teams, agency, active }) => ({ id, name, email, role, teams, agency, active })));
          for (const p of list) process.stdout.write(`${p.name}\t${p.email}\t${p.role}\t${p.teams.join(', ') || '—'}\t${p.agency ?? '—'}\t${p.active ? 'active' : 'deactivated'}\n`);
        } finally {
          core.close();
        }
      }),
    );
  people
    .command('import')
    .description('import people from a CSV (name, email, role, teams, agency): every row or none (exit 1 when any row is wrong)')
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--csv <file>', 'CSV file, first row: column headings')
    .option('--map <json>', `which column holds each field, as JSON (or a file), e.g. {"name":"Full name"}; default: matched by heading. Fields: ${PEOPLE_FIELDS.join(', ')}`)
    .action((o: { db: string; csv: string; map?: string }) =>
      run(async () => {
        let csv: string;
        try {
          csv = fs.readFileSync(path.resolve(o.csv), 'utf8');
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          throw new CliError(`Could not read the CSV file ${o.csv}: ${code === 'ENOENT' ? 'there is no such file' : code ?? (error as Error).message}.`);
        }
        const mapping = o.map === undefined ? {} : readMap(o.map);
        const core = openForCli(o.db);
        try {
          const result = unwrap(await core.dispatch('people:import', { csv, mapping, commit: true, fileName: path.basename(o.csv) })) as PeopleImportResult;
          if (result.errors.length === 0) {
            process.stdout.write(`Imported ${result.imported} ${result.imported === 1 ? 'person' : 'people'}. They sign in once the QA lead has set a one-time passphrase for each.\n`);
            return;
          }
          for (const e of result.errors) process.stderr.write(`Row ${e.row}, column '${e.column}': ${e.reason}\n`);
          const bad = new Set(result.errors.map((e) => e.row)).size;
          process.stderr.write(`Nothing was imported: ${bad} of ${result.rows} ${result.rows === 1 ? 'row has' : 'rows have'} errors. Correct the file and run the import again.\n`);
          process.exitCode = 1;
        } finally {
          core.close();
        }
      }),
    );
}
