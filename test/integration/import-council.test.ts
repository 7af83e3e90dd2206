/**
 * Case import with files shaped like a council's real extracts (test/fixtures/cases, written by
 * generate.ts): Windows-1252 / UTF-8 with a BOM / UTF-16LE with a BOM, CRLF, dd/mm/yyyy, the
 * case-management system's own headings, a date of birth instead of an age band, and the same
 * extract again a week later.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportCheck, ImportPreview, ImportResult } from '../../shared/api/caseImport';
import { defaultMapping, type CaseList } from '../../shared/api/cases';
import { prepared } from '../../electron/core/write';
import { HEADINGS, windows1252 } from '../fixtures/cases/generate';
import { callOk, makeTestCore, type TestCore } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/cases');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const b64 = (bytes: Buffer) => bytes.toString('base64');
const MAPPING = defaultMapping(HEADINGS);

let core: TestCore;
beforeEach(() => {
  core = makeTestCore({ now: '2026-11-23T10:00:00Z' });
  core.actAs('Kit Lead', 'qa-lead');
});
afterEach(() => core.cleanup());

const cases = async () => (await callOk<CaseList>(core, 'cases:list', { limit: 100 })).rows;
const byRef = async (ref: string) => (await cases()).find((c) => c.reference === ref)!;
const importBytes = (bytes: Buffer, encoding = 'auto', fileName = 'extract.csv') =>
  callOk<ImportResult>(core, 'cases:import', { bytes: b64(bytes), encoding, mapping: MAPPING, fileName });

/** Every value of every row of every table (history included), as one string to search. */
function everything(): string {
  const tables = prepared(core.ctx.db, "SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return tables.map((t) => JSON.stringify(core.ctx.db.prepare(`SELECT * FROM "${t.name}"`).all())).join('\n');
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/plumbline.mjs'), ...args], { cwd: ROOT, env: { ...process.env, PLUMBLINE_KEY: core.key } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('the fixtures are what Excel on Windows writes', () => {
  it('Windows-1252 bytes, CRLF, dd/mm/yyyy and the system headings; UTF-8 and UTF-16LE with their BOMs', () => {
    const cp = fixture('excel-windows-1252.csv');
    expect(cp.includes(Buffer.from([0x5a, 0x6f, 0xeb]))).toBe(true); // "Zoë" with ë = 0xEB
    expect(cp.includes(Buffer.from([0x4f, 0x92, 0x4e]))).toBe(true); // "O’N" with ’ = 0x92
    expect(cp.includes(Buffer.from([0x20, 0x96, 0x20]))).toBe(true); // " – " with – = 0x96
    expect(cp.toString('latin1').split('\r\n')[0]).toBe('Child ID,Team Name,Allocated Worker,Case Type,DOB,Start Date,End Date');
    expect(cp.toString('latin1')).toContain('14/03/2015');
    expect([...fixture('excel-utf8-bom.csv').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...fixture('excel-unicode-utf16le-bom.txt').subarray(0, 4)]).toEqual([0xff, 0xfe, 0x43, 0x00]);
  });
});

describe('encodings', () => {
  it('detects Windows-1252 and shows the decoded text in the preview before anything is saved', async () => {
    const historyBefore = everything().length;
    const preview = await callOk<ImportPreview>(core, 'cases:importPreview', { bytes: b64(fixture('excel-windows-1252.csv')) });
    expect(preview).toMatchObject({ encoding: 'windows-1252', encodingLabel: 'Windows-1252', detected: true, headers: HEADINGS, rowCount: 6, undecodable: 0 });
    expect(preview.rows[0]).toEqual(['LCS100234', 'Assessment – North', 'Zoë Adeyemi', 'Child in Need', '14/03/2015', '02/09/2026', '']);
    expect(preview.rows[2][2]).toBe('Siobhán O’Neill');
    expect(preview.rowNumbers).toEqual([2, 3, 4, 5, 6]);
    expect(everything().length).toBe(historyBefore);
  });

  it('imports the Windows-1252 file with every accent, curly apostrophe and en dash intact', async () => {
    const result = await importBytes(fixture('excel-windows-1252.csv'));
    expect(result).toMatchObject({ errors: [], rows: 6, imported: 6, encoding: 'windows-1252', encodingLabel: 'Windows-1252' });
    expect((await byRef('LCS100234')).worker).toBe('Zoë Adeyemi');
    expect((await byRef('LCS100236')).worker).toBe('Siobhán O’Neill');
    expect((await byRef('LCS100237')).team).toBe('Safeguarding – East, Team 2');
    expect((await byRef('LCS100238')).worker).toBe('Ana María Núñez');
    expect(everything()).not.toContain('\ufffd');
    const event = prepared(core.ctx.db, "SELECT new_value FROM history WHERE entity = 'case-import'").get() as { new_value: string };
    expect(JSON.parse(event.new_value)).toMatchObject({ encoding: 'Windows-1252', added: 6, fileName: 'extract.csv' });
  });

  it('imports UTF-8 with a BOM and UTF-16LE with a BOM (tab-separated "Unicode text") to the same cases', async () => {
    const utf8 = await importBytes(fixture('excel-utf8-bom.csv'));
    expect(utf8).toMatchObject({ errors: [], imported: 6, encodingLabel: 'UTF-8 with a byte order mark' });
    const first = await cases();
    core.cleanup();
    core = makeTestCore({ now: '2026-11-23T10:00:00Z' });
    core.actAs('Kit Lead', 'qa-lead');
    const preview = await callOk<ImportPreview>(core, 'cases:importPreview', { bytes: b64(fixture('excel-unicode-utf16le-bom.txt')) });
    expect(preview).toMatchObject({ encoding: 'utf-16le', bom: true, headers: HEADINGS });
    const utf16 = await importBytes(fixture('excel-unicode-utf16le-bom.txt'));
    expect(utf16).toMatchObject({ errors: [], imported: 6, encodingLabel: 'UTF-16 little-endian with a byte order mark' });
    const strip = (rows: CaseList['rows']) => rows.map(({ id: _id, ...rest }) => rest);
    expect(strip(await cases())).toEqual(strip(first));
    expect((await byRef('LCS100236')).worker).toBe('Siobhán O’Neill');
  });

  it('a byte that cannot be decoded is an error on its row (never U+FFFD), and nothing is imported', async () => {
    // Forcing UTF-8 on the Windows-1252 file: ë (0xEB), ’ (0x92) and – (0x96) are not UTF-8.
    const forced = await importBytes(fixture('excel-windows-1252.csv'), 'utf-8');
    expect(forced.imported).toBe(0);
    expect(forced.errors.find((e) => e.row === 2 && e.column === 'Allocated Worker')).toMatchObject({
      value: 'Zo[0xEB] Adeyemi',
      reason: expect.stringMatching(/^byte 0xEB cannot be read as UTF-8/),
    });
    expect(forced.errors.find((e) => e.row === 4 && e.column === 'Allocated Worker')?.value).toBe('Siobh[0xE1]n O[0x92]Neill');
    expect(new Set(forced.errors.map((e) => e.row))).toEqual(new Set([2, 3, 4, 5, 6]));
    // 0x81 is undefined in Windows-1252: detected as Windows-1252, that one row is refused.
    const text = 'Child ID,Team Name,Case Type,Age\r\nA-1,North,CIN,5-9\r\nA-2,North,CP,0-4\r\nA-3,Zo\u0000,CP,0-4\r\n';
    const bytes = windows1252(text.replace('\u0000', 'ë'));
    bytes[bytes.indexOf(0xeb)] = 0x81;
    const bad = await callOk<ImportResult>(core, 'cases:import', { bytes: b64(bytes), mapping: { reference: 'Child ID', team: 'Team Name', caseType: 'Case Type', ageBand: 'Age' } });
    expect(bad.encoding).toBe('windows-1252');
    expect(bad.errors).toEqual([{ row: 4, column: 'Team Name', value: 'Zo[0x81]', reason: expect.stringMatching(/^byte 0x81 cannot be read as Windows-1252/) }]);
    expect(await cases()).toEqual([]);
    expect(everything()).not.toContain('\ufffd');
  });

  it('the CLI says which encoding it used, and --encoding overrides the guess', async () => {
    const dbFile = core.ctx.dbFile;
    core.close();
    const bad = await cli(['import-cases', '--db', dbFile, '--csv', path.join(FIXTURES, 'excel-windows-1252.csv'), '--encoding', 'utf-8']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('Read excel-windows-1252.csv as UTF-8 (as --encoding says).');
    expect(bad.stderr).toContain("Row 2, column 'Allocated Worker': byte 0xEB cannot be read as UTF-8");
    const ok = await cli(['import-cases', '--db', dbFile, '--csv', path.join(FIXTURES, 'excel-windows-1252.csv')]);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('Read excel-windows-1252.csv as Windows-1252 (detected).');
    expect(ok.stdout).toContain('Imported 6 new cases; updated 0 cases; 0 cases unchanged.');
    expect(ok.code).toBe(0);
    const utf16 = await cli(['import-cases', '--db', dbFile, '--csv', path.join(FIXTURES, 'excel-unicode-utf16le-bom.txt'), '--encoding', 'utf-16']);
    expect(utf16.stdout).toContain('as UTF-16 little-endian with a byte order mark (as --encoding says)');
    expect(utf16.stdout).toContain('6 cases unchanged');
    expect(utf16.code).toBe(0);
    const wrong = await cli(['import-cases', '--db', dbFile, '--csv', path.join(FIXTURES, 'excel-utf8-bom.csv'), '--encoding', 'latin9']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('plumbline: --encoding must be utf-8, windows-1252 or utf-16 (not "latin9").\n');
  }, 240_000);
});

describe('weekly re-imports', () => {
  it('updates existing references, lists each change in the check, adds new ones, refuses nothing', async () => {
    await importBytes(fixture('excel-windows-1252.csv'));
    const before = await byRef('LCS100234');
    const check = await callOk<ImportCheck>(core, 'cases:importCheck', { bytes: b64(fixture('excel-windows-1252-week2.csv')), mapping: MAPPING });
    expect(check.errors).toEqual([]);
    expect(check).toMatchObject({ rows: 7, added: 1, updated: 2, unchanged: 4 });
    expect(check.changes).toEqual([
      {
        row: 2,
        reference: 'LCS100234',
        changes: [
          { field: 'team', from: 'Assessment – North', to: 'Safeguarding – East, Team 2' },
          { field: 'worker', from: 'Zoë Adeyemi', to: 'José Martínez' },
          { field: 'caseType', from: 'cin', to: 'cp' },
        ],
      },
      { row: 4, reference: 'LCS100236', changes: [{ field: 'closedOn', from: null, to: '2026-11-20' }] },
    ]);
    expect((await byRef('LCS100234')).team).toBe('Assessment – North'); // the check writes nothing

    core.setNow('2026-11-30T09:00:00Z'); // the Monday after
    const historyBefore = (prepared(core.ctx.db, 'SELECT count(*) AS n FROM history').get() as { n: number }).n;
    const result = await importBytes(fixture('excel-windows-1252-week2.csv'), 'auto', 'week2.csv');
    expect(result).toMatchObject({ errors: [], imported: 1, updated: 2, unchanged: 4 });
    const after = await byRef('LCS100234');
    expect(after).toMatchObject({ id: before.id, team: 'Safeguarding – East, Team 2', worker: 'José Martínez', caseType: 'cp' });
    expect((await byRef('LCS100236')).closedOn).toBe('2026-11-20');
    expect((await byRef('LCS100240')).worker).toBe('Chloë Brontë');
    expect(await cases()).toHaveLength(7);
    // Each change is an ordinary recorded change: field, old → new, by whom.
    const changes = prepared(core.ctx.db, "SELECT field, old_value, new_value, actor_name FROM history WHERE entity = 'cases' AND entity_id = ? AND op = 'update' ORDER BY seq").all(before.id);
    expect(changes).toEqual(
      expect.arrayContaining([
        { field: 'team', old_value: '"Assessment – North"', new_value: '"Safeguarding – East, Team 2"', actor_name: 'Kit Lead' },
        { field: 'worker', old_value: '"Zoë Adeyemi"', new_value: '"José Martínez"', actor_name: 'Kit Lead' },
        { field: 'case_type', old_value: '"cin"', new_value: '"cp"', actor_name: 'Kit Lead' },
      ]),
    );
    const added = (prepared(core.ctx.db, 'SELECT count(*) AS n FROM history').get() as { n: number }).n - historyBefore;
    // 1 new case + 3 fields and updated_at of LCS100234 + closed_on and updated_at of LCS100236 + the import event + the mapping (unchanged: no row).
    expect(added).toBe(1 + 4 + 2 + 1);
    // The same file a third time: nothing to change, nothing refused.
    const again = await importBytes(fixture('excel-windows-1252-week2.csv'));
    expect(again).toMatchObject({ errors: [], imported: 0, updated: 0, unchanged: 7 });
    expect((await callOk<{ ok: boolean }>(core, 'system:verify', {})).ok).toBe(true);
  });
});

describe('dates of birth', () => {
  it('works out the band on the London date of the import and never stores the date of birth', async () => {
    // 23:30 UTC on 30 June is already 1 July in London (BST): the child born 01/07/2010 is 16 today.
    core.setNow('2026-06-30T23:30:00Z');
    const result = await importBytes(fixture('excel-windows-1252.csv'));
    expect(result.errors).toEqual([]);
    expect((await byRef('LCS100236')).ageBand).toBe('16-17');
    expect((await byRef('LCS100234')).ageBand).toBe('10-15'); // 14/03/2015: 11
    expect((await byRef('LCS100235')).ageBand).toBe('5-9'); // 09/12/2019: 6
    expect((await byRef('LCS100237')).ageBand).toBe('0-4'); // 30/11/2025: 0
    expect((await byRef('LCS100238')).ageBand).toBe('18+'); // 05/05/2006: 20
    const all = everything();
    for (const row of [['14/03/2015', '2015-03-14'], ['09/12/2019', '2019-12-09'], ['01/07/2010', '2010-07-01'], ['30/11/2025', '2025-11-30'], ['05/05/2006', '2006-05-06']]) {
      for (const form of row) expect(all, form).not.toContain(form);
    }
    expect(all).not.toMatch(/"dob"|date_of_birth|dateOfBirth":"\d/i);
  });

  it('a year on, a re-import moves the age band on; a bad or future date of birth is an error on its row', async () => {
    await importBytes(fixture('excel-windows-1252.csv'));
    expect((await byRef('LCS100236')).ageBand).toBe('16-17');
    core.setNow('2028-07-02T09:00:00Z');
    const later = await importBytes(fixture('excel-windows-1252.csv'));
    expect(later.changes.find((c) => c.reference === 'LCS100236')?.changes).toEqual([{ field: 'ageBand', from: '16-17', to: '18+' }]);
    const csv = ['Child ID,Team Name,Case Type,DOB', 'B-1,North,CIN,31/02/2015', 'B-2,North,CIN,01/01/2030', 'B-3,North,CIN,', 'B-4,North,Pre-birth,01/01/2028'].join('\r\n');
    const bad = await callOk<ImportResult>(core, 'cases:importCheck', { csv, mapping: { reference: 'Child ID', team: 'Team Name', caseType: 'Case Type', dateOfBirth: 'DOB' } });
    expect(bad.errors.map((e) => [e.row, e.column, e.reason])).toEqual([
      [2, 'DOB', "'31/02/2015' is not a date (expected a date of birth like 14/03/2015)"],
      [3, 'DOB', 'date of birth is in the future (more than ten months ahead)'],
      [4, 'DOB', 'missing date of birth (needed to work out the age band)'],
    ]);
  });
});

describe('text hygiene', () => {
  const MAP = { reference: 'Child ID', team: 'Team Name', worker: 'Allocated Worker', caseType: 'Case Type', ageBand: 'Age' };
  it('refuses control characters, bidirectional overrides and line breaks in every text field, with row and column', async () => {
    const csv = [
      'Child ID,Team Name,Allocated Worker,Case Type,Age',
      'C-1,North,Ann,CIN,5-9',
      'C-2,"North\r\nEast",Ann,CIN,5-9',
      'C-3,North,"Ann\u202Enna",CIN,5-9',
      'C-4,Nor\u2066th,Ann,CIN,5-9',
      'C-5,North,An\tn,CIN,5-9',
      'C\u00076,North,Ann,CIN,5-9',
      'C-7,North,Ann\u0085,CIN,5-9',
    ].join('\r\n');
    const result = await callOk<ImportResult>(core, 'cases:import', { csv, mapping: MAP });
    expect(result.imported).toBe(0);
    expect(result.errors.map((e) => [e.row, e.column, e.reason])).toEqual([
      [3, 'Team Name', 'team name contains a line break'],
      [4, 'Allocated Worker', 'worker name contains a hidden bidirectional text control (U+202E) that can make it read differently'],
      [5, 'Team Name', 'team name contains a hidden bidirectional text control (U+2066) that can make it read differently'],
      [6, 'Allocated Worker', 'worker name contains a tab'],
      [7, 'Child ID', 'case reference contains a control character (U+0007)'],
      [8, 'Allocated Worker', 'worker name contains a line break'],
    ]);
    expect(await cases()).toEqual([]);
    // The same rules for a case entered by hand.
    const typed = await core.dispatch('cases:create', { reference: 'H-1', team: 'North\u202E', caseType: 'cin', ageBand: '5-9' });
    expect(!typed.ok && typed.error.message).toMatch(/The team name cannot contain a hidden bidirectional text control \(U\+202E\)/);
  });

  it('refuses two columns with one heading, in the preview, the check and the CLI (one line, no stack trace)', async () => {
    const bytes = Buffer.from('Child ID,Team Name,Case Type,Age,team name\r\nD-1,North,CIN,5-9,South\r\n');
    const preview = await core.dispatch('cases:importPreview', { bytes: b64(bytes) });
    const message = "Columns B and E both have the heading 'team name', so Plumbline cannot tell which one to use. Rename or remove one of them in the file, then choose it again.";
    expect(!preview.ok && preview.error.message).toBe(message);
    const check = await core.dispatch('cases:importCheck', { bytes: b64(bytes), mapping: MAP });
    expect(!check.ok && check.error.message).toBe(message);

    const dbFile = core.ctx.dbFile;
    core.close();
    const file = path.join(core.dir, 'twice.csv');
    fs.writeFileSync(file, bytes);
    const twice = await cli(['import-cases', '--db', dbFile, '--csv', file]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toBe(`plumbline: ${message}\n`);
    // Other ways to go wrong: each one line, exit 1, never a stack trace.
    const binary = path.join(core.dir, 'photo.csv');
    fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const runs = [
      await cli(['import-cases', '--db', dbFile, '--csv', binary]),
      await cli(['import-cases', '--db', dbFile, '--csv', core.dir]),
      await cli(['import-cases', '--db', path.join(core.dir, 'nowhere', 'x.db'), '--csv', file]),
      await cli(['import-cases', '--db', dbFile, '--csv', path.join(FIXTURES, 'excel-windows-1252.csv'), '--map', '{"reference":"Nope"}']),
      await cli(['import-cases', '--db', dbFile, '--csv', path.join(FIXTURES, 'excel-windows-1252.csv'), '--encoding', 'utf-16']),
    ];
    for (const r of runs) {
      expect(r.stderr, r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('plumbline:')).length, r.stderr).toBeLessThanOrEqual(1);
      expect(r.code, r.stderr).toBe(1);
    }
  }, 240_000);
});
