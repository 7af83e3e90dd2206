/**
 * What the people of the laptop simulation do on their own laptops, through dispatch only (the
 * door the app uses): an auditor grades an allocated case in three sittings and submits it; a
 * moderator moderates a submitted audit blind or open and agrees it. Grades come from the
 * simulation's seeded generator, within the template's limiting rules (the overall grade is the
 * worst section grade), so every step is one the app would accept.
 */
import type { AuditDetail } from '../../shared/api/audits';
import type { ModerationView } from '../../shared/api/moderation';
import type { Laptop } from '../support/laptop';
import { SECTIONS } from './moderation.fixtures';

export type Grade = 1 | 2 | 3 | 4;

/** One allocated case on an auditor's laptop and how far its audit has gone. */
export interface AuditWork {
  caseId: string;
  programmeId: string;
  stage: 'not started' | 'first sitting' | 'graded' | 'submitted';
  auditId?: string;
  grades?: Grade[];
}

const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const gradeOf = (rng: () => number): Grade => pick(rng, [1, 2, 2, 2, 3, 3, 4] as const);

async function save(laptop: Laptop, auditId: string, changes: unknown[]): Promise<void> {
  const { revision } = await laptop.call<AuditDetail>('audits:get', { id: auditId });
  await laptop.call('audits:save', { id: auditId, revision, changes });
}

/** One sitting on one case: start and grade the first half, grade the rest, or submit. */
export async function auditorSitting(laptop: Laptop, work: AuditWork, rng: () => number): Promise<void> {
  if (work.stage === 'not started') {
    const { id } = await laptop.call<{ id: string }>('audits:start', { caseId: work.caseId, programmeId: work.programmeId });
    work.auditId = id;
    work.grades = SECTIONS.map(() => gradeOf(rng));
    await save(
      laptop,
      id,
      SECTIONS.slice(0, 5).flatMap((s, i) => [
        { kind: 'section-grade', section: s, grade: work.grades![i] },
        { kind: 'section-evidence', section: s, text: `Sitting one, ${s}: seen on file ${Math.floor(rng() * 1000)}.` },
      ]),
    );
    work.stage = 'first sitting';
  } else if (work.stage === 'first sitting') {
    const overall = Math.max(...work.grades!) as Grade;
    await save(laptop, work.auditId!, [
      ...SECTIONS.slice(5).flatMap((s, i) => [
        { kind: 'section-grade', section: s, grade: work.grades![5 + i] },
        { kind: 'section-evidence', section: s, text: `Sitting two, ${s}: the plan is reviewed monthly.` },
      ]),
      { kind: 'feedback-spoken', who: 'child', value: 'yes' },
      { kind: 'feedback-text', who: 'child', field: 'said', text: 'My worker listens to me.' },
      { kind: 'feedback-view', who: 'child', value: 'helpful' },
      { kind: 'feedback-spoken', who: 'parent', value: 'no' },
      { kind: 'feedback-text', who: 'parent', field: 'reason', text: 'Could not be reached.' },
      { kind: 'key-findings', text: 'Visits are regular; the plan needs timescales.' },
      { kind: 'answer', question: 'left_at_risk', answer: 'no' },
      { kind: 'overall', grade: overall },
    ]);
    if (overall >= 3) {
      await laptop.call('actions:add', { auditId: work.auditId, title: 'Put timescales in the plan', ownerName: 'Pat Worker', ownerRole: 'Social worker', dueDate: '2027-01-15', priority: 'high' });
    }
    work.stage = 'graded';
  } else if (work.stage === 'graded') {
    const { revision } = await laptop.call<AuditDetail>('audits:get', { id: work.auditId });
    await laptop.call('audits:submit', { id: work.auditId, revision, justification: 'The overall grade is the worst section grade.' });
    work.stage = 'submitted';
  }
}

const JUSTIFY = 'Agreed after reading the whole file again with the auditor.';

/** Moderates one submitted audit from start to agreement, blind or open. */
export async function moderate(laptop: Laptop, auditId: string, mode: 'blind' | 'open', rng: () => number): Promise<void> {
  const started = await laptop.call<ModerationView>('moderation:start', { auditId, mode });
  if (mode === 'blind') {
    const mine = SECTIONS.map(() => gradeOf(rng));
    for (const [i, s] of SECTIONS.entries()) await laptop.call('moderation:grade', { auditId, section: s, grade: mine[i], rationale: `Moderator's reading of ${s}.` });
    await laptop.call('moderation:grade', { auditId, section: 'overall', grade: Math.max(...mine) });
    const revealed = await laptop.call<ModerationView>('moderation:finishGrading', { auditId, justification: JUSTIFY });
    for (const r of revealed.rows.filter((row) => row.difference)) {
      await laptop.call('moderation:reconcile', { auditId, section: r.section, agreedGrade: r.moderatorGrade, rationale: `Agreed at the moderator's grade for ${r.section}.`, reasonCode: 'over-optimistic' });
    }
  } else {
    const row = pick(rng, started.rows.filter((r) => r.section !== 'overall' && typeof r.auditorGrade === 'number'));
    const worse = Math.min(4, (row.auditorGrade as number) + 1);
    if (worse !== row.auditorGrade) {
      await laptop.call('moderation:grade', { auditId, section: row.section, grade: worse, rationale: 'The evidence does not show impact on the child.', reasonCode: 'over-optimistic' });
    }
  }
  const agreed = await laptop.call<ModerationView>('moderation:agree', { auditId, justification: JUSTIFY });
  if (agreed.audit.status !== 'agreed') throw new Error(`moderating ${auditId} ${mode} ended ${agreed.audit.status}`);
}
