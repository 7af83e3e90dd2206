import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultMapping, type CaseList, type ImportCheck, type ImportResult } from '../../shared/api/cases';
import { parseCsv } from '../../electron/core/cases/csv';
import { ageBandFrom, caseTypeFrom, dateFrom } from '../../electron/core/cases/import';
import { prepared } from '../../electron/core/write';
import { callOk, makeTestCore, type TestCore } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
let core: TestCore;

const MAPPING = { reference: 'Case ID', team: 'Team', worker: 'Social worker', caseType: 'Case type', ageBand: 'Age band', openedOn: 'Opened', closedOn: 'Closed' };
const HEADER = 'Case ID,Team,Social worker,Case type,Age band,Opened,Closed';

const count = (table: 'cases' | 'history') => (prepared(core.ctx.db, `SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const importCsv = (csv: string, mapping: Record<string, string> = MAPPING) => callOk<ImportResult>(core, 'cases:import', { csv, mapping, fileName: 'cases.csv' });

beforeEach(() => {
  core = makeTestCore();
  core.actAs('Kit Lead', 'qa-lead');
});
afterEach(() => core.cleanup());

describe('reading CSV', () => {
  it('handles quotes, commas, doubled quotes, line breaks in values, CRLF, CR, a BOM and blank lines', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\nlast,,\r';
    expect(parseCsv(text)).toEqual([['a', 'b', 'c'], ['x, y', 'say "hi"', 'two\nlines'], [''], ['last', '', '']]);
    expect(parseCsv('a;b\n1;2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a\tb\n1\t2\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(() => parseCsv('a,b\n"open,2\n')).toThrow(/never closed/);
  });

  it('understands the labels councils export for case types and age bands, and both date formats', () => {
    const types: [string, string][] = [
      ['CIN', 'cin'], ['Child in need', 'cin'], ['CP', 'cp'], ['Child protection', 'cp'], ['CLA', 'cla'], ['Looked after', 'cla'],
      ['Child in care', 'cla'], ['Care leaver', 'care-leaver'], ['Early help', 'early-help'], ['early_help', 'early-help'],
      ['Pre-birth', 'pre-birth'], ['Unborn', 'pre-birth'], ['care-leaver', 'care-leaver'],
    ];
    for (const [text, code] of types) expect(caseTypeFrom(text), text).toBe(code);
    expect(caseTypeFrom('XYZ')).toBeNull();
    expect(ageBandFrom('0-4')).toBe('0-4');
    expect(ageBandFrom('10 to 15')).toBe('10-15');
    expect(ageBandFrom('16–17')).toBe('16-17');
    expect(ageBandFrom('18+')).toBe('18+');
    expect(ageBandFrom('Unborn')).toBe('unborn');
    expect(ageBandFrom('7')).toBe('5-9');
    expect(ageBandFrom('teen')).toBeNull();
    expect(dateFrom('23/11/2026')).toBe('2026-11-23');
    expect(dateFrom('2026-11-23')).toBe('2026-11-23');
    expect(dateFrom('23/11/2026 00:00')).toBe('2026-11-23');
    expect(dateFrom('31/02/2026')).toBeNull();
    expect(dateFrom('11/23/2026')).toBeNull();
  });

  it('guesses the mapping from headings, ignoring case and punctuation', () => {
    expect(defaultMapping(['CASE ID', 'Team Name', 'Allocated Worker', 'case_type', 'Age', 'Date opened', 'End date'])).toEqual({
      reference: 'CASE ID', team: 'Team Name', worker: 'Allocated Worker', caseType: 'case_type', ageBand: 'Age', openedOn: 'Date opened', closedOn: 'End date',
    });
  });
});

describe('importing cases', () => {
  it('imports a good file: quoted values with commas, labels, both date formats; one history row per case', async () => {
    const csv = [
      HEADER,
      'LCS-001,"Assessment, North","O\'Brien, Pat",Child in need,5-9,23/11/2025,',
      'LCS-002,Children in Care,"Lee ""KJ"" Kim",Looked after,10-15,2024-02-29,2026-01-05',
      '',
      'LCS-003,Family Support,,EH,0-4,,',
    ].join('\r\n');
    const check = await callOk<ImportCheck>(core, 'cases:importCheck', { csv, mapping: MAPPING });
    expect(check).toMatchObject({ rows: 3, errors: [], added: 3, updated: 0, unchanged: 0, changes: [] });
    const before = count('history');
    const result = await importCsv(csv);
    expect(result).toMatchObject({ rows: 3, errors: [], imported: 3 });
    // 3 cases + the import event + the remembered mapping.
    expect(count('history')).toBe(before + 5);
    const page = await callOk<CaseList>(core, 'cases:list', {});
    expect(page.rows.map((r) => [r.reference, r.team, r.worker, r.caseType, r.ageBand, r.openedOn, r.closedOn])).toEqual([
      ['LCS-001', 'Assessment, North', "O'Brien, Pat", 'cin', '5-9', '2025-11-23', null],
      ['LCS-002', 'Children in Care', 'Lee "KJ" Kim', 'cla', '10-15', '2024-02-29', '2026-01-05'],
      ['LCS-003', 'Family Support', '', 'early-help', '0-4', null, null],
    ]);
    const created = prepared(core.ctx.db, "SELECT count(*) AS n FROM history WHERE entity = 'cases' AND op = 'create' AND actor_name = 'Kit Lead'").get() as { n: number };
    expect(created.n).toBe(3);
    expect(await callOk(core, 'cases:importMapping:get', {})).toEqual(MAPPING);
  });

  it('reports every bad row with its spreadsheet row, column and reason, and imports nothing', async () => {
    await importCsv([HEADER, 'OLD-1,North,,CIN,0-4,,'].join('\n'));
    const casesBefore = count('cases');
    const historyBefore = count('history');
    const csv = [
      HEADER, //                                               row 1
      'NEW-1,North,,CIN,0-4,01/02/2026,', //                    row 2: fine
      ',North,,CP,0-4,,', //                                    row 3: missing reference
      'NEW-3,North,,XYZ,0-4,,', //                              row 4: unknown case type
      'NEW-4,North,,CP,0-4,31/02/2026,', //                     row 5: not a date
      'new-1,North,,CP,0-4,,', //                               row 6: duplicate in the file (any case)
      'old-1,North,,CP,0-4,,', //                               row 7: already in the register: an update, not an error
      'NEW-7,,,CP,elderly,2026-01-01,not yet', //               row 8: missing team, bad age band, bad closed date
      'NEW-8,North,,CP,0-4,2026-03-01,2026-02-01', //           row 9: closed before opened
      '"NEW\n9",North,,CP,0-4,,', //                          row 10: a line break in the reference
    ].join('\n');
    const result = await importCsv(csv);
    expect(result.imported).toBe(0);
    expect(result.rows).toBe(9);
    expect(result.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [3, 'Case ID', ''],
      [4, 'Case type', 'XYZ'],
      [5, 'Opened', '31/02/2026'],
      [6, 'Case ID', 'new-1'],
      [8, 'Team', ''],
      [8, 'Age band', 'elderly'],
      [8, 'Closed', 'not yet'],
      [9, 'Closed', '2026-02-01'],
      [10, 'Case ID', 'NEW\n9'],
    ]);
    const reasons = result.errors.map((e) => e.reason);
    expect(reasons[0]).toBe('missing case reference');
    expect(reasons[1]).toMatch(/^unknown case type 'XYZ' \(expected one of Early help, CIN, CP/);
    expect(reasons[2]).toMatch(/'31\/02\/2026' is not a date/);
    expect(reasons[3]).toBe('duplicate case reference: also on row 2');
    expect(reasons[4]).toBe('missing team');
    expect(reasons[7]).toMatch(/closed before it was opened/);
    expect(count('cases')).toBe(casesBefore);
    expect(count('history')).toBe(historyBefore);
    // The check reports the same without writing.
    const check = await callOk<ImportCheck>(core, 'cases:importCheck', { csv, mapping: MAPPING });
    expect(check.errors).toEqual(result.errors);
    expect(count('history')).toBe(historyBefore);
  });

  it('refuses a mapping that leaves out a needed field or names a column that is not there', async () => {
    const csv = [HEADER, 'A-1,North,,CIN,0-4,,'].join('\n');
    const missing = await core.dispatch('cases:import', { csv, mapping: { reference: 'Case ID', team: 'Team' } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!missing.ok && missing.error.message).toMatch(/case type, age band/);
    const wrong = await core.dispatch('cases:importCheck', { csv, mapping: { ...MAPPING, team: 'Squad' } });
    expect(!wrong.ok && wrong.error.message).toMatch(/The column 'Squad' chosen for Team is not in this file/);
    const empty = await core.dispatch('cases:import', { csv: '', mapping: MAPPING });
    expect(!empty.ok && empty.error.message).toMatch(/empty/);
    const headerOnly = await core.dispatch('cases:import', { csv: HEADER + '\n', mapping: MAPPING });
    expect(!headerOnly.ok && headerOnly.error.message).toMatch(/no cases in this file/);
    expect(count('cases')).toBe(0);
  });

  it('remembers a mapping set on its own, through the write path', async () => {
    expect(await callOk(core, 'cases:importMapping:get', {})).toBeNull();
    await callOk(core, 'cases:importMapping:set', { mapping: { reference: 'Ref', team: '' } });
    expect(await callOk(core, 'cases:importMapping:get', {})).toEqual({ reference: 'Ref' });
    await callOk(core, 'cases:importMapping:set', { mapping: { reference: 'Case ref' } });
    expect(await callOk(core, 'cases:importMapping:get', {})).toEqual({ reference: 'Case ref' });
    const rows = prepared(core.ctx.db, "SELECT op FROM history WHERE entity = 'settings' AND entity_id = 'cases.import_mapping' ORDER BY seq").all();
    expect(rows).toEqual([{ op: 'create' }, { op: 'update' }]);
  });

  it('imports 5,000 rows in one go', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 5000; i += 1) lines.push(`BULK-${i},Team ${i % 7},Worker ${i % 13},${['CIN', 'CP', 'CLA'][i % 3]},${['0-4', '5-9', '10-15'][i % 3]},01/0${(i % 9) + 1}/2025,`);
    const result = await importCsv(lines.join('\n'));
    expect(result.imported).toBe(5000);
    expect((await callOk<CaseList>(core, 'cases:list', { limit: 1 })).total).toBe(5000);
  });
});

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

describe('plumbline import-cases', () => {
  it('imports a good file and refuses a bad one with every error and exit code 1', async () => {
    const dbFile = core.ctx.dbFile;
    core.close();
    const good = path.join(core.dir, 'good.csv');
    const lines = ['Case reference,Team,Worker,Type,Age,Opened on'];
    for (let i = 0; i < 200; i += 1) lines.push(`CLI-${i},"Team, ${i % 4}",W ${i},${i % 2 ? 'Child protection' : 'CIN'},5-9,2${i % 8}/11/2025`);
    fs.writeFileSync(good, lines.join('\n'));
    const ok = await cli(['import-cases', '--db', dbFile, '--csv', good, '--map', '{"caseType":"Type","ageBand":"Age"}']);
    expect(ok.stderr).toBe('');
    expect(ok.stdout.trim().split('\n')).toEqual(['Read good.csv as UTF-8 (detected).', 'Imported 200 new cases; updated 0 cases; 0 cases unchanged.']);
    expect(ok.code).toBe(0);

    const bad = path.join(core.dir, 'bad.csv');
    fs.writeFileSync(bad, ['Case reference,Team,Case type,Age band', 'CLI-0,North,CIN,0-4', 'X-1,North,XYZ,0-4', 'X-2,North,CP,0-4'].join('\n'));
    const refused = await cli(['import-cases', '--db', dbFile, '--csv', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).not.toContain('CLI-0'); // already in the register: updated, not refused
    expect(refused.stderr).toContain("Row 3, column 'Case type': unknown case type 'XYZ' (expected one of");
    expect(refused.stderr).toContain('Nothing was imported');

    const noFile = await cli(['import-cases', '--db', dbFile, '--csv', path.join(core.dir, 'missing.csv')]);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/Could not read the CSV file .*missing\.csv: there is no such file/);
    const badJson = await cli(['import-cases', '--db', dbFile, '--csv', good, '--map', '{"reference":']);
    expect(badJson.code).toBe(1);
    expect(badJson.stderr).toMatch(/--map is not valid JSON/);

    const verify = await cli(['verify', '--db', dbFile]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^Sound/);
  }, 180_000);
});
