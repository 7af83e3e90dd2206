import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../electron/core/db/migrations/index';
import { openDatabase } from '../../electron/core/db/open';
import { generateKey } from '../../electron/core/keys';
import { BUILTIN_TEMPLATE } from '../../shared/domain/builtinTemplate';
import { evaluateLimitingRules } from '../../shared/domain/grading';
import type { TemplateDefinition } from '../../shared/domain/template';
import { validateTemplate } from '../../shared/domain/templateValidation';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The built-in template as version 1 stored it before migration 009: the question in s2 and again in s4. */
function oldBuiltin(): TemplateDefinition {
  const { auditQuestions: _dropped, ...rest } = structuredClone(BUILTIN_TEMPLATE);
  const risk = { text: 'Child left at significant risk without intervention' };
  return {
    ...rest,
    sections: rest.sections.map((s) => (s.key === 's2' || s.key === 's4' ? { ...s, questions: [...s.questions, { key: `${s.key}.left_at_risk`, ...risk }] } : s)),
    limitingRules: [
      { id: 'r1-s2-left-at-risk', kind: 'section-grade', sections: ['s2'], grade: 4, question: { key: 's2.left_at_risk', answer: 'yes' }, cap: 4, description: 's2' },
      { id: 'r1-s4-left-at-risk', kind: 'section-grade', sections: ['s4'], grade: 4, question: { key: 's4.left_at_risk', answer: 'yes' }, cap: 4, description: 's4' },
      ...rest.limitingRules.filter((r) => r.id !== 'r1-left-at-risk'),
    ],
  };
}

describe('migration 009 (moderation rules)', () => {
  it('folds the two "left at risk" questions into one audit-level question, in templates and answers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-m009-'));
    dirs.push(dir);
    const file = path.join(dir, 'old.db');
    const key = generateKey();
    const before = openDatabase(file, key, { create: true, migrations: MIGRATIONS.filter((m) => m.version < 9) });
    const at = '2026-10-01T09:00:00.000Z';
    before.prepare("INSERT INTO users (id, name, role, created_at) VALUES ('u1', 'Ann Auditor', 'auditor', ?), ('u2', 'Mo Moderator', 'moderator', ?)").run(at, at);
    before.prepare("INSERT INTO cases (id, reference, team, case_type, age_band, created_at, updated_at) VALUES ('c1', 'OLD-1', 'North', 'cp', '5-9', ?, ?)").run(at, at);
    before
      .prepare("INSERT INTO templates (id, key, version, name, status, definition, created_at, published_at) VALUES ('t1', 'ilacs-case-file', 1, 'Audit', 'published', ?, ?, ?)")
      .run(JSON.stringify(oldBuiltin()), at, at);
    const audit = before.prepare("INSERT INTO audits (id, case_id, template_id, auditor_id, status, created_at, updated_at) VALUES (?, 'c1', 't1', 'u1', 'agreed', ?, ?)");
    const answer = before.prepare('INSERT INTO audit_answers (audit_id, question_key, answer) VALUES (?, ?, ?)');
    // a1: yes in s2 only (the rule used to read only its own section's answer); a2: no and no;
    // a3: s2 partly, s4 yes (contradictory: yes wins); a4: never answered; a5: keeps other answers.
    for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) audit.run(id, at, at);
    answer.run('a1', 's2.left_at_risk', 'yes');
    answer.run('a1', 's4.left_at_risk', 'no');
    answer.run('a2', 's2.left_at_risk', 'no');
    answer.run('a2', 's4.left_at_risk', 'no');
    answer.run('a3', 's2.left_at_risk', 'partly');
    answer.run('a3', 's4.left_at_risk', 'yes');
    answer.run('a5', 's3.analysis', 'partly');
    answer.run('a5', 's4.left_at_risk', 'na');
    before.prepare("INSERT INTO moderations (id, audit_id, audit_revision, mode, moderator_id, status, started_at, finished_at) VALUES ('m1', 'a2', 1, 'open', 'u2', 'agreed', ?, ?)").run(at, '2026-10-02T09:00:00.000Z');
    before.close();

    const db = openDatabase(file, key);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(9);
    const answers = db.prepare('SELECT audit_id, question_key, answer FROM audit_answers ORDER BY audit_id, question_key').all();
    expect(answers).toEqual([
      { audit_id: 'a1', question_key: 'left_at_risk', answer: 'yes' },
      { audit_id: 'a2', question_key: 'left_at_risk', answer: 'no' },
      { audit_id: 'a3', question_key: 'left_at_risk', answer: 'yes' },
      { audit_id: 'a5', question_key: 'left_at_risk', answer: 'na' },
      { audit_id: 'a5', question_key: 's3.analysis', answer: 'partly' },
    ]);

    const def = JSON.parse((db.prepare("SELECT definition FROM templates WHERE id = 't1'").get() as { definition: string }).definition) as TemplateDefinition;
    expect(def.sections.flatMap((s) => s.questions.map((q) => q.key)).filter((k) => k.includes('left_at_risk'))).toEqual([]);
    expect(def.sections.find((s) => s.key === 's2')!.questions).toHaveLength(4);
    expect(def.auditQuestions).toEqual([{ key: 'left_at_risk', text: 'Child left at significant risk without intervention' }]);
    expect(def.limitingRules.map((r) => r.id)).toEqual(['r1-left-at-risk', 'r2-oversight-inadequate', 'r3-worst-plus-one']);
    expect(def.limitingRules[0]).toMatchObject({ kind: 'section-grade', sections: ['s2', 's4'], grade: 4, cap: 4, question: { key: 'left_at_risk', answer: 'yes' } });
    expect(validateTemplate(def)).toEqual([]);
    // The migrated template is the one the app now ships, and the rule reads the one answer for s4 too.
    expect({ ...def, limitingRules: def.limitingRules.map(({ description: _d, ...r }) => r) }).toEqual({
      ...BUILTIN_TEMPLATE,
      name: def.name,
      limitingRules: BUILTIN_TEMPLATE.limitingRules.map(({ description: _d, ...r }) => r),
    });
    const grades = Object.fromEntries(BUILTIN_TEMPLATE.sections.map((s) => [s.key, 3 as const]));
    expect(evaluateLimitingRules(def, { sectionGrades: { ...grades, s4: 4 }, answers: { left_at_risk: 'yes' } }).cap).toBe(4);

    // Published versions stay frozen after the migration.
    expect(() => db.prepare("UPDATE templates SET definition = '{}' WHERE id = 't1'").run()).toThrow(/cannot be changed/);
    // Moderations agreed before "both agree" count as agreed by the moderator when they finished.
    expect(db.prepare("SELECT moderator_agreed_at, auditor_agreed_at FROM moderations WHERE id = 'm1'").get()).toEqual({ moderator_agreed_at: '2026-10-02T09:00:00.000Z', auditor_agreed_at: null });
    db.close();
  });
});
