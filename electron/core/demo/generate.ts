import { BUILTIN_TEMPLATE } from '../../../shared/domain/builtinTemplate';
import { addDays, londonDate } from '../../../shared/domain/dates';
import { createRng, type Rng } from '../../../shared/domain/random';
import { hashSync, type Algorithm } from '@node-rs/argon2';
import { PASSPHRASE_MIN } from '../../../shared/api/session';
import type { CoreContext } from '../context';
import { isFirstStart } from '../people/queries';
import { newId, prepared, write, type Tx } from '../write';
import { AGE_BANDS_BY_TYPE, AREAS, CHILD_SAID, DEMO_STAFF, DEMO_TEAMS, DEMO_WORKERS, EVIDENCE, KEY_FINDINGS, PARENT_SAID, STRENGTHS, TEAM_CASE_TYPES } from './data';

export interface DemoOptions {
  seed?: number;
  /** Every demo person's passphrase (default DEMO_PASSPHRASE). */
  passphrase?: string;
  cases?: number;
  audits?: number;
}

export interface DemoSummary {
  users: number;
  cases: number;
  audits: Record<string, number>;
}

/** The demo people's shared passphrase unless `plumbline demo --passphrase` says otherwise. */
export const DEMO_PASSPHRASE = 'demo-passphrase-2026';

/** firstname.lastname@demo.plumbline.test (a reserved domain: never a real address). */
export const demoEmail = (name: string): string => `${name.toLowerCase().replace(/[^a-z\s-]/g, '').trim().replace(/\s+/g, '.')}@demo.plumbline.test`;

const pick = <T>(rng: Rng, list: readonly T[]): T => list[rng.int(list.length)];

/** Extra demo content from later features (moderation records, actions, programmes) hooks in here. */
export type DemoExtension = (tx: Tx, rng: Rng, info: DemoInfo) => void;
export interface DemoInfo {
  today: string;
  userIds: Record<string, string>;
  auditIds: { id: string; caseId: string; status: string; auditorId: string; overall: number | null; submittedAt: string | null }[];
  caseIds: string[];
}
const extensions: DemoExtension[] = [];
export const registerDemoExtension = (extension: DemoExtension): void => void extensions.push(extension);

/** The status mix of demo audits: every state of the workflow. */
const STATUS_PLAN = ['draft', 'submitted', 'submitted', 'returned', 'in-moderation', 'agreed', 'agreed', 'agreed'] as const;

/** Fills an empty database with a realistic, reproducible demo (same seed, same data). */
export function generateDemo(ctx: CoreContext, options: DemoOptions = {}): DemoSummary {
  const rng = createRng(options.seed ?? 2026);
  const caseCount = options.cases ?? 240;
  const auditCount = options.audits ?? 64;
  const today = londonDate(ctx.now());
  const template = prepared(ctx.db, 'SELECT id FROM templates WHERE key = ? AND version = ?').get(BUILTIN_TEMPLATE.key, BUILTIN_TEMPLATE.version) as { id: string };
  const existing = prepared(ctx.db, 'SELECT count(*) AS n FROM cases').get() as { n: number };
  if (existing.n > 0) throw new Error('The database already has cases; the demo only fills an empty one.');
  if (!isFirstStart(ctx.db)) throw new Error('This database has people who sign in: it is a real database, and demo data never enters one. Make the demo in a separate file.');
  const passphrase = options.passphrase ?? DEMO_PASSPHRASE;
  if (passphrase.length < PASSPHRASE_MIN) throw new Error(`The demo passphrase must have at least ${PASSPHRASE_MIN} characters.`);
  // One hash for everyone: they share the passphrase anyway, and argon2id is slow on purpose.
  const passphraseHash = hashSync(passphrase, { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  // Marked before anything else (like the device id, outside the history): every page and export says so.
  prepared(ctx.db, "INSERT INTO meta (key, value) VALUES ('demo', '1') ON CONFLICT (key) DO UPDATE SET value = '1'").run();

  return write(ctx, (tx) => {
    const userIds: Record<string, string> = {};
    for (const staff of DEMO_STAFF) {
      const id = newId();
      userIds[staff.name] = id;
      tx.insert('users', {
        id,
        name: staff.name,
        email: demoEmail(staff.name),
        role: staff.role,
        job_title: staff.jobTitle,
        manages_teams: JSON.stringify(staff.manages),
        agency: null,
        active: 1,
        created_at: tx.at,
        updated_at: tx.at,
      });
      tx.db.prepare('UPDATE users SET passphrase_hash = ? WHERE id = ?').run(passphraseHash, id); // never a history row
    }
    const caseIds: string[] = [];
    const caseTeams: string[] = [];
    for (let i = 0; i < caseCount; i += 1) {
      const team = DEMO_TEAMS[i % DEMO_TEAMS.length];
      const caseType = pick(rng, TEAM_CASE_TYPES[team]);
      const id = newId();
      caseIds.push(id);
      caseTeams.push(team);
      tx.insert('cases', {
        id,
        reference: `DEMO-${String(10001 + i)}`,
        team,
        worker: pick(rng, DEMO_WORKERS),
        case_type: caseType,
        age_band: pick(rng, AGE_BANDS_BY_TYPE[caseType]),
        opened_on: addDays(today, -30 - rng.int(900)),
        closed_on: null,
        created_at: tx.at,
        updated_at: tx.at,
      });
    }
    const auditors = DEMO_STAFF.filter((s) => s.role === 'auditor');
    const counts: Record<string, number> = {};
    const info: DemoInfo = { today, userIds, auditIds: [], caseIds };
    for (let i = 0; i < auditCount; i += 1) {
      const caseIndex = (i * 3) % caseCount;
      const team = caseTeams[caseIndex];
      const eligible = auditors.filter((a) => !(a.manages as readonly string[]).includes(team));
      const auditor = eligible[i % eligible.length];
      const status = STATUS_PLAN[i % STATUS_PLAN.length];
      counts[status] = (counts[status] ?? 0) + 1;
      const created = addDays(today, -5 - rng.int(150));
      const auditId = newId();
      const quality = 1 + rng.int(4);
      const generous = i % 5 === 0;
      const sectionGrades = BUILTIN_TEMPLATE.sections.map((s) => {
        if (s.key === 's2' && rng.next() < 0.3) return 'na';
        return String(Math.min(4, Math.max(1, quality + rng.int(3) - 1)));
      });
      const graded = sectionGrades.filter((g) => g !== 'na').map(Number);
      const worst = Math.max(...graded);
      const overall = status === 'draft' ? null : Math.max(1, Math.min(worst, Math.round(graded.reduce((a, b) => a + b, 0) / graded.length) - (generous ? 1 : 0)));
      const submittedAt = status === 'draft' ? null : `${addDays(created, 3)}T10:00:00.000Z`;
      tx.insert('audits', {
        id: auditId,
        case_id: caseIds[caseIndex],
        template_id: template.id,
        programme_id: null,
        auditor_id: userIds[auditor.name],
        status,
        revision: 1,
        overall_grade: overall === null ? null : String(overall),
        key_findings: status === 'draft' && i % 2 === 0 ? '' : pick(rng, KEY_FINDINGS),
        strengths: JSON.stringify([pick(rng, STRENGTHS), pick(rng, STRENGTHS)].filter((v, k, a) => a.indexOf(v) === k)),
        areas: JSON.stringify([pick(rng, AREAS)]),
        feedback: JSON.stringify({
          child: { spokenTo: 'yes', reason: '', said: pick(rng, CHILD_SAID), view: pick(rng, ['helpful', 'mixed'] as const) },
          parent: { spokenTo: rng.next() < 0.8 ? 'yes' : 'no', reason: 'Declined to take part', said: pick(rng, PARENT_SAID), view: pick(rng, ['helpful', 'mixed', 'not-helpful'] as const) },
        }),
        justification: '',
        returned_reason: status === 'returned' ? 'Section 8 grade is not supported by the evidence: no supervision for four months. Please review.' : '',
        follows_audit_id: null,
        created_at: `${created}T09:00:00.000Z`,
        updated_at: `${created}T09:30:00.000Z`,
        submitted_at: submittedAt,
      });
      const sectionsToFill = status === 'draft' ? 4 + rng.int(5) : BUILTIN_TEMPLATE.sections.length;
      BUILTIN_TEMPLATE.sections.slice(0, sectionsToFill).forEach((section, k) => {
        const grade = sectionGrades[k];
        tx.insert('audit_sections', { audit_id: auditId, section_key: section.key, grade, evidence: grade === 'na' ? 'Not a child protection case.' : pick(rng, EVIDENCE[Number(grade)]) }, { entity: 'audit', entityId: auditId, fieldPrefix: `section.${section.key}.` });
        for (const q of section.questions) {
          const answer = grade === 'na' ? 'na' : pick(rng, Number(grade) <= 2 ? ['yes', 'yes', 'partly'] : ['partly', 'no', 'yes']);
          tx.insert('audit_answers', { audit_id: auditId, question_key: q.key, answer }, { entity: 'audit', entityId: auditId, fieldPrefix: `answer.${q.key}` });
        }
      });
      // Asked once per audit ("child left at significant risk without intervention").
      if (status !== 'draft') {
        for (const q of BUILTIN_TEMPLATE.auditQuestions ?? []) {
          tx.insert('audit_answers', { audit_id: auditId, question_key: q.key, answer: 'no' }, { entity: 'audit', entityId: auditId, fieldPrefix: `answer.${q.key}` });
        }
      }
      info.auditIds.push({ id: auditId, caseId: caseIds[caseIndex], status, auditorId: userIds[auditor.name], overall, submittedAt });
    }
    for (const extension of extensions) extension(tx, rng, info);
    return { users: DEMO_STAFF.length, cases: caseCount, audits: counts };
  });
}
