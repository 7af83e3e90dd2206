import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditDetail } from '../../shared/api/audits';
import { prepared } from '../../electron/core/db/prepared';
import { principalForPerson } from '../../electron/core/policy/principal';
import { newId, write } from '../../electron/core/write';
import { exportTo, importFile, makeTeam, type Laptop, type Team } from './bundleFixtures';

const SECTIONS = Array.from({ length: 10 }, (_, i) => `s${i + 1}`);

async function op<T>(laptop: Laptop, name: string, input: unknown): Promise<T> {
  const reply = await laptop.core.dispatch(principalForPerson(laptop.core.ctx.db, laptop.personId), name, input);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

describe('the moderation round trip by bundle, through the app\'s own operations on three laptops', () => {
  let team: Team;
  let sam: Laptop;
  let alex: Laptop;
  let auditId = '';
  const caseId = newId();

  beforeAll(async () => {
    team = await makeTeam([
      { name: 'Sam', role: 'auditor' },
      { name: 'Alex', role: 'moderator' },
    ]);
    sam = team.laptops.Sam;
    alex = team.laptops.Alex;
    const lead = team.lead;
    const template = prepared(lead.core.ctx.db, "SELECT id FROM templates WHERE status = 'published' ORDER BY created_at LIMIT 1").get() as { id: string };
    const programmeId = newId();
    write(lead.ctx(), (tx) => {
      tx.insert('cases', { id: caseId, reference: 'NR-3001', team: 'North', worker: 'Pat Worker', case_type: 'cin', age_band: '5-9', created_at: tx.at, updated_at: tx.at });
      tx.insert('programmes', { id: programmeId, name: 'December audits', type: 'monthly', template_id: template.id, created_at: tx.at, updated_at: tx.at });
      tx.insert('programme_cases', { programme_id: programmeId, case_id: caseId, auditor_id: sam.personId, chosen_by: 'hand', added_at: tx.at });
    });
    importFile(sam, exportTo(lead, sam).file);
  }, 120_000);
  afterAll(() => team?.cleanup());

  it('Sam submits on his laptop, Alex moderates on hers, Sam sees the agreed grades', async () => {
    // Sam, offline: writes and submits the audit through the editor's operations.
    ({ id: auditId } = await op<{ id: string }>(sam, 'audits:start', { caseId }));
    const detail = await op<AuditDetail>(sam, 'audits:get', { id: auditId });
    const changes: unknown[] = [];
    for (const s of SECTIONS) {
      changes.push({ kind: 'section-grade', section: s, grade: 2 }, { kind: 'section-evidence', section: s, text: `Evidence for ${s}: visits are regular and the plan is clear.` });
    }
    changes.push(
      { kind: 'feedback-spoken', who: 'child', value: 'yes' },
      { kind: 'feedback-text', who: 'child', field: 'said', text: 'I like my worker.' },
      { kind: 'feedback-view', who: 'child', value: 'helpful' },
      { kind: 'feedback-spoken', who: 'parent', value: 'no' },
      { kind: 'feedback-text', who: 'parent', field: 'reason', text: 'Declined to take part.' },
      { kind: 'key-findings', text: 'The child is safer; the plan needs clearer timescales.' },
      { kind: 'answer', question: 'left_at_risk', answer: 'no' },
      { kind: 'overall', grade: 2 },
    );
    const saved = await op<{ revision: number }>(sam, 'audits:save', { id: auditId, revision: detail.revision, changes });
    await op(sam, 'audits:submit', { id: auditId, revision: saved.revision });

    // "Send for moderation": a bundle to Alex.
    const sent = await op<{ changes: number; fileName: string; jobId: string }>(sam, 'bundles:sendForModeration', { auditId, moderatorId: alex.personId });
    expect(sent.fileName).toMatch(/^plumbline-to-alex-\d{4}-\d{2}-\d{2}\.plb$/);
    const file = prepared(sam.core.ctx.db, 'SELECT last_file FROM bundle_sent WHERE recipient_id = ?').get(alex.personId) as { last_file: string };
    expect(file.last_file).toBe(sent.fileName);
    // Made as in the browser preview: handed over from the private preview-downloads folder.
    const bytes = (await import('node:fs')).readFileSync(`${sam.dir}/preview-downloads/${sent.fileName}`);
    const toAlex = await op<{ applied: number; conflicts: number }>(alex, 'bundles:import', { fileName: sent.fileName, base64: bytes.toString('base64') });
    expect(toAlex.applied).toBeGreaterThan(20);

    // Alex moderates openly: s10 is Requires improvement, and the overall grade with it.
    await op(alex, 'moderation:start', { auditId, mode: 'open' });
    await op(alex, 'moderation:grade', { auditId, section: 's10', grade: 3, rationale: 'No evidence yet that the plan has changed anything for the child.', reasonCode: 'over-optimistic' });
    await op(alex, 'moderation:grade', { auditId, section: 'overall', grade: 3, rationale: 'The impact section sets the overall grade.', reasonCode: 'over-optimistic' });
    await op(alex, 'moderation:agree', { auditId });
    expect((prepared(alex.core.ctx.db, 'SELECT status FROM audits WHERE id = ?').get(auditId) as { status: string }).status).toBe('agreed');

    // Back to Sam: the agreed grades.
    const back = importFile(sam, exportTo(alex, sam).file);
    expect(back.applied).toBeGreaterThan(0);
    expect((prepared(sam.core.ctx.db, 'SELECT status FROM audits WHERE id = ?').get(auditId) as { status: string }).status).toBe('agreed');
    const agreed = prepared(
      sam.core.ctx.db,
      'SELECT g.section_key, g.auditor_grade, g.agreed_grade FROM moderation_grades g JOIN moderations m ON m.id = g.moderation_id WHERE m.audit_id = ? AND g.section_key IN (?, ?) ORDER BY g.section_key',
    ).all(auditId, 'overall', 's10');
    expect(agreed).toEqual([
      { section_key: 'overall', auditor_grade: '2', agreed_grade: '3' },
      { section_key: 's10', auditor_grade: '2', agreed_grade: '3' },
    ]);
    // Both laptops hold the same audit and moderation now.
    const both = [sam, alex].map((l) => JSON.stringify(prepared(l.core.ctx.db, 'SELECT * FROM moderation_grades ORDER BY moderation_id, section_key').all()));
    expect(both[0]).toBe(both[1]);
  }, 180_000);
});
