import { addDays, daysBetween, toLondonDate } from '../../../shared/domain/dates';
import type { Rng } from '../../../shared/domain/random';
import { DEMO_STAFF } from '../demo/data';
import { registerDemoExtension, type DemoInfo } from '../demo/generate';
import { newId, type Tx } from '../write';

/** What must happen for the child, by section: realistic wording for the demo. */
const TITLES: [string | null, string][] = [
  ['s3', 'Update the assessment with an analysis of the family history and what it means for the child'],
  ['s3', 'Record the child\'s identity and ethnicity accurately on the file, checked with the family'],
  ['s4', 'See the child alone and record their wishes and feelings in their own words'],
  ['s4', 'Complete direct work with the child about home and school; add it to the file'],
  ['s5', 'Rewrite the plan so each action says who, by when and the impact on the child'],
  ['s5', 'State the contingency plan if the parents do not engage'],
  ['s6', 'Visit at the frequency the plan requires and record why any visit was missed'],
  ['s7', 'Hold a core group with school and health and share the minutes'],
  ['s7', 'Offer the family a family group conference'],
  ['s8', 'Supervision to set timescales for the plan and challenge the delay'],
  ['s9', 'Do not close until the change is sustained for three months; review at the step-down meeting'],
  [null, 'Allocate a social worker and visit within five working days'],
];

const DONE_NOTES = [
  'Seen alone at school; views recorded in the child\'s words.',
  'Core group held with school and health; minutes on file.',
  'Plan rewritten with named owners and dates; shared with the family.',
  'Supervision recorded with clear direction and timescales.',
  'Assessment updated with history and analysis.',
];

const MOVE_REASONS = ['Family on holiday; visit rearranged', 'Core group moved to fit the school\'s availability', 'Worker on sick leave; case reallocated', 'Awaiting the health visitor\'s report'];

interface CaseFacts { id: string; team: string; worker: string; reference: string }

function managerOf(team: string): { name: string; jobTitle: string } | undefined {
  return DEMO_STAFF.find((s) => (s.manages as readonly string[]).includes(team));
}

/** Adds actions to the demo audits: some done on time, some late, some overdue, some drifting. */
export function addDemoActions(tx: Tx, rng: Rng, info: DemoInfo): void {
  const names = new Map(Object.entries(info.userIds).map(([name, id]) => [id, name]));
  const caseStmt = tx.db.prepare('SELECT id, team, worker, reference FROM cases WHERE id = ?');
  const sectionStmt = tx.db.prepare("SELECT section_key FROM audit_sections WHERE audit_id = ? AND grade IN ('3', '4') ORDER BY section_key");
  let spotChecks = 0;
  let followUps = 0;
  for (const audit of info.auditIds) {
    if (audit.overall === null || audit.submittedAt === null) continue;
    if (audit.overall <= 2 && rng.next() < 0.6) continue;
    const c = caseStmt.get(audit.caseId) as CaseFacts;
    const weak = new Set((sectionStmt.all(audit.id) as { section_key: string }[]).map((r) => r.section_key));
    const count = audit.overall >= 3 ? 1 + rng.int(3) : 1;
    const raised = toLondonDate(audit.submittedAt);
    const choices = TITLES.filter(([s]) => s === null || weak.has(s));
    const pool = choices.length >= count ? choices : TITLES;
    const used = new Set<number>();
    for (let k = 0; k < count; k++) {
      let pickIndex = rng.int(pool.length);
      while (used.has(pickIndex) && used.size < pool.length) pickIndex = (pickIndex + 1) % pool.length;
      used.add(pickIndex);
      const [section, title] = pool[pickIndex];
      const manager = managerOf(c.team);
      const byManager = section === 's8' || (manager && rng.next() < 0.25);
      const owner = byManager && manager ? { name: manager.name, role: 'Team manager' } : { name: c.worker, role: 'Social worker' };
      const priority = audit.overall === 4 ? (k === 0 ? 'high' : 'medium') : rng.next() < 0.3 ? 'high' : rng.next() < 0.7 ? 'medium' : 'low';
      let due = addDays(raised, 14 + 7 * rng.int(7));
      const id = newId();
      const pastDue = due < info.today;
      const roll = rng.next();
      // Past due: most done (some late), a few verified or cancelled, the rest still open (overdue).
      let status: 'open' | 'done' | 'verified' | 'cancelled' = 'open';
      if (pastDue) status = roll < 0.42 ? 'done' : roll < 0.58 ? 'verified' : roll < 0.64 && k > 0 ? 'cancelled' : 'open';
      else if (roll < 0.2) status = 'done';
      const moves = status === 'open' && rng.next() < 0.3 ? 1 + rng.int(2) : 0;
      const history: { from: string; to: string; reason: string }[] = [];
      for (let m = 0; m < moves; m++) {
        const to = addDays(due, 14);
        history.push({ from: due, to, reason: MOVE_REASONS[rng.int(MOVE_REASONS.length)] });
        due = to;
      }
      let doneOn: string | null = null;
      if (status === 'done' || status === 'verified') {
        const latest = due < info.today ? addDays(due, rng.next() < 0.7 ? 0 : 3 + rng.int(20)) : info.today;
        const span = Math.max(0, daysBetween(raised, latest < info.today ? latest : info.today));
        doneOn = addDays(raised, Math.max(1, span - rng.int(10)));
        if (doneOn > info.today) doneOn = info.today;
      }
      const createdAt = audit.submittedAt;
      const verifier = Object.entries(info.userIds).find(([n]) => n.startsWith('Kit'));
      tx.insert('actions', {
        id, audit_id: audit.id, case_id: c.id, section_key: section, title, owner_name: owner.name, owner_role: owner.role, team: c.team,
        due_date: due, priority, status, due_moves: moves,
        done_note: doneOn ? DONE_NOTES[rng.int(DONE_NOTES.length)] : '', done_on: doneOn, done_by: doneOn ? owner.name : null,
        cancel_reason: status === 'cancelled' ? 'Case transferred to another authority; their plan covers this.' : '',
        cancelled_by: status === 'cancelled' ? names.get(audit.auditorId) ?? null : null,
        verified_by: status === 'verified' && verifier ? verifier[1] : null,
        verified_by_name: status === 'verified' && verifier ? verifier[0] : null,
        verified_at: status === 'verified' ? `${info.today}T09:00:00.000Z` : null,
        created_by: audit.auditorId, created_by_name: names.get(audit.auditorId) ?? 'Plumbline', created_at: createdAt, updated_at: createdAt,
      }, { entity: 'action', entityId: id });
      history.forEach((h, m) => {
        tx.insert('action_due_moves', {
          id: newId(), action_id: id, from_date: h.from, to_date: h.to, reason: h.reason,
          moved_at: `${addDays(raised, 7 * (m + 1))}T11:00:00.000Z`, moved_by: audit.auditorId, moved_by_name: names.get(audit.auditorId) ?? 'Plumbline',
        }, { entity: 'action', entityId: id, fieldPrefix: 'due-move.' });
      });
      if (doneOn && audit.overall >= 3 && spotChecks < 3 && rng.next() < 0.5) {
        spotChecks++;
        tx.update('actions', { id }, { spot_check_requested_at: `${info.today}T09:30:00.000Z`, spot_check_requested_by: 'Kit Demo-Marlowe', spot_check_note: 'Check in two months that the child is still seen alone at every visit.' }, { entity: 'action', entityId: id });
      }
      if (audit.status === 'agreed' && audit.overall === 4 && followUps < 2 && k === 0) {
        followUps++;
        addFollowUp(tx, info, audit, id);
      }
    }
  }
}

/** A follow-up re-audit (submitted, one grade better) so the demo shows a grade before and after. */
function addFollowUp(tx: Tx, info: DemoInfo, audit: DemoInfo['auditIds'][number], actionId: string): void {
  const original = tx.db.prepare('SELECT * FROM audits WHERE id = ?').get(audit.id) as Record<string, unknown>;
  const id = newId();
  const when = `${addDays(info.today, -3)}T10:00:00.000Z`;
  tx.insert('audits', {
    ...original, id, status: 'submitted', overall_grade: String((audit.overall ?? 4) - 1), follows_audit_id: audit.id,
    key_findings: 'The plan is now specific and the child is seen alone at every visit. Supervision sets timescales. Some drift remains in core group attendance.',
    created_at: when, updated_at: when, submitted_at: when, returned_reason: '',
  }, { entity: 'audit', entityId: id });
  const sections = tx.db.prepare('SELECT * FROM audit_sections WHERE audit_id = ?').all(audit.id) as Record<string, unknown>[];
  for (const s of sections) {
    const g = s.grade === 'na' || s.grade === null ? s.grade : String(Math.max(2, Number(s.grade) - 1));
    tx.insert('audit_sections', { ...s, audit_id: id, grade: g }, { entity: 'audit', entityId: id, fieldPrefix: `section.${String(s.section_key)}.` });
  }
  const answers = tx.db.prepare('SELECT * FROM audit_answers WHERE audit_id = ?').all(audit.id) as Record<string, unknown>[];
  for (const a of answers) tx.insert('audit_answers', { ...a, audit_id: id }, { entity: 'audit', entityId: id, fieldPrefix: `answer.${String(a.question_key)}` });
  tx.update('actions', { id: actionId }, { follow_up_audit_id: id }, { entity: 'action', entityId: actionId });
}

registerDemoExtension(addDemoActions);
