import { OVERALL_KEY, type ReasonCode } from '../../../shared/api/moderation';
import { BUILTIN_TEMPLATE } from '../../../shared/domain/builtinTemplate';
import { londonDate } from '../../../shared/domain/dates';
import { createRng, type Rng } from '../../../shared/domain/random';
import { registerDemoExtension, type DemoInfo } from '../demo/generate';
import { newId, prepared, type Tx } from '../write';

const MODERATORS = ['Iris Demo-Fairbanks', 'Jonah Demo-Ellery'];

const DOWN: [ReasonCode, string][] = [
  ['over-optimistic', 'The evidence describes drift that the grade does not reflect; the plan has not moved on since the last review.'],
  ['evidence-missed', 'The case notes show two missed visits and no management response; these were not picked up in the audit.'],
  ['threshold-misread', 'The contact met the threshold for a strategy discussion; the audit accepted the step-down decision.'],
  ['recording-gap', 'Supervision is referred to but not recorded on the file, so the grade cannot rest on it.'],
];
const UP: [ReasonCode, string] = ['under-graded', "The direct work with the child is strong and the plan reflects the child's wishes; the audit under-rated it."];

const clamp = (g: number): number => Math.min(4, Math.max(1, g));
const pick = <T>(rng: Rng, list: readonly T[]): T => list[rng.int(list.length)];

function at(date: string, today: string, days: number, hour: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const iso = d.toISOString().slice(0, 10);
  return `${iso < today ? iso : today}T${String(hour).padStart(2, '0')}:00:00.000Z`;
}

interface Grades {
  key: string;
  auditor: string | null;
}

function auditorGrades(tx: Tx, auditId: string, overall: number | null): Grades[] {
  const rows = prepared(tx.db, 'SELECT section_key, grade FROM audit_sections WHERE audit_id = ?').all(auditId) as { section_key: string; grade: string | null }[];
  const bySection = new Map(rows.map((r) => [r.section_key, r.grade]));
  return [...BUILTIN_TEMPLATE.sections.map((s) => ({ key: s.key, auditor: bySection.get(s.key) ?? null })), { key: OVERALL_KEY, auditor: overall === null ? null : String(overall) }];
}

/** The moderator's view of a grade: usually the same, sometimes worse (more often for a generous overall), now and then better. */
function moderatorGrade(rng: Rng, g: Grades, generous: boolean): string | null {
  if (g.auditor === null || g.auditor === 'na') return g.auditor;
  const n = Number(g.auditor);
  const roll = rng.next();
  if (g.key === OVERALL_KEY && generous) return String(clamp(n + 1));
  if (roll < 0.2) return String(clamp(n + 1));
  if (roll < 0.28) return String(clamp(n - 1));
  return g.auditor;
}

function addModeration(tx: Tx, rng: Rng, info: DemoInfo, a: DemoInfo['auditIds'][number], k: number): void {
  const today = info.today;
  const id = newId();
  const moderatorId = info.userIds[MODERATORS[k % 2]];
  const mode = k % 3 === 0 ? 'open' : 'blind';
  const submitted = (a.submittedAt ?? `${today}T10:00:00.000Z`).slice(0, 10);
  const finished = a.status === 'agreed' || a.status === 'returned';
  const status = a.status === 'agreed' ? 'agreed' : a.status === 'returned' ? 'returned' : 'grading';
  const finishedAt = finished ? at(submitted, today, 4, 15) : null;
  const reasons = a.status === 'returned' ? ['Section 8 grade is not supported by the evidence: no supervision for four months. Please review.'] : [];
  tx.insert('moderations', {
    id,
    audit_id: a.id,
    audit_revision: 1,
    mode: a.status === 'returned' ? 'open' : mode,
    moderator_id: moderatorId,
    status,
    started_at: at(submitted, today, 1, 9),
    graded_at: finished && mode === 'blind' ? at(submitted, today, 2, 11) : null,
    finished_at: finishedAt,
    finished_on: finishedAt ? londonDate(new Date(finishedAt)) : null,
    return_reasons: JSON.stringify(reasons),
    // "Both agree": the moderator agreed when they finished; most auditors have acknowledged since, a few have not yet.
    moderator_agreed_at: status === 'agreed' ? finishedAt : null,
    auditor_agreed_at: status === 'agreed' && k % 4 !== 1 ? at(submitted, today, 5, 10) : null,
  }, { entity: 'moderation', entityId: id });
  const generous = a.overall !== null && rng.next() < 0.4;
  const grades = auditorGrades(tx, a.id, a.overall);
  grades.forEach((g, i) => {
    const row: Record<string, unknown> = { moderation_id: id, section_key: g.key };
    const blindInProgress = a.status === 'in-moderation' && mode === 'blind';
    if (!blindInProgress || i < 4) {
      const mod = a.status === 'returned' ? g.auditor : moderatorGrade(rng, g, generous);
      row.moderator_grade = mod;
      if (!blindInProgress) row.auditor_grade = g.auditor;
      if (mod !== g.auditor && mod !== null && g.auditor !== null) {
        const [code, text] = Number(mod) > Number(g.auditor) ? pick(rng, DOWN) : UP;
        if (!blindInProgress) {
          row.moderator_rationale = text;
          row.moderator_reason = code;
        }
        if (a.status === 'agreed') {
          const keepAuditor = rng.next() < 0.15;
          row.agreed_grade = keepAuditor ? g.auditor : mod;
          row.agreed_rationale = keepAuditor ? 'Discussed with the auditor: the evidence on file supports the original grade.' : text;
          row.reason_code = code;
          row.reconciled = 1;
        }
      } else if (a.status === 'agreed') {
        row.agreed_grade = g.auditor;
      }
    }
    tx.insert('moderation_grades', row, { entity: 'moderation', entityId: id, fieldPrefix: `${g.key}.` });
  });
}

/** Moderation records for the demo's returned, in-moderation and agreed audits (one in five agreed without moderation). */
export function addDemoModeration(tx: Tx, _shared: Rng, info: DemoInfo): void {
  const rng = createRng(4242);
  let k = 0;
  for (const a of info.auditIds) {
    if (a.status !== 'agreed' && a.status !== 'in-moderation' && a.status !== 'returned') continue;
    k += 1;
    if (a.status === 'agreed' && rng.next() < 0.2) {
      tx.insert('moderation_unmoderated', { audit_id: a.id, agreed_at: at((a.submittedAt ?? info.today).slice(0, 10), info.today, 3, 12), agreed_by: info.userIds['Kit Demo-Marlowe'] }, { entity: 'audit', entityId: a.id });
      continue;
    }
    addModeration(tx, rng, info, a, k);
  }
}

registerDemoExtension(addDemoModeration);
