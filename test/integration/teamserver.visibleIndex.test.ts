import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../shared/sync/change';
import { visibility, type SyncPrincipal } from '../../shared/sync/rules';
import { LogView } from '../../electron/server/log';
import { visibleEntities } from '../../electron/server/pull';

/**
 * An auditor's pull looks only where the visible index points (electron/server/visibleIndex.ts).
 * On random team histories — allocations moved between auditors, audits re-assigned and
 * deleted, sections, answers, moderations and their grades, actions and their due-date moves,
 * follow-up re-audits scheduled for someone, rows pointing at other audits than their key says —
 * the index must give exactly the entities
 * the full walk of the team's state gives, for every auditor.
 */
const PEOPLE = ['ann', 'bob', 'cy'];
const AUDITS = ['a1', 'a2', 'a3', 'a4'];
const CASES = ['c1', 'c2', 'c3'];
const MODS = ['m1', 'm2'];
const ACTS = ['x1', 'x2'];

const pick = <T,>(xs: readonly T[]) => fc.constantFrom(...xs);
const j = (...parts: string[]) => JSON.stringify(parts);

/** One step of a random history: [table, key, op, values]. */
const step = fc.oneof(
  fc.tuple(pick(CASES)).map(([c]) => ['cases', c, 'insert', { id: c, team: 'North' }] as const),
  fc.tuple(pick(CASES), pick(PEOPLE), fc.boolean()).map(([c, p, del]) => ['programme_cases', j('p1', c), del ? 'delete' : 'insert', { programme_id: 'p1', case_id: c, auditor_id: p }] as const),
  fc.tuple(pick(CASES), pick(PEOPLE)).map(([c, p]) => ['programme_cases', j('p1', c), 'set:auditor_id', p] as const),
  fc.tuple(pick(AUDITS), pick(CASES), pick(PEOPLE), pick(['draft', 'submitted', 'returned'])).map(([a, c, p, s]) => ['audits', a, 'insert', { id: a, case_id: c, auditor_id: p, status: s }] as const),
  fc.tuple(pick(AUDITS), pick(PEOPLE)).map(([a, p]) => ['audits', a, 'set:auditor_id', p] as const),
  fc.tuple(pick(AUDITS)).map(([a]) => ['audits', a, 'delete', null] as const),
  fc.tuple(pick(AUDITS), pick(['s1', 's2']), fc.option(pick(AUDITS), { nil: undefined })).map(([a, s, other]) => ['audit_sections', j(a, s), 'insert', { audit_id: other ?? a, section_key: s, grade: '2' }] as const),
  fc.tuple(pick(AUDITS), pick(AUDITS)).map(([a, other]) => ['audit_sections', j(a, 's1'), 'set:audit_id', other] as const),
  fc.tuple(pick(AUDITS), pick(['q1'])).map(([a, q]) => ['audit_answers', j(a, q), 'insert', { audit_id: a, question_key: q, answer: 'yes' }] as const),
  fc.tuple(pick(MODS), pick(AUDITS), pick(PEOPLE)).map(([m, a, p]) => ['moderations', m, 'insert', { id: m, audit_id: a, moderator_id: p }] as const),
  fc.tuple(pick(MODS), pick(AUDITS)).map(([m, a]) => ['moderations', m, 'set:audit_id', a] as const),
  fc.tuple(pick(MODS), pick(['s1', 's2'])).map(([m, s]) => ['moderation_grades', j(m, s), 'insert', { moderation_id: m, section_key: s, grade: '3' }] as const),
  fc.tuple(pick(MODS), pick(MODS)).map(([m, other]) => ['moderation_grades', j(m, 's1'), 'set:moderation_id', other] as const),
  fc.tuple(pick(AUDITS)).map(([a]) => ['moderation_unmoderated', j(a), 'insert', { audit_id: a, reason: 'x' }] as const),
  fc.tuple(pick(AUDITS), pick(AUDITS)).map(([a, other]) => ['moderation_picks', j('d1', a), 'insert', { draw_id: 'd1', audit_id: other }] as const),
  fc.tuple(pick(ACTS), pick(AUDITS)).map(([x, a]) => ['actions', x, 'insert', { id: x, audit_id: a, title: 'Do it' }] as const),
  fc.tuple(pick(ACTS), pick(AUDITS)).map(([x, a]) => ['actions', x, 'set:audit_id', a] as const),
  fc.tuple(pick(ACTS), pick(AUDITS), pick(CASES), fc.option(pick(PEOPLE), { nil: null })).map(([x, a, c, p]) => ['actions', x, 'insert', { id: x, audit_id: a, case_id: c, follow_up_auditor_id: p }] as const),
  fc.tuple(pick(ACTS), fc.option(pick(PEOPLE), { nil: null })).map(([x, p]) => ['actions', x, 'set:follow_up_auditor_id', p] as const),
  fc.tuple(pick(ACTS)).map(([x]) => ['action_due_moves', `mv-${x}`, 'insert', { id: `mv-${x}`, action_id: x, due_on: '2027-01-01' }] as const),
  fc.tuple(pick(['tpl-1', 'tpl-2']), pick(['published', 'draft'])).map(([t, s]) => ['templates', t, 'insert', { id: t, status: s }] as const),
  fc.constant(['settings', 'local.theme', 'insert', { key: 'local.theme', value: 'dark' }] as const),
  fc.constant(['settings', 'org.name', 'insert', { key: 'org.name', value: 'Council' }] as const),
  fc.constant(['devices', 'dev-1', 'insert', { id: 'dev-1', person_id: 'ann' }] as const),
  fc.constant(['teams', 'North', 'insert', { id: 'North' }] as const),
  // Team scope (visibility work): a person comes to manage a team, cases move team, service actions name one.
  fc.tuple(pick(PEOPLE), pick(['[]', '["North"]', '["south"]'])).map(([p, t]) => ['users', p, 'set:manages_teams', t] as const),
  fc.tuple(pick(CASES), pick(['North', 'South'])).map(([c, t]) => ['cases', c, 'set:team', t] as const),
  fc.tuple(pick(ACTS), pick(CASES)).map(([x, c]) => ['actions', x, 'set:case_id', c] as const),
  fc.tuple(pick(['sa1', 'sa2']), pick(['North', 'South'])).map(([x, t]) => ['service_actions', x, 'insert', { id: x, team: t, title: 'Team finding' }] as const),
  fc.constant(['something_new', 'k1', 'insert', { id: 'k1', audit_id: 'a1' }] as const),
);

function toChange(i: number, [table, key, op, v]: readonly [string, string, string, unknown]): Change {
  const base = { deviceId: 'dev-lead', deviceSeq: i + 1, hlc: `2026-12-01T00:00:00.000Z-${String(i).padStart(4, '0')}-dev-lead`, personId: 'lead', personName: 'Lead', table, key, prevHash: '0'.repeat(64), hash: String(i).padStart(64, '0'), base: null };
  if (op.startsWith('set:')) return { ...base, op: 'set', column: op.slice(4), value: v };
  return { ...base, op: op as Change['op'], column: null, value: op === 'delete' ? null : v };
}

const sorted = (xs: [string, string][]) => xs.map((e) => e.join(' ')).sort();

describe('the visible index narrows an auditor’s pull without changing what it holds', () => {
  it('gives exactly the full walk’s entities for every auditor, on random histories', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const view = new LogView();
        const people = PEOPLE.map((id, i) => toChange(10_000 + i, ['users', id, 'insert', { id, name: id, role: 'auditor' }]));
        [...people, ...steps.map((s, i) => toChange(i, s))].forEach((c, i) => view.add(c, i + 1));
        for (const id of PEOPLE) {
          const person: SyncPrincipal = { id, role: 'auditor' };
          const visible = visibility(person, view.state);
          expect(sorted(view.visibleIndex.auditorEntities(id, view.state, visible))).toEqual(sorted(visibleEntities(view.state, visible)));
        }
      }),
      { numRuns: 400, seed: 20261203 },
    );
  });

  it('an audit handed to another auditor moves with everything hanging off it', () => {
    const view = new LogView();
    const steps: [string, string, string, unknown][] = [
      ['cases', 'c1', 'insert', { id: 'c1', team: 'North' }],
      ['audits', 'a1', 'insert', { id: 'a1', case_id: 'c1', auditor_id: 'ann', status: 'draft' }],
      ['audit_sections', j('a1', 's1'), 'insert', { audit_id: 'a1', section_key: 's1' }],
      ['moderations', 'm1', 'insert', { id: 'm1', audit_id: 'a1', moderator_id: 'mo' }],
      ['moderation_grades', j('m1', 's1'), 'insert', { moderation_id: 'm1', section_key: 's1' }],
      ['actions', 'x1', 'insert', { id: 'x1', audit_id: 'a1' }],
      ['action_due_moves', 'mv1', 'insert', { id: 'mv1', action_id: 'x1' }],
      ['audits', 'a1', 'set:auditor_id', 'bob'],
    ];
    steps.forEach((s, i) => view.add(toChange(i, s), i + 1));
    const of = (id: string) => sorted(view.visibleIndex.auditorEntities(id, view.state, visibility({ id, role: 'auditor' }, view.state)));
    expect(of('ann')).toEqual([]);
    expect(of('bob')).toEqual(sorted([['action_due_moves', 'mv1'], ['actions', 'x1'], ['audit_sections', j('a1', 's1')], ['audits', 'a1'], ['cases', 'c1'], ['moderation_grades', j('m1', 's1')], ['moderations', 'm1']]));
  });
});
