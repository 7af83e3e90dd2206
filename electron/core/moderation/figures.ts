import { OVERALL_KEY, REASON_CODES, type FiguresFilter, type ModerationFigures, type ReasonCode, type TrainingNeed } from '../../../shared/api/moderation';
import { calibrationFigures, figuresByAuditor, figuresBySection, type GradePair } from '../../../shared/domain/calibration';
import { GRADE_LABELS, GRADES, isGrade, type Grade } from '../../../shared/domain/grades';
import type { TemplateDefinition } from '../../../shared/domain/template';
import type { CoreContext } from '../context';
import { prepared } from '../write';
import { toGrade } from './queries';

type Raw = [auditId: string, auditorId: string, auditorName: string, team: string, section: string, auditor: string | null, agreed: string | null, reason: ReasonCode | null];

/**
 * One row per section (and overall) of each audit's agreed moderation within the filter.
 * Period = the London date the moderation was agreed.
 */
function rawPairs(ctx: CoreContext, f: FiguresFilter): Raw[] {
  const where: string[] = ["m.status = 'agreed'"];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    where.push(sql);
    params.push(value);
  };
  if (f.from) add('m.finished_on >= ?', f.from);
  if (f.to) add('m.finished_on <= ?', f.to);
  if (f.team) add('c.team = ?', f.team);
  if (f.auditorId) add('a.auditor_id = ?', f.auditorId);
  if (f.programmeId) add('a.programme_id = ?', f.programmeId);
  if (f.section) add('g.section_key = ?', f.section);
  // The last agreed moderation of each audit counts (a re-moderation after a review replaces the earlier one).
  where.push("NOT EXISTS (SELECT 1 FROM moderations m2 WHERE m2.audit_id = m.audit_id AND m2.status = 'agreed' AND m2.finished_at > m.finished_at)");
  return prepared(
    ctx.db,
    `SELECT m.audit_id, a.auditor_id, u.name, c.team, g.section_key, g.auditor_grade, g.agreed_grade, g.reason_code
     FROM moderations m JOIN audits a ON a.id = m.audit_id JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = a.auditor_id
     JOIN moderation_grades g ON g.moderation_id = m.id
     WHERE ${where.join(' AND ')}`,
  )
    .raw(true)
    .all(...(params as never[])) as Raw[];
}

const sectionTitleCache = new WeakMap<object, Map<string, string>>();
function sectionTitles(ctx: CoreContext): Map<string, string> {
  const hit = sectionTitleCache.get(ctx.db);
  if (hit) return hit;
  const titles = new Map<string, string>();
  const rows = prepared(ctx.db, "SELECT definition FROM templates WHERE status = 'published' ORDER BY created_at").all() as { definition: string }[];
  for (const r of rows) {
    for (const s of (JSON.parse(r.definition) as TemplateDefinition).sections) if (!titles.has(s.key)) titles.set(s.key, `${s.number}. ${s.title}`);
  }
  titles.set(OVERALL_KEY, 'Overall');
  sectionTitleCache.set(ctx.db, titles);
  return titles;
}

function emptyCounts(): Record<ReasonCode, number> {
  return Object.fromEntries(REASON_CODES.map((c) => [c, 0])) as Record<ReasonCode, number>;
}

function needsFrom(raw: Raw[], key: (r: Raw) => [string, string]): TrainingNeed[] {
  const map = new Map<string, TrainingNeed>();
  for (const r of raw) {
    const [, , , , , auditor, agreed, reason] = r;
    if (!reason || auditor === agreed) continue;
    const [k, label] = key(r);
    let need = map.get(k);
    if (!need) map.set(k, (need = { key: k, label, counts: emptyCounts(), total: 0 }));
    need.counts[reason] += 1;
    need.total += 1;
  }
  return [...map.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, 'en-GB'));
}

/** Every moderation figure over the filter: the numbers the calibration page and `plumbline stats moderation` show. */
export function moderationFigures(ctx: CoreContext, f: FiguresFilter): ModerationFigures {
  const raw = rawPairs(ctx, f);
  const names = new Map<string, string>();
  const audits = new Set<string>();
  const pairs: GradePair[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const [auditId, auditorId, name, team, section, auditor, agreed] = raw[i];
    names.set(auditorId, name);
    audits.add(auditId);
    pairs[i] = { auditId, auditorId, team, section, auditor: toGrade(auditor), agreed: toGrade(agreed), moderated: true };
  }
  const titles = sectionTitles(ctx);
  const distSection = f.section ?? OVERALL_KEY;
  const before = new Map<Grade, number>(GRADES.map((g) => [g, 0]));
  const after = new Map<Grade, number>(GRADES.map((g) => [g, 0]));
  for (const p of pairs) {
    if (p.section !== distSection) continue;
    if (isGrade(p.auditor)) before.set(p.auditor, before.get(p.auditor)! + 1);
    if (isGrade(p.agreed)) after.set(p.agreed, after.get(p.agreed)! + 1);
  }
  return {
    ...calibrationFigures(pairs),
    filter: Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)),
    audits: audits.size,
    bySection: figuresBySection(pairs).map((s) => ({ ...s, title: titles.get(s.section) ?? s.section })),
    byAuditor: figuresByAuditor(pairs)
      .map((a) => ({ ...a, name: names.get(a.auditorId) ?? a.auditorId }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),
    distribution: GRADES.map((g) => ({ grade: g, label: GRADE_LABELS[g], before: before.get(g)!, after: after.get(g)! })),
    trainingNeeds: {
      byAuditor: needsFrom(raw, (r) => [r[1], r[2]]),
      byTeam: needsFrom(raw, (r) => [r[3], r[3]]),
    },
    options: figureOptions(ctx, titles),
  };
}

function figureOptions(ctx: CoreContext, titles: Map<string, string>): ModerationFigures['options'] {
  const teams = (prepared(ctx.db, 'SELECT DISTINCT team FROM cases ORDER BY team').all() as { team: string }[]).map((r) => r.team);
  const auditors = prepared(
    ctx.db,
    "SELECT DISTINCT u.id, u.name FROM audits a JOIN users u ON u.id = a.auditor_id WHERE a.status <> 'draft' ORDER BY u.name",
  ).all() as { id: string; name: string }[];
  const programmes = prepared(ctx.db, 'SELECT id, name FROM programmes ORDER BY name').all() as { id: string; name: string }[];
  const sections = [...titles].map(([key, title]) => ({ key, title }));
  sections.sort((a, b) => (a.key === OVERALL_KEY ? 1 : b.key === OVERALL_KEY ? -1 : Number(a.key.slice(1)) - Number(b.key.slice(1))));
  return { teams, auditors, programmes, sections };
}
