/**
 * Version 2 of the built-in template: a database from before it (version 1 only, with an audit
 * started on it) is opened by this release. The started audit keeps version 1; new audits get
 * version 2 with the inspection letters' four questions; the comparison lists exactly those.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TemplateComparison, TemplateVersionSummary } from '../../shared/api/templates';
import { BUILTIN_TEMPLATE_V1 } from '../../shared/domain/builtinTemplate';
import { createCore, type Core } from '../../electron/core/index';
import { openDatabase } from '../../electron/core/db/open';
import { generateKey } from '../../electron/core/keys';
import { bindDispatch } from '../../electron/core/dispatch';
import { principalForPerson } from '../../electron/core/policy/principal';
import type { Principal } from '../../shared/api/session';
import { newId, write } from '../../electron/core/write';
import { allocateTo, callOk } from './helpers';

const dirs: string[] = [];
const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const NOW = () => new Date('2026-11-23T10:00:00Z');

function signIn(core: Core, name: string, role: 'auditor' | 'qa-lead', existingId?: string): string {
  const id = existingId ?? newId();
  write(core.ctx, (tx) => {
    if (!existingId) tx.insert('users', { id, name, role, job_title: '', manages_teams: '[]', created_at: tx.at });
  });
  current = principalForPerson(core.ctx.db, id);
  return id;
}

/** The person signed in last (signIn): calls go through the real dispatch as them. */
let current: Principal | null = null;
const as = (core: Core) => ({ dispatch: bindDispatch(core.dispatch, current) });

interface AuditView {
  id: string;
  templateId: string;
  template: { version: number; sections: { key: string; questions: { key: string }[] }[] };
}

describe('built-in template version 2', () => {
  it('a database with version 1 gets version 2 on open; started audits keep 1, new audits use 2; the comparison shows the four additions', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-tv2-'));
    dirs.push(dir);
    const file = path.join(dir, 'council.db');
    const key = generateKey();

    // The file as the previous release left it: version 1 seeded, a case, an audit started on version 1.
    const old = openDatabase(file, key, { create: true });
    const at = '2026-11-01T09:00:00.000Z';
    old.prepare("INSERT INTO templates (id, key, version, name, status, definition, created_at, published_at) VALUES ('tpl-v1', ?, 1, ?, 'published', ?, ?, ?)").run(
      BUILTIN_TEMPLATE_V1.key, BUILTIN_TEMPLATE_V1.name, JSON.stringify(BUILTIN_TEMPLATE_V1), at, at,
    );
    old.prepare("INSERT INTO users (id, name, role, created_at) VALUES ('u-ann', 'Ann Auditor', 'auditor', ?)").run(at);
    old.prepare("INSERT INTO cases (id, reference, team, case_type, age_band, created_at, updated_at) VALUES ('c-1', 'OLD-1', 'North', 'cp', '5-9', ?, ?)").run(at, at);
    old.prepare("INSERT INTO audits (id, case_id, template_id, auditor_id, status, created_at, updated_at) VALUES ('a-old', 'c-1', 'tpl-v1', 'u-ann', 'draft', ?, ?)").run(at, at);
    old.close();

    const core = createCore({ dbFile: file, key, now: NOW });
    cores.push(core);
    signIn(core, 'Quinn Lead', 'qa-lead');
    const versions = await callOk<TemplateVersionSummary[]>(as(core), 'templates:list', {});
    const builtin = versions.filter((v) => v.key === BUILTIN_TEMPLATE_V1.key).sort((a, b) => a.version - b.version);
    expect(builtin.map((v) => [v.version, v.status])).toEqual([[1, 'published'], [2, 'published']]);
    expect(builtin[0].id).toBe('tpl-v1');

    // The audit started before keeps version 1 (and its questions).
    signIn(core, 'Ann Auditor', 'auditor', 'u-ann');
    const started = await callOk<AuditView>(as(core), 'audits:get', { id: 'a-old' });
    expect(started.templateId).toBe('tpl-v1');
    expect(started.template.version).toBe(1);
    expect(started.template.sections.find((s) => s.key === 's3')!.questions.map((q) => q.key)).not.toContain('s3.graded_care_profile');

    // A new audit uses version 2, with the four questions in their sections.
    write(core.ctx, (tx) => tx.insert('cases', { id: 'c-2', reference: 'NEW-2', team: 'South', worker: '', case_type: 'cin', age_band: '0-4', created_at: tx.at, updated_at: tx.at }));
    allocateTo(core.ctx, current, 'c-2');
    const fresh = await callOk<{ id: string }>(as(core), 'audits:start', { caseReference: 'NEW-2' });
    const audit = await callOk<AuditView>(as(core), 'audits:get', { id: fresh.id });
    expect(audit.templateId).toBe(builtin[1].id);
    expect(audit.template.version).toBe(2);
    const keysOf = (section: string) => audit.template.sections.find((s) => s.key === section)!.questions.map((q) => q.key);
    expect(keysOf('s3')).toEqual(expect.arrayContaining(['s3.graded_care_profile', 's3.risk_analysis']));
    expect(keysOf('s7')).toContain('s7.education');
    expect(keysOf('s8')).toContain('s8.plo_timely');

    // The comparison: exactly the four added questions, nothing removed or changed.
    signIn(core, 'Quinn Lead 2', 'qa-lead');
    const diff = await callOk<TemplateComparison>(as(core), 'templates:compare', { fromId: builtin[0].id, toId: builtin[1].id });
    expect(diff.total).toBe(4);
    expect(diff.questions.map((c) => [c.kind, c.key, c.after])).toEqual([
      ['added', 's3.graded_care_profile', 'Graded care profile used where neglect is a concern (section 3)'],
      ['added', 's3.risk_analysis', 'Risk from domestic abuse, parental substance misuse and parental mental health analysed, not only listed (section 3)'],
      ['added', 's7.education', 'Missing education and unmet learning needs identified and acted on with education partners (section 7)'],
      ['added', 's8.plo_timely', 'PLO / pre-proceedings started in time where they apply (section 8)'],
    ]);
    expect([...diff.sections, ...diff.rules, ...diff.concernWords, ...diff.settings]).toEqual([]);

    // Opening again seeds nothing more.
    core.close();
    cores.pop();
    const again = createCore({ dbFile: file, key, now: NOW });
    cores.push(again);
    const count = again.ctx.db.prepare('SELECT count(*) AS n FROM templates').get() as { n: number };
    expect(count.n).toBe(2);
  });
});
