import { PEOPLE_FIELDS, type PeopleField, type PeopleImportResult, type PersonDraft } from '../../../shared/api/people';
import type { ImportRowError } from '../../../shared/api/cases';
import { emailSchema, personNameSchema, ROLES, type Role } from '../../../shared/api/session';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { CsvError, isBlankRecord, parseCsv } from '../cases/csv';
import { write } from '../write';
import { personByEmail } from './queries';
import { insertPerson } from './service';

const REQUIRED: PeopleField[] = ['name', 'email', 'role'];
const ROLE_WORDS: Record<string, Role> = { auditor: 'auditor', moderator: 'moderator', 'qa-lead': 'qa-lead', 'qa lead': 'qa-lead', qalead: 'qa-lead' };

/** The column for each field when the mapping does not say: a heading with the field's name. */
export function defaultPeopleMapping(headers: string[]): Partial<Record<PeopleField, string>> {
  const mapping: Partial<Record<PeopleField, string>> = {};
  for (const field of PEOPLE_FIELDS) {
    const found = headers.find((h) => h.trim().toLowerCase() === field || (field === 'teams' && h.trim().toLowerCase() === 'team'));
    if (found) mapping[field] = found;
  }
  return mapping;
}

/**
 * Checks every row of a people CSV (heading row first) and, with `commit`, adds them all in one
 * transaction, or none when any row is wrong. Imported people have no passphrase yet: the QA lead
 * sets a one-time passphrase for each (they cannot sign in before).
 */
export function importPeople(ctx: CoreContext, input: { csv: string; mapping: Partial<Record<PeopleField, string>>; commit: boolean; fileName?: string }): PeopleImportResult {
  let records: string[][];
  try {
    records = parseCsv(input.csv);
  } catch (error) {
    if (error instanceof CsvError) throw new AppError('VALIDATION', `The file is not a readable CSV: ${error.message}`);
    throw error;
  }
  if (records.length === 0 || isBlankRecord(records[0])) throw new AppError('VALIDATION', 'The file is empty: the first row should be the column headings (name, email, role, teams, agency).');
  const headers = records[0].map((h) => h.trim());
  const mapping = { ...defaultPeopleMapping(headers), ...input.mapping };
  const columnOf: Partial<Record<PeopleField, number>> = {};
  for (const field of PEOPLE_FIELDS) {
    const heading = mapping[field];
    if (!heading) continue;
    const index = headers.findIndex((h) => h.toLowerCase() === heading.trim().toLowerCase());
    if (index < 0) throw new AppError('VALIDATION', `There is no column '${heading}' for ${field}. The file's columns are: ${headers.map((h) => `'${h}'`).join(', ')}.`);
    columnOf[field] = index;
  }
  const missing = REQUIRED.filter((f) => columnOf[f] === undefined);
  if (missing.length) {
    throw new AppError('VALIDATION', `Say which column holds ${missing.join(', ')}. The file's columns are: ${headers.map((h) => `'${h}'`).join(', ')}.`);
  }

  const errors: ImportRowError[] = [];
  const people: PersonDraft[] = [];
  const seen = new Map<string, number>();
  let rows = 0;
  records.slice(1).forEach((record, i) => {
    if (isBlankRecord(record)) return;
    rows += 1;
    const row = i + 2;
    const cell = (f: PeopleField) => (columnOf[f] === undefined ? '' : (record[columnOf[f]!] ?? '').trim());
    const fail = (f: PeopleField, reason: string) => errors.push({ row, column: mapping[f] ?? f, value: cell(f), reason });
    const before = errors.length;
    const name = personNameSchema.safeParse(cell('name'));
    if (!name.success) fail('name', name.error.issues[0].message);
    const email = emailSchema.safeParse(cell('email'));
    if (!email.success) fail('email', email.error.issues[0].message);
    else if (seen.has(email.data)) fail('email', `The same email is on row ${seen.get(email.data)}; each person needs their own.`);
    else {
      const existing = personByEmail(ctx.db, email.data);
      if (existing) fail('email', `${existing.name} already signs in with this email.`);
      seen.set(email.data, row);
    }
    const role = ROLE_WORDS[cell('role').toLowerCase()];
    if (!role) fail('role', `Write one of ${ROLES.join(', ')}.`);
    const teams = cell('teams').split(/[;,|]/).map((t) => t.trim()).filter(Boolean);
    if (teams.some((t) => t.length > 80)) fail('teams', 'A team name is longer than 80 characters.');
    const agency = cell('agency');
    if (agency.length > 120) fail('agency', 'The agency name is longer than 120 characters.');
    if (errors.length === before) people.push({ row, name: name.data!, email: email.data!, role: role!, teams, agency: agency || null });
  });
  if (rows === 0) throw new AppError('VALIDATION', 'The file has headings but no people under them.');

  let imported = 0;
  if (input.commit && errors.length === 0) {
    write(ctx, (tx) => {
      for (const p of people) insertPerson(tx, p);
      tx.event({ entity: 'people-import', entityId: input.fileName ?? 'people.csv' }, 'import', { people: people.length, file: input.fileName ?? null });
    });
    imported = people.length;
  }
  return { rows, errors, people, imported, committed: imported > 0 };
}
