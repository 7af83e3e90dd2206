import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseList, CaseRecord } from '../../shared/api/cases';
import { newId, prepared, write } from '../../electron/core/write';
import { callOk, makeTestCore, type TestCore } from './helpers';

let core: TestCore;
let auditorId: string;

async function callErr(name: string, input: unknown): Promise<{ code: string; message: string }> {
  const reply = await core.dispatch(name, input);
  if (reply.ok) throw new Error(`${name} was expected to fail`);
  return reply.error;
}

const list = (input: Record<string, unknown> = {}) => callOk<CaseList>(core, 'cases:list', input);
const create = (input: Record<string, unknown>) => callOk<CaseRecord>(core, 'cases:create', input);

function addAudit(caseId: string, status: string, overall: string | null, submittedAt: string | null): string {
  const id = newId();
  const templateId = (prepared(core.ctx.db, 'SELECT id FROM templates LIMIT 1').get() as { id: string }).id;
  write(core.ctx, (tx) =>
    tx.insert('audits', { id, case_id: caseId, template_id: templateId, auditor_id: auditorId, status, overall_grade: overall, created_at: tx.at, updated_at: tx.at, submitted_at: submittedAt }),
  );
  return id;
}

const historyCount = () => (prepared(core.ctx.db, 'SELECT count(*) AS n FROM history').get() as { n: number }).n;

beforeEach(async () => {
  core = makeTestCore();
  auditorId = core.actAs('Alex Auditor', 'auditor');
  // The register is the QA lead's: cases are created and changed by QA leads (visibility work).
  core.actAs('Quinn Lead', 'qa-lead');
  const teams = ['Assessment North', 'Assessment South', 'Children in Care'];
  const types = ['cin', 'cp', 'cla'] as const;
  for (let i = 0; i < 30; i += 1) {
    await create({
      reference: `REF-${String(1000 + i)}`,
      team: teams[i % 3],
      worker: i % 2 ? 'Sam Okoro' : 'Jo Bright',
      caseType: types[i % 3],
      ageBand: i % 3 === 2 ? '10-15' : '0-4',
      openedOn: '2026-01-10',
    });
  }
});
afterEach(() => core.cleanup());

describe('the case register', () => {
  it('lists a page with the total and every team, sorted by reference', async () => {
    const page = await list({ limit: 10 });
    expect(page.total).toBe(30);
    expect(page.rows).toHaveLength(10);
    expect(page.rows[0].reference).toBe('REF-1000');
    expect(page.rows[9].reference).toBe('REF-1009');
    expect(page.teams).toEqual(['Assessment North', 'Assessment South', 'Children in Care']);
    const next = await list({ limit: 10, offset: 25 });
    expect(next.rows.map((r) => r.reference)).toEqual(['REF-1025', 'REF-1026', 'REF-1027', 'REF-1028', 'REF-1029']);
    const desc = await list({ sort: 'reference', dir: 'desc', limit: 2 });
    expect(desc.rows.map((r) => r.reference)).toEqual(['REF-1029', 'REF-1028']);
  });

  it('searches on the start of a reference (any case) or part of the worker name', async () => {
    expect((await list({ search: 'ref-101' })).total).toBe(10);
    expect((await list({ search: 'REF-1012' })).rows.map((r) => r.reference)).toEqual(['REF-1012']);
    expect((await list({ search: '1012' })).total).toBe(0); // references match from the start only
    expect((await list({ search: 'okoro' })).total).toBe(15);
    expect((await list({ search: '%' })).total).toBe(0); // LIKE wildcards are literal
  });

  it('filters by team, case type, age band and audited', async () => {
    expect((await list({ team: 'Assessment South' })).total).toBe(10);
    expect((await list({ caseType: 'cla' })).total).toBe(10);
    expect((await list({ ageBand: '10-15', caseType: 'cla' })).total).toBe(10);
    expect((await list({ ageBand: '10-15', caseType: 'cin' })).total).toBe(0);
    const [a, b] = (await list({ limit: 2 })).rows;
    addAudit(a.id, 'submitted', '3', '2026-10-01T10:00:00Z');
    addAudit(a.id, 'agreed', '2', '2026-11-01T10:00:00Z');
    addAudit(b.id, 'draft', null, null);
    const audited = await list({ audited: 'yes' });
    expect(audited.rows.map((r) => r.reference)).toEqual([a.reference]);
    expect(audited.rows[0]).toMatchObject({ auditCount: 2, lastAuditedAt: '2026-11-01', latestOverall: 2 }); // a London date, as the sampler uses
    expect((await list({ audited: 'no' })).total).toBe(29);
    const draftOnly = (await list({ search: b.reference })).rows[0];
    expect(draftOnly).toMatchObject({ auditCount: 1, lastAuditedAt: null, latestOverall: null });
    // Sorting by last audited: never audited first when ascending, most recent first when descending.
    expect((await list({ sort: 'lastAudited', dir: 'desc', limit: 1 })).rows[0].reference).toBe(a.reference);
    expect((await list({ sort: 'lastAudited', dir: 'asc', limit: 30 })).rows[29].reference).toBe(a.reference);
  });

  it('sorts by every column, with the reference breaking ties', async () => {
    const byTeam = await list({ sort: 'team', dir: 'desc', limit: 30 });
    expect(byTeam.rows[0].team).toBe('Children in Care');
    expect(byTeam.rows[29].team).toBe('Assessment North');
    const byWorker = await list({ sort: 'worker', limit: 30 });
    expect(byWorker.rows[0].worker).toBe('Jo Bright');
    expect(byWorker.rows[0].reference).toBe('REF-1000');
    const byType = await list({ sort: 'caseType', limit: 30 });
    expect(byType.rows[0].caseType).toBe('cla'); // "Child in care" sorts before "Child in need"
    const byAge = await list({ sort: 'ageBand', dir: 'desc', limit: 1 });
    expect(byAge.rows[0].ageBand).toBe('10-15');
  });

  it('refuses a page larger than 500 rows', async () => {
    expect((await callErr('cases:list', { limit: 501 })).code).toBe('INVALID_INPUT');
  });
});

describe('adding and editing a case', () => {
  it('creates a case with its history row and shows it with its audits', async () => {
    const before = historyCount();
    const created = await create({ reference: ' NEW-1 ', team: 'Assessment North', caseType: 'cp', ageBand: '5-9', openedOn: '2026-03-01' });
    expect(created).toMatchObject({ reference: 'NEW-1', worker: '', caseType: 'cp', ageBand: '5-9', openedOn: '2026-03-01', closedOn: null });
    expect(historyCount()).toBe(before + 1);
    const row = prepared(core.ctx.db, "SELECT actor_name, op FROM history WHERE entity = 'cases' AND entity_id = ?").get(created.id);
    expect(row).toEqual({ actor_name: 'Quinn Lead', op: 'create' });
    addAudit(created.id, 'submitted', '4', '2026-11-20T09:00:00Z');
    const detail = await callOk<CaseDetail>(core, 'cases:get', { id: created.id });
    expect(detail.case.reference).toBe('NEW-1');
    expect(detail.audits).toHaveLength(1);
    expect(detail.audits[0]).toMatchObject({ status: 'submitted', auditorName: 'Alex Auditor', overall: 4, submittedAt: '2026-11-20T09:00:00Z' });
    expect(detail.audits[0].templateName).toMatch(/ILACS/);
  });

  it('refuses a duplicate reference, whatever its case, naming it', async () => {
    const error = await callErr('cases:create', { reference: 'ref-1003', team: 'X', caseType: 'cin', ageBand: '0-4' });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('REF-1003');
  });

  it('validates fields: missing reference, unknown type, bad date, closed before opened', async () => {
    const error = await callErr('cases:create', { reference: '  ', team: '', caseType: 'xyz', ageBand: '0-4', openedOn: '2026-02-30' });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('Enter the case reference');
    expect(error.message).toContain('Enter the team');
    expect(error.message).toContain('Choose a case type');
    expect(error.message).toContain('Enter a real date');
    const order = await callErr('cases:create', { reference: 'Z-1', team: 'T', caseType: 'cin', ageBand: '0-4', openedOn: '2026-02-10', closedOn: '2026-02-01' });
    expect(order.message).toContain('closing date cannot be before');
  });

  it('updates only what changed, one history row per field, and keeps references unique', async () => {
    const { rows } = await list({ search: 'REF-1001' });
    const id = rows[0].id;
    const fields = { reference: 'REF-1001', team: 'Assessment South', worker: 'Sam Okoro', caseType: 'cp', ageBand: '0-4', openedOn: '2026-01-10', closedOn: null };
    const before = historyCount();
    const same = await callOk<CaseRecord>(core, 'cases:update', { id, fields });
    expect(same.team).toBe('Assessment South');
    expect(historyCount()).toBe(before); // nothing changed, nothing recorded
    core.setNow('2026-11-24T09:30:00Z');
    const changed = await callOk<CaseRecord>(core, 'cases:update', { id, fields: { ...fields, worker: 'Kim Lee', closedOn: '2026-11-01' } });
    expect(changed).toMatchObject({ worker: 'Kim Lee', closedOn: '2026-11-01', updatedAt: '2026-11-24T09:30:00.000Z' });
    const fieldsChanged = prepared(core.ctx.db, "SELECT field FROM history WHERE entity = 'cases' AND entity_id = ? AND op = 'update' ORDER BY seq").all(id) as { field: string }[];
    expect(fieldsChanged.map((f) => f.field).sort()).toEqual(['closed_on', 'updated_at', 'worker']);
    // Changing only the letter case of its own reference is allowed; taking another's is not.
    await callOk(core, 'cases:update', { id, fields: { ...fields, reference: 'ref-1001' } });
    const clash = await callErr('cases:update', { id, fields: { ...fields, reference: 'REF-1002' } });
    expect(clash.code).toBe('VALIDATION');
    expect(clash.message).toContain('REF-1002');
    expect((await callErr('cases:update', { id: 'nope', fields })).code).toBe('NOT_FOUND');
    expect((await callErr('cases:get', { id: 'nope' })).code).toBe('NOT_FOUND');
  });

  it('lists the teams', async () => {
    expect(await callOk(core, 'cases:teams', {})).toEqual(['Assessment North', 'Assessment South', 'Children in Care']);
  });
});
