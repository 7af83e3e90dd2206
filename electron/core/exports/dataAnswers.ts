/**
 * The data export's answer and feedback tables: every question's answer (yes / partly / no / N/A)
 * with its section and wording, and the child and family feedback, one row per person asked.
 * Audits being moderated blind are left out (`hidden`), as for their grades.
 */
import { ANSWER_LABELS, type Answer } from '../../../shared/domain/template';
import type { Db } from '../db/open';
import { SPOKEN_LABELS, VIEW_LABELS, labelOf } from './labels';
import type { SheetDoc } from './model';
import { answersOf, templateOf, type AuditRow } from './queries';

type Col = SheetDoc['columns'][number];
const t = (header: string, width?: number): Col => ({ header, type: 'text', width });
const n = (header: string): Col => ({ header, type: 'number' });

const WHO = { child: 'Child or young person', parent: 'Parent or carer' } as const;
type Raw = { spokenTo?: string; reason?: string; said?: string; view?: string };

/** The stored feedback JSON ({ child: {...}, parent: {...} }), tolerating old or damaged values. */
function feedbackOf(text: string): Partial<Record<'child' | 'parent', Raw>> {
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const pick = (x: unknown): Raw | undefined => {
      if (!x || typeof x !== 'object') return undefined;
      const o = x as Record<string, unknown>;
      const s = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
      return { spokenTo: s('spokenTo'), reason: s('reason'), said: s('said'), view: s('view') };
    };
    return { child: pick((v as Record<string, unknown>).child), parent: pick((v as Record<string, unknown>).parent) };
  } catch {
    return {};
  }
}

export function answerSheets(db: Db, audits: AuditRow[]): SheetDoc[] {
  const answers = answersOf(db, audits.map((a) => a.id));
  const answerRows: SheetDoc['rows'] = [];
  const feedbackRows: SheetDoc['rows'] = [];
  for (const a of audits) {
    const tpl = templateOf(db, a.template_id);
    const given = new Map((answers.get(a.id) ?? []).map((r) => [r.question_key, r.answer]));
    // In the template's order: each section's questions, then the questions asked once per audit.
    const asked = [
      ...(tpl?.sections ?? []).flatMap((s) => s.questions.map((q) => ({ q, num: s.number as number | null, section: s.title }))),
      ...(tpl?.auditQuestions ?? []).map((q) => ({ q, num: null, section: 'Whole audit' })),
    ];
    const known = new Set(asked.map((x) => x.q.key));
    for (const { q, num, section } of asked) {
      const answer = given.get(q.key);
      if (answer === undefined) continue;
      answerRows.push([a.id, a.case_ref, a.team, num, section, q.key, q.text, answer, ANSWER_LABELS[answer as Answer] ?? answer]);
    }
    for (const [key, answer] of given) {
      if (!known.has(key)) answerRows.push([a.id, a.case_ref, a.team, null, '', key, '', answer, ANSWER_LABELS[answer as Answer] ?? answer]);
    }
    const feedback = feedbackOf(a.feedback);
    for (const who of ['child', 'parent'] as const) {
      const f = feedback[who];
      if (!f || (!f.spokenTo && !f.reason && !f.said && !f.view)) continue;
      feedbackRows.push([
        a.id, a.case_ref, a.team, WHO[who], labelOf(SPOKEN_LABELS, f.spokenTo) || null, f.spokenTo === 'no' ? f.reason || null : null, f.said || null, labelOf(VIEW_LABELS, f.view) || null,
      ]);
    }
  }
  return [
    {
      name: 'Answers',
      file: 'answers',
      columns: [t('Audit ID', 38), t('Case reference', 16), t('Team'), n('Section number'), t('Section', 36), t('Question key', 26), t('Question', 60), t('Answer code', 10), t('Answer', 10)],
      rows: answerRows,
    },
    {
      name: 'Feedback',
      file: 'feedback',
      columns: [t('Audit ID', 38), t('Case reference', 16), t('Team'), t('Who', 14), t('Spoken to', 10), t('Why not spoken to', 40), t('What they said', 60), t('Their view of the help', 20)],
      rows: feedbackRows,
    },
  ];
}
