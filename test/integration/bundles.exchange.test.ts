import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldChanges } from '../../electron/core/bundles/checks';
import { prepared } from '../../electron/core/db/prepared';
import { applyChanges, stateHash } from '../../electron/core/sync/index';
import { newId, write } from '../../electron/core/write';
import { exportTo, importFile, makeTeam, newLaptop, type Laptop, type Team } from './bundleFixtures';

const SHARED_TABLES = ['cases', 'programmes', 'programme_cases', 'audits', 'actions'];

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The same changes a laptop holds, applied straight through the change log's merge on a fresh database, in another order. */
function throughApplyChanges(from: Laptop, seed: number): string {
  const ref = newLaptop(`ref-${from.name}`);
  try {
    const changes = [...heldChanges(from.core.ctx.db)].filter((c) => c.deviceId !== from.core.ctx.deviceId || c.personId !== null);
    // Batches of 7 in a shuffled order of batches: the merge must not depend on how changes arrive.
    const batches: (typeof changes)[] = [];
    for (let i = 0; i < changes.length; i += 7) batches.push(changes.slice(i, i + 7));
    for (const batch of shuffled(batches, seed)) applyChanges(ref.core.ctx, batch);
    return stateHash(ref.core.ctx, { tables: SHARED_TABLES });
  } finally {
    ref.close();
  }
}

const row = (l: Laptop, table: string, id: string) => prepared(l.core.ctx.db, `SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;

describe('exchange bundles between three laptops without a server', () => {
  let team: Team;
  let sam: Laptop;
  let alex: Laptop;
  let lead: Laptop;
  const caseId = newId();
  const auditId = newId();
  const actionId = newId();

  beforeAll(async () => {
    team = await makeTeam([
      { name: 'Sam', role: 'auditor' },
      { name: 'Alex', role: 'moderator' },
    ]);
    ({ lead } = team);
    sam = team.laptops.Sam;
    alex = team.laptops.Alex;
  }, 120_000);
  afterAll(() => team?.cleanup());

  it('sets every laptop up by invitation: each knows every other laptop and can send to every person', () => {
    for (const l of [lead, sam, alex]) {
      const devices = prepared(l.core.ctx.db, 'SELECT count(*) AS n FROM devices WHERE revoked_at IS NULL').get() as { n: number };
      expect(devices.n, l.name).toBe(3);
      const keys = prepared(l.core.ctx.db, 'SELECT count(*) AS n FROM users WHERE public_key IS NOT NULL').get() as { n: number };
      expect(keys.n, l.name).toBe(3);
      // Private keys: only this laptop's own person's.
      const mine = prepared(l.core.ctx.db, 'SELECT person_id FROM bundle_person_keys').all() as { person_id: string }[];
      expect(mine.map((r) => r.person_id)).toEqual([l.personId]);
    }
  });

  it('A→B, B→A and A→C→B with concurrent edits: every laptop converges, and to what the merge gives for the same changes', () => {
    // The QA lead opens a case and allocates it to Sam.
    const template = prepared(lead.core.ctx.db, "SELECT id FROM templates WHERE status = 'published' ORDER BY created_at LIMIT 1").get() as { id: string };
    const programmeId = newId();
    write(lead.ctx(), (tx) => {
      tx.insert('cases', { id: caseId, reference: 'NR-1001', team: 'North', worker: 'Pat Worker', case_type: 'cin', age_band: '5-9', created_at: tx.at, updated_at: tx.at });
      tx.insert('programmes', { id: programmeId, name: 'December CIN audits', type: 'monthly', template_id: template.id, created_at: tx.at, updated_at: tx.at });
      tx.insert('programme_cases', { programme_id: programmeId, case_id: caseId, auditor_id: sam.personId, chosen_by: 'hand', added_at: tx.at });
    });
    // Lead → Sam (A→B).
    expect(importFile(sam, exportTo(lead, sam).file).applied).toBeGreaterThanOrEqual(3);
    expect(row(sam, 'cases', caseId)?.reference).toBe('NR-1001');

    // Sam audits offline, raises an action and submits.
    write(sam.ctx(), (tx) => {
      tx.insert('audits', { id: auditId, case_id: caseId, template_id: template.id, programme_id: programmeId, auditor_id: sam.personId, status: 'draft', created_at: tx.at, updated_at: tx.at });
      tx.update('audits', { id: auditId }, { key_findings: 'The child was seen alone; the plan is not yet timed.', overall_grade: '3' });
      tx.insert('actions', { id: actionId, audit_id: auditId, case_id: caseId, title: 'Time every action in the CIN plan', owner_name: 'Pat Worker', owner_role: 'Social worker', team: 'North', due_date: '2027-01-15', priority: 'high', created_by: sam.personId, created_by_name: 'Sam', created_at: tx.at, updated_at: tx.at });
      tx.update('audits', { id: auditId }, { submitted_at: tx.at, status: 'submitted' });
    });
    // Sam → Alex (B→C): the moderator receives the submitted audit and its action, and the case via Sam.
    const toAlex = importFile(alex, exportTo(sam, alex).file);
    expect(toAlex.applied).toBeGreaterThan(0);
    expect(row(alex, 'audits', auditId)?.status).toBe('submitted');

    // Concurrent edits while apart: the moderator and the auditor move the action's due date, the QA lead changes the case's worker.
    write(alex.ctx(), (tx) => tx.update('actions', { id: actionId }, { due_date: '2027-01-31' }));
    write(sam.ctx(), (tx) => tx.update('actions', { id: actionId }, { due_date: '2027-02-07' }));
    write(lead.ctx(), (tx) => tx.update('cases', { id: caseId }, { worker: 'Robin Worker' }));

    // Every order: Alex → Sam (C→B), Sam → Alex again, Alex → Lead, Sam → Lead, Lead → Sam (A→C→B carries Alex's edit too), Lead → Alex.
    importFile(sam, exportTo(alex, sam).file);
    importFile(alex, exportTo(sam, alex).file);
    importFile(lead, exportTo(alex, lead).file);
    importFile(lead, exportTo(sam, lead).file);
    importFile(sam, exportTo(lead, sam).file);
    importFile(alex, exportTo(lead, alex).file);

    const hashes = [lead, sam, alex].map((l) => stateHash(l.core.ctx, { tables: SHARED_TABLES }));
    expect(new Set(hashes).size).toBe(1);
    for (const l of [lead, sam, alex]) {
      expect(row(l, 'cases', caseId)?.worker, l.name).toBe('Robin Worker');
      expect(row(l, 'actions', actionId)?.due_date, l.name).toBe('2027-02-07'); // Sam's edit came last
    }
    // The same changes through the change log's own merge, shuffled and batched, give the same state.
    for (const [i, l] of [lead, sam, alex].entries()) expect(throughApplyChanges(l, 17 + i), l.name).toBe(hashes[0]);
  }, 120_000);

  it('a bundle carries only what its recipient may see, and nothing twice', () => {
    // A draft on Sam's laptop is not the moderator's to see.
    const draftId = newId();
    const template = prepared(sam.core.ctx.db, "SELECT template_id FROM audits WHERE id = ?").get(auditId) as { template_id: string };
    write(sam.ctx(), (tx) =>
      tx.insert('audits', { id: draftId, case_id: caseId, template_id: template.template_id, auditor_id: sam.personId, status: 'draft', created_at: tx.at, updated_at: tx.at }),
    );
    const first = exportTo(sam, alex);
    importFile(alex, first.file);
    expect(row(alex, 'audits', draftId)).toBeUndefined();
    // Nothing new: an empty bundle.
    expect(exportTo(sam, alex).changes).toBe(0);
    // Submitted later, the draft's earlier changes go too (what became visible is sent).
    write(sam.ctx(), (tx) => tx.update('audits', { id: draftId }, { submitted_at: tx.at, status: 'submitted' }));
    const second = importFile(alex, exportTo(sam, alex).file);
    expect(second.applied).toBeGreaterThanOrEqual(2);
    expect(row(alex, 'audits', draftId)?.status).toBe('submitted');
  }, 60_000);
});
