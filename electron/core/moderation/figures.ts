import { OVERALL_KEY, REASON_CODES, type FiguresFilter, type ModerationFigures, type ReasonCode, type TrainingNeed } from '../../../shared/api/moderation';
import { calibrationFigures, figuresByAuditor, figuresBySection, type GradePair } from '../../../shared/domain/calibration';
import { GRADE_LABELS, GRADES, isGrade, type Grade } from '../../../shared/domain/grades';
import type { TemplateDefinition } from '../../../shared/domain/template';
import type { CoreContext } from '../context';
import { prepared } from '../write';
import { toGrade } from './queries';

/** One group of identical grade pairs: who, which team and section, auditor → agreed grade, reason code, how many. */
interface Group {
  auditorId: string;
  team: string;
  section: string;
  auditor: string | null;
  agreed: string | null;
  reason: ReasonCode | null;
  count: number;
}

const nullable = (v: string): string | null => (v === '' ? null : v);

/**
 * The grade pairs of the agreed moderations within the filter, counted by (auditor, team, section,
 * auditor grade, agreed grade, reason code). SQLite hands over one packed row per moderation
 * ("s1|2|3|over-optimistic;s2|…"), which is several times cheaper than a row per pair; the counting
 * happens here. An audit is agreed at most once (agreed is final), so each counts once.
 * Period = the London date the moderation was agreed.
 */
function groupedPairs(ctx: CoreContext, f: FiguresFilter): Group[] {
  const where: string[] = ["+m.status = 'agreed'"];
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
  const rows = prepared(
    ctx.db,
    `SELECT a.auditor_id, c.team,
            group_concat(g.section_key || '|' || ifnull(g.auditor_grade, '') || '|' || ifnull(g.agreed_grade, '') || '|' || ifnull(g.reason_code, ''), ';')
     FROM moderations m JOIN audits a ON a.id = m.audit_id JOIN cases c ON c.id = a.case_id
     JOIN moderation_grades g ON g.moderation_id = m.id
     WHERE ${where.join(' AND ')}
     GROUP BY m.rowid`,
  )
    .raw(true)
    .all(...(params as never[])) as [string, string, string][];
  // Count by who (auditor and team, once per moderation), then by pair: short keys, few lookups.
  const byWho = new Map<string, Map<string, number>>();
  for (const [auditorId, team, packed] of rows) {
    const who = `${auditorId}\t${team}`;
    let parts = byWho.get(who);
    if (!parts) byWho.set(who, (parts = new Map()));
    for (const part of packed.split(';')) parts.set(part, (parts.get(part) ?? 0) + 1);
  }
  const groups: Group[] = [];
  for (const [who, parts] of byWho) {
    const [auditorId, team] = who.split('\t');
    for (const [part, count] of parts) {
      const [section, auditor, agreed, reason] = part.split('|');
      groups.push({ auditorId, team, section, auditor: nullable(auditor), agreed: nullable(agreed), reason: nullable(reason) as ReasonCode | null, count });
    }
  }
  return groups;
}

/** "3. Assessment" by section key, from the published templates (earliest wording first), and "Overall". */
function sectionTitles(ctx: CoreContext): Map<string, string> {
  const titles = new Map<string, string>();
  const rows = prepared(ctx.db, "SELECT definition FROM templates WHERE status = 'published' ORDER BY created_at").all() as { definition: string }[];
  for (const r of rows) {
    for (const s of (JSON.parse(r.definition) as TemplateDefinition).sections) if (!titles.has(s.key)) titles.set(s.key, `${s.number}. ${s.title}`);
  }
  titles.set(OVERALL_KEY, 'Overall');
  return titles;
}

function emptyCounts(): Record<ReasonCode, number> {
  return Object.fromEntries(REASON_CODES.map((c) => [c, 0])) as Record<ReasonCode, number>;
}

function needsFrom(groups: Group[], key: (g: Group) => [string, string]): TrainingNeed[] {
  const map = new Map<string, TrainingNeed>();
  for (const r of groups) {
    const { auditor, agreed, reason, count } = r;
    if (!reason || auditor === agreed) continue;
    const [k, label] = key(r);
    let need = map.get(k);
    if (!need) map.set(k, (need = { key: k, label, counts: emptyCounts(), total: 0 }));
    need.counts[reason] += count;
    need.total += count;
  }
  return [...map.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, 'en-GB'));
}

/** Every moderation figure over the filter: the numbers the calibration page and `plumbline stats moderation` show. */
export function moderationFigures(ctx: CoreContext, f: FiguresFilter): ModerationFigures {
  const groups = groupedPairs(ctx, f);
  const names = new Map((prepared(ctx.db, 'SELECT id, name FROM users').all() as { id: string; name: string }[]).map((u) => [u.id, u.name]));
  // Expand the groups into the pairs the shared figures take. Section pairs of a group share one
  // object (only their counts matter); overall pairs get one object each, as "moderated down"
  // counts audits by id.
  const pairs: GradePair[] = [];
  let audits = 0;
  const countSection = f.section ?? OVERALL_KEY;
  groups.forEach((g, i) => {
    if (g.section === countSection) audits += g.count;
    const pair: GradePair = { auditId: `g${i}`, auditorId: g.auditorId, team: g.team, section: g.section, auditor: toGrade(g.auditor), agreed: toGrade(g.agreed), moderated: true };
    if (g.section === OVERALL_KEY) for (let k = 0; k < g.count; k++) pairs.push({ ...pair, auditId: `g${i}.${k}` });
    else for (let k = 0; k < g.count; k++) pairs.push(pair);
  });
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
    audits,
    bySection: figuresBySection(pairs).map((s) => ({ ...s, title: titles.get(s.section) ?? s.section })),
    byAuditor: figuresByAuditor(pairs)
      .map((a) => ({ ...a, name: names.get(a.auditorId) ?? a.auditorId }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),
    distribution: GRADES.map((g) => ({ grade: g, label: GRADE_LABELS[g], before: before.get(g)!, after: after.get(g)! })),
    trainingNeeds: {
      byAuditor: needsFrom(groups, (g) => [g.auditorId, names.get(g.auditorId) ?? g.auditorId]),
      byTeam: needsFrom(groups, (g) => [g.team, g.team]),
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
