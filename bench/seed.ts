import { BUILTIN_TEMPLATE } from '../shared/domain/builtinTemplate';
import { createRng } from '../shared/domain/random';
import type { CoreContext } from '../electron/core/context';
import { newId, prepared, write } from '../electron/core/write';

const TEAMS = ['Assessment North', 'Assessment South', 'Children in Care', 'Family Support East'];
const TYPES = ['early-help', 'cin', 'cp', 'cla', 'care-leaver', 'pre-birth'];
const BANDS = ['0-4', '5-9', '10-15', '16-17'];

/** A large, realistic register through the real write path (every row with its history). */
export function seedLargeRegister(ctx: CoreContext, size: { cases: number; audits: number }): { caseIds: string[]; auditIds: string[]; userId: string } {
  const rng = createRng(7);
  const template = prepared(ctx.db, 'SELECT id FROM templates WHERE key = ?').get(BUILTIN_TEMPLATE.key) as { id: string };
  const userId = newId();
  const caseIds: string[] = [];
  const auditIds: string[] = [];
  write(ctx, (tx) => {
    tx.insert('users', { id: userId, name: 'Bench Auditor', email: 'bench.auditor@bench.plumbline.test', role: 'auditor', job_title: '', manages_teams: '[]', created_at: tx.at });
    for (let i = 0; i < size.cases; i += 1) {
      const id = newId();
      caseIds.push(id);
      tx.insert('cases', {
        id, reference: `B-${100000 + i}`, team: TEAMS[i % 4], worker: `Worker ${i % 97}`, case_type: TYPES[rng.int(6)], age_band: BANDS[rng.int(4)],
        opened_on: '2025-06-01', closed_on: null, created_at: tx.at, updated_at: tx.at,
      });
    }
    for (let i = 0; i < size.audits; i += 1) {
      const id = newId();
      auditIds.push(id);
      tx.insert('audits', {
        id, case_id: caseIds[(i * 5) % caseIds.length], template_id: template.id, programme_id: null, auditor_id: userId,
        status: i % 3 === 0 ? 'draft' : 'submitted', revision: 1, overall_grade: String(1 + rng.int(4)), key_findings: 'Findings.',
        strengths: '[]', areas: '[]', feedback: '{}', justification: '', returned_reason: '', follows_audit_id: null,
        created_at: tx.at, updated_at: tx.at, submitted_at: i % 3 === 0 ? null : tx.at,
      });
      for (const s of BUILTIN_TEMPLATE.sections) {
        tx.insert('audit_sections', { audit_id: id, section_key: s.key, grade: String(1 + rng.int(4)), evidence: 'Evidence text.' }, { entity: 'audit', entityId: id, fieldPrefix: `section.${s.key}.` });
      }
    }
  });
  return { caseIds, auditIds, userId };
}

/** Allocates one case to the bench auditor through an open monthly programme, as the QA lead's sample would (an auditor may only start audits of cases in their scope). */
export function allocateToAuditor(ctx: CoreContext, auditorId: string, caseId: string): void {
  const template = prepared(ctx.db, 'SELECT id FROM templates WHERE key = ?').get(BUILTIN_TEMPLATE.key) as { id: string };
  const programmeId = newId();
  write(ctx, (tx) => {
    tx.insert('programmes', {
      id: programmeId, name: 'Bench programme', type: 'monthly', theme: '', partner_agencies: '[]', template_id: template.id, period_start: null, period_end: null,
      due_date: null, status: 'open', sample_seed: null, sample_options: null, sampled_at: null, created_by: null, created_at: tx.at, updated_at: tx.at,
    });
    tx.insert('programme_cases', {
      programme_id: programmeId, case_id: caseId, auditor_id: auditorId, partner_auditor: '', partner_agency: '', chosen_by: 'hand', stratum: '', included_on_purpose: 0, added_at: tx.at,
    });
  });
}

