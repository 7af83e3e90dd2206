/**
 * Natural keys taken twice while apart (decision 48): two laptops each make a case with the same
 * reference, a template version with the same number, a person with the same email, a
 * moderation of the same audit and an open flag on it. Merging must not throw (it used to: the
 * UNIQUE constraints stopped every later sync or import for good); both records are kept, listed
 * as duplicates, the same on every device in any order, and through a real team server too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../electron/core/history/verify';
import { principalForPerson, withPrincipal } from '../../electron/core/policy/principal';
import { listConflicts, resolveConflict } from '../../electron/core/sync/conflicts';
import { applyChanges, stateHash } from '../../electron/core/sync/index';
import { joinTeam } from '../../electron/core/teamsync/join';
import { syncNow } from '../../electron/core/teamsync/sync';
import { newId, write } from '../../electron/core/write';
import type { CoreContext } from '../../electron/core/context';
import { engines, LEAD, startTestServer } from '../support/teamServer';
import type { TestCore } from './helpers';
import { everything, laptopPool } from './mergeFixtures';

const { laptop: core } = laptopPool();
const duplicates = (c: TestCore) => c.ctx.db.prepare("SELECT id, tbl, row_key, col, resolved_at FROM conflicts WHERE kind = 'duplicate' ORDER BY id").all();
const count = (c: TestCore, sql: string, ...args: unknown[]): number => (c.ctx.db.prepare(sql).get(...args) as { n: number }).n;

/** What one laptop makes while apart: every natural key of the schema, taken once more. */
function takeEveryNaturalKey(ctx: CoreContext, auditId: string, moderatorId: string, reference: string): void {
  write(ctx, (tx) => {
    tx.insert('cases', { id: newId(), reference, team: 'North', worker: 'Ash', case_type: 'cin', age_band: '5-9', created_at: tx.at, updated_at: tx.at });
    tx.insert('templates', { id: newId(), key: 'ilacs-case-file', version: 9, name: 'Audit v9', status: 'draft', definition: '{}', created_at: tx.at });
    tx.insert('users', { id: newId(), name: 'Pat Newstarter', email: 'pat.newstarter@council.example', role: 'auditor', job_title: '', manages_teams: '[]', active: 1, created_at: tx.at, updated_at: tx.at });
    tx.insert('moderations', { id: newId(), audit_id: auditId, audit_revision: 1, mode: 'open', moderator_id: moderatorId, status: 'grading', started_at: tx.at, return_reasons: '[]' });
    tx.insert('moderation_flags', { id: newId(), audit_id: auditId, kind: 'auditor-outside-tolerance', message: 'Outside tolerance', raised_at: tx.at });
  });
}

describe('natural keys taken twice while apart', () => {
  it('merges without throwing, keeps both records, lists them the same everywhere, and settles when corrected', () => {
    const one = core();
    const leadId = one.actAs('Lea Lead', 'qa-lead');
    const auditorId = newId();
    const caseId = newId();
    const auditId = newId();
    const templateId = (one.ctx.db.prepare('SELECT id FROM templates LIMIT 1').get() as { id: string }).id;
    write(one.ctx, (tx) => {
      tx.insert('users', { id: auditorId, name: 'Sam Auditor', email: 'sam@council.example', role: 'auditor', job_title: '', manages_teams: '[]', active: 1, created_at: tx.at, updated_at: tx.at });
      tx.insert('cases', { id: caseId, reference: 'NR-1', team: 'North', worker: 'Ash', case_type: 'cin', age_band: '5-9', created_at: tx.at, updated_at: tx.at });
      tx.insert('audits', { id: auditId, case_id: caseId, template_id: templateId, auditor_id: auditorId, status: 'submitted', created_at: tx.at, updated_at: tx.at, submitted_at: tx.at });
    });
    const two = core();
    applyChanges(two.ctx, everything(one));
    const moderatorId = two.actAs('Mo Moderator', 'moderator');
    applyChanges(one.ctx, everything(two));

    // Apart: each takes every natural key once more (the reference differs only in case).
    one.setNow('2026-11-23T11:00:00Z');
    two.setNow('2026-11-23T11:00:05Z');
    takeEveryNaturalKey(one.ctx, auditId, leadId, 'nr-7');
    takeEveryNaturalKey(two.ctx, auditId, moderatorId, 'NR-7');
    const three = core();
    for (const c of [one, two, three]) c.setNow('2026-11-23T11:00:30Z');

    // Today's code threw "UNIQUE constraint failed" here, in both directions.
    const fromOne = everything(one);
    const fromTwo = everything(two);
    expect(() => applyChanges(two.ctx, fromOne)).not.toThrow();
    expect(() => applyChanges(one.ctx, fromTwo)).not.toThrow();

    // A third laptop receiving everything in the other order, in small batches.
    const all = [...fromTwo, ...fromOne].reverse();
    for (let i = 0; i < all.length; i += 5) applyChanges(three.ctx, all.slice(i, i + 5));

    for (const c of [one, two, three]) {
      expect(count(c, "SELECT count(*) AS n FROM cases WHERE reference = 'NR-7'")).toBe(2);
      expect(count(c, "SELECT count(*) AS n FROM templates WHERE key = 'ilacs-case-file' AND version = 9")).toBe(2);
      expect(count(c, "SELECT count(*) AS n FROM users WHERE lower(email) = 'pat.newstarter@council.example'")).toBe(2);
      expect(count(c, 'SELECT count(*) AS n FROM moderations WHERE audit_id = ? AND finished_at IS NULL', auditId)).toBe(2);
      expect(count(c, 'SELECT count(*) AS n FROM moderation_flags WHERE audit_id = ? AND resolved_at IS NULL', auditId)).toBe(2);
      expect(verifyHistory(c.ctx.db).ok).toBe(true);
    }
    const hash = stateHash(one.ctx);
    expect(stateHash(two.ctx)).toBe(hash);
    expect(stateHash(three.ctx)).toBe(hash);
    const listed = duplicates(one) as { col: string }[];
    expect(listed.map((d) => d.col).sort()).toEqual(['active moderation', 'email', 'open flag', 'reference', 'version']);
    expect(duplicates(two)).toEqual(listed);
    expect(duplicates(three)).toEqual(listed);

    // The QA lead sees them on the Conflicts page, named as people know them, and may keep both.
    const lead = withPrincipal(one.baseCtx, principalForPerson(one.ctx.db, leadId));
    const entries = listConflicts(lead, false).filter((e) => e.kind === 'duplicate');
    expect(entries).toHaveLength(5);
    const reference = entries.find((e) => e.field === 'reference')!;
    expect(reference.record).toMatch(/^Case NR-7$/i);
    expect(String(reference.current.value)).toMatch(/^Case NR-7$/i);
    const email = entries.find((e) => e.field === 'email')!;
    expect(email.record).toBe('Person Pat Newstarter (pat.newstarter@council.example)');
    resolveConflict(lead, email.id, 'current');
    // The moderator made one record of each pair, so they are concerned in each; the resolved one is gone.
    const mo = withPrincipal(two.baseCtx, principalForPerson(two.ctx.db, moderatorId));
    applyChanges(two.ctx, everything(one));
    const theirs = listConflicts(mo, false).map((e) => e.field);
    expect(theirs).toContain('active moderation');
    expect(theirs).not.toContain('email'); // resolved on the lead's laptop, and that reached this one

    // Correcting the reference where cases are edited settles it, here and wherever the change goes.
    const second = (one.ctx.db.prepare("SELECT id FROM cases WHERE reference = 'NR-7' ORDER BY id DESC LIMIT 1").get() as { id: string }).id;
    write(lead, (tx) => tx.update('cases', { id: second }, { reference: 'NR-8' }));
    expect(listConflicts(lead, false).some((e) => e.field === 'reference')).toBe(false);
    applyChanges(two.ctx, everything(one));
    applyChanges(three.ctx, everything(one));
    for (const c of [one, two, three]) expect((duplicates(c) as { col: string }[]).some((d) => d.col === 'reference')).toBe(false);
    expect(duplicates(two)).toEqual(duplicates(one));
    expect(duplicates(three)).toEqual(duplicates(one));
    expect(stateHash(two.ctx)).toBe(stateHash(one.ctx));
  }, 120_000);
});

const ENGINES = engines();
afterAll(async () => {
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

describe.each(ENGINES)('the same reference made on two laptops, through a team server on $name', (engine) => {
  it('both push, both pull, nothing is refused or stuck, both records are on the server and listed on each laptop', async () => {
    const server = await startTestServer(await engine.fresh());
    try {
      const a = core();
      const b = core();
      for (const l of [a, b]) {
        l.setNow(new Date().toISOString());
        const joined = await joinTeam(l.baseCtx, { server: server.url, login: LEAD.email, passphrase: LEAD.passphrase });
        expect(joined.refused).toBeNull();
      }
      const as = (l: TestCore) => withPrincipal(l.baseCtx, principalForPerson(l.baseCtx.db, server.leadId));
      for (const [l, ref] of [[a, 'DUP-1'], [b, 'dup-1']] as const) {
        write(as(l), (tx) => tx.insert('cases', { id: newId(), reference: ref, team: 'North', worker: 'Ash', case_type: 'cp', age_band: '0-4', created_at: tx.at, updated_at: tx.at }));
      }
      for (let round = 0; round < 2; round++) for (const l of [a, b]) await syncNow(l.baseCtx);
      for (const l of [a, b]) {
        expect(count(l, "SELECT count(*) AS n FROM cases WHERE reference = 'DUP-1'")).toBe(2);
        expect(listConflicts(as(l), false).filter((e) => e.kind === 'duplicate' && e.field === 'reference')).toHaveLength(1);
      }
      expect(stateHash(a.ctx)).toBe(stateHash(b.ctx));
      const onServer = [...server.view.state.rows('cases')].filter(([, r]) => String(r.reference).toLowerCase() === 'dup-1');
      expect(onServer).toHaveLength(2);
    } finally {
      await server.close();
    }
  }, 180_000);
});
