import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardCell } from '../../electron/core/exports/dataFiles';
import { newId, write } from '../../electron/core/write';
import type { TestCore } from './helpers';
import { exportNow, makeExportCore, outDir } from './exportHelpers';

const TEAM = 'North, "East" team';
const WORKER = '=HYPERLINK("http://example.invalid","click")';
const FINDINGS = 'Line one, with a comma\nLine "two" with quotes';
const CHILD_SAID = 'He said, "I like my worker"\nbut not the new school';
const FEEDBACK = { child: { spokenTo: 'yes', reason: '', said: CHILD_SAID, view: 'helpful' }, parent: { spokenTo: 'no', reason: 'Declined, through her solicitor', said: '', view: 'not-given' } };

describe('data export (CSV and XLSX)', () => {
  let core: TestCore;
  let auditId: string;
  beforeAll(() => {
    core = makeExportCore({ cases: 20, audits: 10 });
    const auditorId = core.actAs('Ava Tricky-Data', 'auditor');
    core.actAs('Quinn Export-Lead', 'qa-lead');
    const template = core.ctx.db.prepare('SELECT id FROM templates LIMIT 1').get() as { id: string };
    const caseId = newId();
    auditId = newId();
    write(core.ctx, (tx) => {
      tx.insert('cases', { id: caseId, reference: 'FX-0001', team: TEAM, worker: WORKER, case_type: 'cp', age_band: '5-9', opened_on: '2026-03-04', closed_on: null, created_at: tx.at, updated_at: tx.at });
      tx.insert('audits', {
        id: auditId, case_id: caseId, template_id: template.id, auditor_id: auditorId, status: 'submitted', revision: 1, overall_grade: '3', key_findings: FINDINGS,
        strengths: JSON.stringify(['+SUM(A1:A9)']), areas: JSON.stringify(['@risk of drift']), feedback: JSON.stringify(FEEDBACK), created_at: '2026-10-01T08:30:00.000Z', updated_at: tx.at, submitted_at: '2026-10-02T13:05:00.000Z',
      });
      tx.insert('audit_sections', { audit_id: auditId, section_key: 's1', grade: '3', evidence: '-1 visit: the child was not seen' }, { entity: 'audit', entityId: auditId });
      tx.insert('audit_answers', { audit_id: auditId, question_key: 's1.thresholds_applied', answer: 'partly' }, { entity: 'audit', entityId: auditId });
      tx.insert('audit_answers', { audit_id: auditId, question_key: 's4.child_seen', answer: 'no' }, { entity: 'audit', entityId: auditId });
      tx.insert('audit_answers', { audit_id: auditId, question_key: 'left_at_risk', answer: 'no' }, { entity: 'audit', entityId: auditId });
    });
  });
  afterAll(() => core.cleanup());

  it('guards cells that a spreadsheet would run as a formula', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(guardCell(bad)).toBe(`'${bad}`);
    for (const fine of ['1', 'Good', ' =1', 'a=b']) expect(guardCell(fine)).toBe(fine);
  });

  it('writes one workbook with a sheet each: readable headers, real dates, grades with labels, formulas neutralised', async () => {
    const file = path.join(outDir(core, 'xlsx'), 'data.xlsx');
    const result = await exportNow(core, { kind: 'data', format: 'xlsx', outPath: file });
    expect(result.state, result.error ?? '').toBe('done');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Cases', 'Audits', 'Grades', 'Answers', 'Feedback', 'Actions', 'Service findings', 'Moderation']);
    const headers = (name: string) => (book.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);
    expect(headers('Cases')).toEqual(['Case reference', 'Team', 'Allocated worker', 'Case type', 'Age band', 'Opened', 'Closed', 'Audits']);
    expect(headers('Grades')).toEqual(expect.arrayContaining(['Case reference', 'Section', 'Auditor grade', 'Auditor grade label', 'Moderator grade', 'Agreed grade', 'Agreed grade label', 'Reason code']));
    expect(headers('Actions')).toEqual(expect.arrayContaining(['Action', 'Owner', 'Due date', 'Status']));

    const cases = book.getWorksheet('Cases')!;
    let row: ExcelJS.Row | undefined;
    cases.eachRow((r) => {
      if (r.getCell(1).value === 'FX-0001') row = r;
    });
    expect(row).toBeDefined();
    expect(row!.getCell(2).value).toBe(TEAM);
    const worker = row!.getCell(3);
    expect(worker.value).toBe(`'${WORKER}`);
    expect(worker.type).toBe(ExcelJS.ValueType.String);
    expect(worker.formula).toBeUndefined();
    expect(row!.getCell(6).value).toBeInstanceOf(Date);
    expect((row!.getCell(6).value as Date).toISOString()).toBe('2026-03-04T00:00:00.000Z');
    expect(row!.getCell(6).numFmt).toBe('dd mmm yyyy');
    // Any date column of any sheet holds dates, never text.
    const actions = book.getWorksheet('Actions')!;
    const due = headers('Actions').indexOf('Due date') + 1;
    expect(actions.rowCount).toBeGreaterThan(1);
    actions.eachRow((r, n) => n > 1 && expect(r.getCell(due).value).toBeInstanceOf(Date));

    const audits = book.getWorksheet('Audits')!;
    const ah = headers('Audits');
    let arow: ExcelJS.Row | undefined;
    audits.eachRow((r) => r.getCell(1).value === auditId && (arow = r));
    expect(arow!.getCell(ah.indexOf('Submitted') + 1).value).toEqual(new Date(Date.UTC(2026, 9, 2, 14, 5))); // 13:05 UTC is 14:05 in London (BST)
    expect(arow!.getCell(ah.indexOf('Overall grade (auditor)') + 1).value).toBe(3);
    expect(arow!.getCell(ah.indexOf('Overall grade label (auditor)') + 1).value).toBe('3 Requires improvement to be good');
    expect(arow!.getCell(ah.indexOf('Strengths') + 1).value).toBe("'+SUM(A1:A9)");
    expect(arow!.getCell(ah.indexOf('Areas for improvement') + 1).value).toBe("'@risk of drift");
    expect(arow!.getCell(ah.indexOf('Key findings') + 1).value).toBe(FINDINGS);

    // The question answers and the child and family feedback, read back from the workbook.
    const rowsOf = (name: string) => {
      const h = headers(name) as string[];
      const out: Record<string, unknown>[] = [];
      book.getWorksheet(name)!.eachRow((r, i) => i > 1 && out.push(Object.fromEntries(h.map((k, j) => [k, r.getCell(j + 1).value]))));
      return out.filter((r) => r['Audit ID'] === auditId);
    };
    expect(rowsOf('Answers').map((r) => [r['Section number'], r['Question key'], r.Question, r.Answer])).toEqual([
      [1, 's1.thresholds_applied', 'Thresholds applied correctly at contact and referral', 'Partly'],
      [4, 's4.child_seen', 'Child seen (alone when appropriate)', 'No'],
      [null, 'left_at_risk', 'Child left at significant risk without intervention', 'No'],
    ]);
    expect(rowsOf('Feedback').map((r) => [r.Who, r['Spoken to'], r['Why not spoken to'], r['What they said'], r['Their view of the help']])).toEqual([
      ['Child or young person', 'Yes', null, CHILD_SAID, 'Helpful'],
      ['Parent or carer', 'No', 'Declined, through her solicitor', null, 'Not given'],
    ]);
  });

  it('writes a folder of CSV files that a CSV parser reads back exactly (commas, quotes, new lines, formula-looking cells)', async () => {
    const dir = path.join(outDir(core, 'csv'), 'data');
    const result = await exportNow(core, { kind: 'data', format: 'csv', outPath: dir });
    expect(result.state, result.error ?? '').toBe('done');
    expect(fs.readdirSync(dir).sort()).toEqual(['README.txt', 'actions.csv', 'answers.csv', 'audits.csv', 'cases.csv', 'feedback.csv', 'grades.csv', 'moderation.csv', 'service-findings.csv']);
    const read = (name: string) => parse(fs.readFileSync(path.join(dir, name)), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const cases = read('cases.csv');
    const fx = cases.find((c) => c['Case reference'] === 'FX-0001')!;
    expect(fx.Team).toBe(TEAM);
    expect(fx['Allocated worker']).toBe(`'${WORKER}`);
    expect(fx.Opened).toBe('2026-03-04');
    expect(fx['Case type']).toBe('Child protection');
    const audit = read('audits.csv').find((a) => a['Audit ID'] === auditId)!;
    expect(audit['Key findings']).toBe(FINDINGS);
    expect(audit.Strengths).toBe("'+SUM(A1:A9)");
    expect(audit.Submitted).toBe('2026-10-02 14:05');
    expect(audit['Overall grade label (auditor)']).toBe('3 Requires improvement to be good');
    const grades = read('grades.csv').filter((g) => g['Audit ID'] === auditId);
    const s1 = grades.find((g) => g.Section === 'Front door, referral and thresholds')!;
    expect(s1['Auditor grade']).toBe('3');
    expect(s1.Evidence).toBe("'-1 visit: the child was not seen");
    expect(grades.find((g) => g.Section === 'Overall grade')!['Auditor grade label']).toBe('3 Requires improvement to be good');
    expect(Object.keys(read('moderation.csv')[0] ?? { 'Moderator grade': 1 })).toContain('Moderator grade');
    const answers = read('answers.csv').filter((r) => r['Audit ID'] === auditId);
    expect(answers.map((r) => [r['Section number'], r.Section, r['Question key'], r['Answer code'], r.Answer])).toEqual([
      ['1', 'Front door, referral and thresholds', 's1.thresholds_applied', 'partly', 'Partly'],
      ['4', "The child's voice and lived experience", 's4.child_seen', 'no', 'No'],
      ['', 'Whole audit', 'left_at_risk', 'no', 'No'],
    ]);
    const feedback = read('feedback.csv').filter((r) => r['Audit ID'] === auditId);
    expect(feedback).toEqual([
      { 'Audit ID': auditId, 'Case reference': 'FX-0001', Team: TEAM, Who: 'Child or young person', 'Spoken to': 'Yes', 'Why not spoken to': '', 'What they said': CHILD_SAID, 'Their view of the help': 'Helpful' },
      { 'Audit ID': auditId, 'Case reference': 'FX-0001', Team: TEAM, Who: 'Parent or carer', 'Spoken to': 'No', 'Why not spoken to': 'Declined, through her solicitor', 'What they said': '', 'Their view of the help': 'Not given' },
    ]);
    // Every audit with answers in the database has them in the export (not only the one above).
    const answered = core.ctx.db.prepare('SELECT count(DISTINCT audit_id) AS n FROM audit_answers').get() as { n: number };
    expect(new Set(read('answers.csv').map((r) => r['Audit ID'])).size).toBeGreaterThan(Math.min(1, answered.n - 1));
    expect(fs.readFileSync(path.join(dir, 'README.txt'), 'utf8')).toContain('OFFICIAL-SENSITIVE');
    // An audit being moderated blind keeps the auditor's side hidden: not in any sheet yet.
    const blind = core.ctx.db.prepare("SELECT audit_id FROM moderations WHERE mode = 'blind' AND status = 'grading'").all() as { audit_id: string }[];
    for (const { audit_id } of blind) {
      expect(read('audits.csv').some((a) => a['Audit ID'] === audit_id)).toBe(false);
      expect(read('grades.csv').some((g) => g['Audit ID'] === audit_id)).toBe(false);
      expect(read('answers.csv').some((g) => g['Audit ID'] === audit_id)).toBe(false);
      expect(read('feedback.csv').some((g) => g['Audit ID'] === audit_id)).toBe(false);
    }
  });

  it('records each data export in the history', () => {
    const rows = core.ctx.db.prepare("SELECT op, new_value FROM history WHERE op = 'export.data' ORDER BY seq").all() as { op: string; new_value: string }[];
    expect(rows.map((r) => JSON.parse(r.new_value).format)).toEqual(['xlsx', 'csv']);
  });
});
