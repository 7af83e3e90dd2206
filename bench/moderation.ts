import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_TEMPLATE } from '../shared/domain/builtinTemplate';
import { createRng } from '../shared/domain/random';
import { createCore } from '../electron/core/index';
import { generateKey } from '../electron/core/keys';
import { moderationFigures } from '../electron/core/moderation/figures';
import { newId, prepared, write } from '../electron/core/write';
import type { BenchResult } from './index';
import { ms, now, percentile, tempDir } from './util';

const TEAMS = ['Assessment North', 'Assessment South', 'Children in Care', 'Family Support East'];
const REASONS = ['evidence-missed', 'threshold-misread', 'over-optimistic', 'under-graded', 'recording-gap', 'other'];

/** Moderation figures (the calibration page and `plumbline stats moderation`) over 10,000 moderated audits. */
export async function benchModeration(AUDITS = 10_000): Promise<BenchResult[]> {
  const dir = tempDir('moderation');
  const dbFile = path.join(dir, 'bench.db');
  const key = generateKey();
  const core = createCore({ dbFile, key, create: true });
  const ctx = core.ctx;
  const rng = createRng(11);
  const template = prepared(ctx.db, 'SELECT id FROM templates WHERE key = ?').get(BUILTIN_TEMPLATE.key) as { id: string };
  const keys = [...BUILTIN_TEMPLATE.sections.map((s) => s.key), 'overall'];
  const t0 = now();
  write(ctx, (tx) => {
    const auditors = Array.from({ length: 40 }, (_, i) => {
      const id = newId();
      tx.insert('users', { id, name: `Bench Auditor ${i + 1}`, role: 'auditor', job_title: '', manages_teams: '[]', created_at: tx.at });
      return id;
    });
    const moderator = newId();
    tx.insert('users', { id: moderator, name: 'Bench Moderator', role: 'moderator', job_title: '', manages_teams: '[]', created_at: tx.at });
    const cases = Array.from({ length: 2000 }, (_, i) => {
      const id = newId();
      tx.insert('cases', { id, reference: `BM-${100000 + i}`, team: TEAMS[i % 4], worker: '', case_type: 'cin', age_band: '5-9', opened_on: null, closed_on: null, created_at: tx.at, updated_at: tx.at });
      return id;
    });
    for (let i = 0; i < AUDITS; i += 1) {
      const auditId = newId();
      const day = `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      tx.insert('audits', {
        id: auditId, case_id: cases[i % cases.length], template_id: template.id, programme_id: null, auditor_id: auditors[i % auditors.length],
        status: 'agreed', revision: 1, overall_grade: '2', created_at: tx.at, updated_at: tx.at, submitted_at: `${day}T09:00:00.000Z`,
      });
      const modId = newId();
      tx.insert('moderations', {
        id: modId, audit_id: auditId, audit_revision: 1, mode: i % 2 ? 'blind' : 'open', moderator_id: moderator, status: 'agreed',
        started_at: `${day}T10:00:00.000Z`, finished_at: `${day}T15:00:00.000Z`, finished_on: day, return_reasons: '[]',
      });
      for (const key of keys) {
        const auditor = key === 's2' && rng.next() < 0.3 ? 'na' : String(1 + rng.int(4));
        const shift = auditor === 'na' ? 0 : rng.next() < 0.25 ? 1 : rng.next() < 0.08 ? -1 : 0;
        const agreed = auditor === 'na' ? 'na' : String(Math.min(4, Math.max(1, Number(auditor) + shift)));
        tx.insert(
          'moderation_grades',
          { moderation_id: modId, section_key: key, auditor_grade: auditor, moderator_grade: agreed, agreed_grade: agreed, reason_code: agreed === auditor ? null : REASONS[rng.int(6)], reconciled: agreed === auditor ? 0 : 1 },
          { entity: 'moderation', entityId: modId, fieldPrefix: `${key}.` },
        );
      }
    }
  });
  const seedSeconds = ms(t0) / 1000;

  const runs = (filter: Parameters<typeof moderationFigures>[1]) => {
    moderationFigures(ctx, filter); // warm the statement cache
    const times: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const t = now();
      const f = moderationFigures(ctx, filter);
      times.push(ms(t));
      if (f.audits === 0) throw new Error('bench: no moderated audits matched');
    }
    return percentile(times, 50);
  };
  const all = runs({});
  const filtered = runs({ from: '2026-04-01', to: '2026-09-30', team: 'Children in Care' });
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    { name: `moderation figures, ${AUDITS.toLocaleString('en-GB')} moderated audits (median)`, value: all, unit: 'ms', goal: '≤ 200 ms', met: all <= 200 },
    { name: 'moderation figures, filtered by period and team (median)', value: filtered, unit: 'ms', goal: '≤ 200 ms', met: filtered <= 200 },
    { name: `seeding ${AUDITS.toLocaleString('en-GB')} moderated audits through the write path`, value: seedSeconds, unit: 's' },
  ];
}
